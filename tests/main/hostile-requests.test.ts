import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../main/projectStore'
import { seedSamples } from '../../main/samples'
import { sourceRoot } from '../../main/paths'
import { startServer } from '../../main/server'
import { createWorkbench } from '../../main/workbench'
import type { Host } from '../e2e/harness'
import { runHostileRequests } from '../soak/hostileRequests'

/** The browser host in this process, as `factwork serve` starts it: the store's lock, the example
 *  project, the server over a renderer folder of its own. */
async function startHost(home: string): Promise<Host> {
  const site = await mkdtemp(join(tmpdir(), 'factwork-site-'))
  await mkdir(join(site, 'assets'))
  await writeFile(join(site, 'index.html'), '<!doctype html><title>Factwork</title>')
  const opened = await ProjectStore.openExclusive(home, 'factwork serve')
  if (!opened.ok) throw new Error(opened.message)
  const store = opened.value
  const workbench = createWorkbench({ store, host: 'browser', version: '0.1.0' })
  await seedSamples(home, sourceRoot(), (name, bytes) => workbench.importFile(name, bytes))
  const server = await startServer({ api: workbench, rendererDir: site, log: () => undefined })
  return {
    url: server.url,
    origin: server.origin,
    home,
    stderr: () => '',
    stop: async () => {
      await server.close()
      await store.close()
      await rm(site, { recursive: true, force: true })
    }
  }
}

describe('hostile requests', () => {
  it('to the browser host and the command line are each refused, leaving every file and project as it was', async () => {
    const root = await mkdtemp(join(tmpdir(), 'factwork-requests-'))
    try {
      const report = await runHostileRequests({ startHost, root })
      console.log(
        `hostile requests: ${report.requests} refused ${report.refused} (${Object.entries(report.byGroup).map(([g, t]) => `${g} ${t.refused}/${t.sent}`).join(', ')}); ` +
          `${report.namesKeptAsLabels} hostile file names kept as labels; command lines: ${report.cli.refused} of ${report.cli.runs} refused, ${report.cli.importedAsLabels} imported as labels (${Math.round(report.elapsedMs / 1000)} s)`
      )
      expect(report.failures).toEqual([])
      expect(report).toMatchObject({ accepted: 0, serverErrors: 0, storeChanged: 0, filesOutside: 0, projectsChanged: 0, storeProblems: 0 })
      expect(report.cli).toMatchObject({ accepted: 0, crashes: 0, filesWrittenOutsideOut: 0, controlCharactersPrinted: 0 })
      expect(report.refused).toBe(report.requests)
      expect(report.requests).toBeGreaterThan(1000)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }, 120_000)
})
