// npm run soak: the long runs of the durability harnesses, with their figures written to
// tests/soak/results.json (and summarised on standard output). docs/reliability.md quotes them.
//
//   kill harness      ≥ 1,000 SIGKILLs of a process saving through the real store
//   browser host      SIGKILLs of `factwork serve` while a client saves over HTTP (needs a build)
//   corruption fuzzer ≥ 1,000 damaged project files and journals
//   fault injection   ENOSPC, EACCES, EBUSY at every step of every kind of save, repeated
//   save latency      acknowledged small saves on workload W-L (1 MB article, 10,000 annotations)
//   hostile inputs    ≥ 10,000 generated or mutated pages, Markdown, annotation files and archives
//                     through the importers; ≥ 1,000 of them shown in Chromium and ≥ 1,000 exported
//                     pages opened there; hostile requests to `factwork serve` and the command line
//
// Exits 1 when any run found a problem. Sizes can be lowered for a quick look:
// SOAK_KILLS, SOAK_SERVE_KILLS, SOAK_VARIANTS, SOAK_FAULT_ROUNDS, SOAK_SAVES, SOAK_HOSTILE_INPUTS,
// SOAK_HOSTILE_DOCUMENTS, SOAK_HOSTILE_PAGES. SOAK_ONLY=hostile runs the hostile harnesses alone
// and replaces only their entry of results.json. SOAK_KEEP=1 keeps the run's stores and pages.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCorruptionFuzzer } from './corruptionFuzzer'
import { faultCases, runFaultCase, type FaultOutcome } from './faultSweep'
import { runKillHarness } from './killHarness'
import { measureSaveLatency } from './saveLatency'
import { runServeKills } from './serveKills'
import { hostileProblems, runHostileSoak, type HostileFigures } from './hostile/soak'

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const log = (line: string) => process.stderr.write(`${line}\n`)

async function faultRounds(rounds: number, root: string) {
  const started = performance.now()
  const outcomes: FaultOutcome[] = []
  for (let round = 0; round < rounds; round++) {
    for (const faultCase of faultCases()) outcomes.push(await runFaultCase(faultCase, root))
  }
  const count = (test: (o: FaultOutcome) => boolean) => outcomes.filter(test).length
  const failures = outcomes
    .filter((o) => !(o.hits > 0 && o.failed && o.namesFileAndCode && o.msToFailure < 1000 && o.previousIntact && o.stateIntact && o.recovered && o.durable))
    .slice(0, 20)
    .map((o) => `${o.save}, ${o.step}, ${o.code}: ${JSON.stringify(o)}`)
  const slowest = Math.max(...outcomes.map((o) => o.msToFailure))
  return {
    cases: faultCases().length,
    rounds,
    runs: outcomes.length,
    faultHit: count((o) => o.hits > 0),
    failedAtOnce: count((o) => o.failed && o.msToFailure < 1000),
    slowestFailureMs: Math.round(slowest * 10) / 10,
    messageNamesFileAndCode: count((o) => o.namesFileAndCode),
    previousFilesIntact: count((o) => o.previousIntact),
    acknowledgedStateIntact: count((o) => o.stateIntact),
    succeededOnceCleared: count((o) => o.recovered),
    durableAfterwards: count((o) => o.durable),
    elapsedMs: Math.round(performance.now() - started),
    failures
  }
}

/** The hostile-input harnesses at their soak sizes, with a one-line summary of each. */
async function hostileRuns(root: string, seed: number): Promise<{ hostile: HostileFigures & { elapsedMs: number }; problems: string[] }> {
  const started = performance.now()
  const figures = await runHostileSoak({
    root,
    seed,
    inputs: size('SOAK_HOSTILE_INPUTS', 10_000),
    documents: size('SOAK_HOSTILE_DOCUMENTS', 1000),
    pages: size('SOAK_HOSTILE_PAGES', 1000),
    log
  })
  const { node, chromium, requests } = figures
  log(
    `hostile inputs: ${node.inputs} (${Object.entries(node.byKind).map(([k, t]) => `${k} ${t.inputs}`).join(', ')}), ${node.imported} imported, ${node.refused} refused; ` +
      `crashes ${node.crashes}, hangs ${node.hangs}, unsafe stored ${node.unsafeStored}, forbidden markup ${node.forbiddenMarkup} in ${node.exportsChecked} exports (${Math.round(node.elapsedMs / 1000)} s)`
  )
  log(
    'skipped' in chromium
      ? `hostile documents in Chromium: skipped, ${chromium.skipped}`
      : `hostile documents in Chromium: ${chromium.documentsRendered} shown, ${chromium.pagesOpened} exported pages opened; payloads ran ${chromium.scriptExecutions}, dialogs ${chromium.dialogs}, requests out ${chromium.foreignRequests} (${Math.round(chromium.elapsedMs / 1000)} s)`
  )
  log(
    'skipped' in requests
      ? `hostile requests: skipped, ${requests.skipped}`
      : `hostile requests: ${requests.refused} of ${requests.requests} refused, ${requests.accepted} accepted; command lines ${requests.cli.refused} of ${requests.cli.runs} refused (${Math.round(requests.elapsedMs / 1000)} s)`
  )
  return { hostile: { ...figures, elapsedMs: Math.round(performance.now() - started) }, problems: hostileProblems(figures) }
}

