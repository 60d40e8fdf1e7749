import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBrowserFuzz } from '../soak/hostile/browserFuzz'
import { launchChromium, startHost } from './harness'

describe('hostile documents in Chromium', () => {
  it('are shown by the app and opened as exported pages without running a payload, loading anything or keeping forbidden markup', async () => {
    const root = await mkdtemp(join(tmpdir(), 'factwork-hostile-e2e-'))
    try {
      const report = await runBrowserFuzz({ tools: { launchChromium, startHost }, seed: 20260101, documents: 60, pages: 60, root })
      console.log(
        `hostile documents in Chromium: ${report.filesImported} of ${report.filesSent} files imported into ${report.projects} projects, ` +
          `${report.annotationsSaved} annotations saved, ${report.documentsRendered} documents shown, ${report.pagesOpened} exported pages opened (${Math.round(report.elapsedMs / 1000)} s)`
      )
      // The watch sees what it watches for: a control page's payloads ran, opened a dialog, and its
      // request was blocked.
      expect(report.control.payloadsRan).toBeGreaterThanOrEqual(2)
      expect(report.control.dialogs).toBeGreaterThanOrEqual(1)
      expect(report.control.requestsBlocked).toBeGreaterThanOrEqual(1)
      expect(report.failures).toEqual([])
      expect(report).toMatchObject({ scriptExecutions: 0, dialogs: 0, foreignRequests: 0, navigationsAway: 0, forbiddenInApp: 0, forbiddenInPages: 0, consoleErrors: 0, pageErrors: 0, documentsNotShown: 0, pagesNotLoaded: 0 })
      expect(report.documentsRendered).toBeGreaterThanOrEqual(60)
      expect(report.pagesOpened).toBe(60)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }, 180_000)
})
