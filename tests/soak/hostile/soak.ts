import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runHostileRequests, type HostileRequestReport } from '../hostileRequests'
import { runBrowserFuzz, type BrowserFuzzReport } from './browserFuzz'
import { runNodeFuzz, type NodeFuzzReport } from './nodeFuzz'

// The long runs of the hostile-input harnesses, for `npm run soak`: the Node fuzzer over
// 10,000 inputs, a Chromium sample of at least 1,000 documents and 1,000 exported pages, and the
// hostile requests against a real `factwork serve` and the command line.

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** The figures written to tests/soak/results.json under `hostile`. */
export interface HostileFigures {
  node: NodeFuzzReport
  chromium: BrowserFuzzReport | { skipped: string }
  requests: HostileRequestReport | { skipped: string }
}

/** The end-to-end harness, loaded as CommonJS: it finds its folder with `__dirname`. */
function harness(): typeof import('../../e2e/harness') {
  return createRequire(import.meta.url)('../../e2e/harness.ts') as typeof import('../../e2e/harness')
}

/** What went wrong in a run, as sentences; none when every count that must be 0 is. */
export function hostileProblems(figures: HostileFigures): string[] {
  const { node, chromium, requests } = figures
  const zero = (where: string, counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, n]) => n !== 0)
      .map(([what, n]) => `${where}: ${what} ${n}`)
  return [
    ...zero('hostile inputs', {
      crashes: node.crashes,
      hangs: node.hangs,
      'refusals not naming the file': node.unnamedRefusals,
      'refusals that stored something': node.storedOnRefusal,
      'unsafe stored projects': node.unsafeStored,
      'exported pages with forbidden markup': node.forbiddenMarkup,
      'corrupt stores': node.corruptStores,
      'other project changed': node.otherProjectChanged,
      'prototype polluted': node.prototypePolluted,
      'archives not refused before inflating': node.archivesToRefuseBeforeInflating - node.archivesRefusedBeforeInflating
    }),
    ...node.bombs.filter((b) => b.refusal === 'imported' || b.peakRiseMb >= 64).map((b) => `hostile inputs: the bomb "${b.bomb}" was ${b.refusal === 'imported' ? 'imported' : `refused with the peak memory ${b.peakRiseMb} MB higher`}`),
    ...('skipped' in chromium
      ? []
      : zero('Chromium', {
          'payloads that ran': chromium.scriptExecutions,
          dialogs: chromium.dialogs,
          'requests leaving the page': chromium.foreignRequests,
          'navigations away': chromium.navigationsAway,
          'documents with forbidden markup': chromium.forbiddenInApp,
          'exported pages with forbidden markup': chromium.forbiddenInPages,
          'console errors': chromium.consoleErrors,
          'page errors': chromium.pageErrors,
          'documents not shown': chromium.documentsNotShown,
          'exported pages not loaded': chromium.pagesNotLoaded,
          'control page unseen': chromium.control.payloadsRan && chromium.control.dialogs && chromium.control.requestsBlocked ? 0 : 1
        })),
    ...('skipped' in requests
      ? []
      : zero('hostile requests', {
          accepted: requests.accepted,
          'server errors': requests.serverErrors,
          'store changed': requests.storeChanged,
          'files outside': requests.filesOutside,
          'projects changed': requests.projectsChanged,
          'store problems': requests.storeProblems,
          'command lines accepted': requests.cli.accepted,
          'command-line crashes': requests.cli.crashes,
          'command lines writing outside --out': requests.cli.filesWrittenOutsideOut,
          'command lines printing control characters': requests.cli.controlCharactersPrinted
        })),
    ...node.failures,
    ...('skipped' in chromium ? [] : chromium.failures),
    ...('skipped' in requests ? [] : requests.failures)
  ]
}

/** Run the three hostile harnesses at their soak sizes under `root`. The Chromium sample and the
 *  requests to `factwork serve` need the built app, and are skipped (saying so) without it. */
export async function runHostileSoak(options: { root: string; seed: number; inputs: number; documents: number; pages: number; log: (line: string) => void }): Promise<HostileFigures> {
  const { log } = options
  log(`hostile inputs (Node, ${options.inputs})…`)
  const node = await runNodeFuzz({
    count: options.inputs,
    seed: options.seed,
    root: await mkdtemp(join(options.root, 'hostile-node-')),
    onProgress: (r) => log(`  ${r.inputs} inputs, ${r.imported} imported, ${r.refused} refused, ${r.crashes} crashes, ${r.hangs} hangs, ${r.failures.length} problems`)
  })
  const built = existsSync(join(ROOT, 'out', 'renderer', 'index.html'))
  let chromium: HostileFigures['chromium'] = { skipped: 'the app is not built (npm run build)' }
  let requests: HostileFigures['requests'] = { skipped: 'the app is not built (npm run build)' }
  if (built) {
    const tools = harness()
    log(`hostile documents in Chromium (${options.documents} documents, ${options.pages} exported pages)…`)
    chromium = await runBrowserFuzz({
      tools,
      seed: options.seed,
      documents: options.documents,
      pages: options.pages,
      root: await mkdtemp(join(options.root, 'hostile-chromium-')),
      onProgress: (r) => {
        if (r.projects % 20 === 0) log(`  ${r.documentsRendered} documents shown, ${r.scriptExecutions} payloads ran, ${r.failures.length} problems`)
      }
    })
    log('hostile requests to factwork serve and the command line…')
    requests = await runHostileRequests({ startHost: (home) => tools.startHost(home), root: await mkdtemp(join(options.root, 'hostile-requests-')) })
  }
  return { node, chromium, requests }
}