async function main(): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'factwork-soak-'))
  const started = performance.now()
  const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31)
  try {
    log(`factwork soak: seed ${seed}, working in ${root}`)

    if (process.env.SOAK_ONLY === 'hostile') {
      // The other entries of results.json are kept as their last run left them.
      const { hostile, problems } = await hostileRuns(root, seed)
      const previous = JSON.parse(await readFile(RESULTS, 'utf8').catch(() => '{}')) as Record<string, unknown>
      await writeFile(RESULTS, `${JSON.stringify({ ...previous, hostile: { finishedAt: new Date().toISOString(), seed, ...hostile } }, null, 2)}\n`)
      for (const problem of problems) log(`PROBLEM: ${problem}`)
      return problems.length ? 1 : 0
    }

    log('save latency on W-L…')
    const latency = {
      defaultPolicy: await measureSaveLatency({ root, saves: size('SOAK_SAVES', 1000) }),
      foldEvery100: await measureSaveLatency({ root, saves: size('SOAK_SAVES', 1000), fold: { maxRecords: 100 } })
    }

    log('fault injection…')
    const faults = await faultRounds(size('SOAK_FAULT_ROUNDS', 5), root)

    log('corruption fuzzer…')
    const corruption = await runCorruptionFuzzer({
      variants: size('SOAK_VARIANTS', 1300),
      seed,
      root,
      onProgress: (r) => log(`  ${r.variants} variants, ${r.failures.length} failures`)
    })

    log('kill harness…')
    let shown = 0
    const kill = await runKillHarness({
      kills: size('SOAK_KILLS', 1000),
      maxDelayMs: 150,
      killsPerStore: 50,
      lanes: 2,
      seed,
      root,
      onProgress: (r) => {
        if (r.kills >= shown + 50) {
          shown = r.kills
          log(`  ${r.kills} kills in one lane, ${r.acknowledged} acknowledged, ${r.lostAcknowledged} lost, ${r.corruptFiles} corrupt`)
        }
      }
    })

    log('kills of the browser host…')
    const serve = await runServeKills({ kills: size('SOAK_SERVE_KILLS', 100), maxDelayMs: 600, root, seed })

    log('hostile inputs and requests…')
    const { hostile, problems: hostileFound } = await hostileRuns(root, seed)

    const results = {
      finishedAt: new Date().toISOString(),
      seed,
      machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
      elapsedMs: Math.round(performance.now() - started),
      kill: { ...kill, elapsedMs: Math.round(kill.elapsedMs) },
      serve: { ...serve, elapsedMs: Math.round(serve.elapsedMs) },
      corruption: { ...corruption, elapsedMs: Math.round(corruption.elapsedMs) },
      faults,
      latency,
      hostile: { finishedAt: new Date().toISOString(), seed, ...hostile }
    }
    await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`)

    const problems = [
      ...kill.failures,
      ...serve.failures,
      ...corruption.failures,
      ...faults.failures,
      ...(kill.lostAcknowledged || kill.corruptFiles ? [`kill harness: ${kill.lostAcknowledged} lost, ${kill.corruptFiles} corrupt`] : []),
      ...(serve.lostAcknowledged || serve.corruptFiles ? [`browser host kills: ${serve.lostAcknowledged} lost, ${serve.corruptFiles} corrupt`] : []),
      ...(latency.defaultPolicy.p95Ms > 100 ? [`save latency p95 ${latency.defaultPolicy.p95Ms} ms is over 100 ms`] : []),
      ...hostileFound
    ]
    log('')
    log(`kills: ${kill.kills}, acknowledged saves: ${kill.acknowledged}, lost acknowledged: ${kill.lostAcknowledged}, corrupt files: ${kill.corruptFiles} (${Math.round(kill.elapsedMs / 1000)} s)`)
    log(
      serve.skipped
        ? `browser host kills: skipped, ${serve.skipped}`
        : `browser host kills: ${serve.kills}, acknowledged saves: ${serve.acknowledged}, lost acknowledged: ${serve.lostAcknowledged}, corrupt files: ${serve.corruptFiles} (${Math.round(serve.elapsedMs / 1000)} s)`
    )
    log(
      `corruption variants: ${corruption.variants}, damaged ${corruption.damaged}: named by list ${corruption.namedByList}, check ${corruption.namedByCheck}, get ${corruption.namedByGet}; ` +
        `never overwritten ${corruption.neverOverwritten}; crash-cut journals recovered ${corruption.cutJournalsRecovered}/${corruption.cutJournals} (${Math.round(corruption.elapsedMs / 1000)} s)`
    )
    log(`faults: ${faults.runs} runs, previous files intact ${faults.previousFilesIntact}, succeeded once cleared ${faults.succeededOnceCleared}, slowest failure ${faults.slowestFailureMs} ms`)
    log(`save latency on W-L: p50 ${latency.defaultPolicy.p50Ms} ms, p95 ${latency.defaultPolicy.p95Ms} ms, max ${latency.defaultPolicy.maxMs} ms`)
    log(`total ${Math.round((performance.now() - started) / 1000)} s; figures in ${RESULTS}`)
    for (const problem of problems) log(`PROBLEM: ${problem}`)
    return problems.length ? 1 : 0
  } finally {
    if (process.env.SOAK_KEEP) log(`kept the run's files in ${root}`)
    else await rm(root, { recursive: true, force: true })
  }
}

process.exitCode = await main()
