import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runKillHarness } from '../soak/killHarness'

// The short run of the kill harness (npm run soak kills at least 1,000 times): a process saving
// edits through the real store is SIGKILLed at random moments — in appends, in folds, in file
// rewrites — and the next process must find every acknowledged edit and no unreadable file.

describe('a process killed while it saves', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'factwork-crash-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('leaves no corrupt file and loses no acknowledged edit, 50 kills over', async () => {
    const report = await runKillHarness({ kills: 50, maxDelayMs: 100, killsPerStore: 25, lanes: 2, seed: 1, root })
    expect(report.failures).toEqual([])
    expect(report.kills).toBe(50)
    expect(report.acknowledged).toBeGreaterThan(200)
    expect(report.lostAcknowledged).toBe(0)
    expect(report.corruptFiles).toBe(0)
    expect(report.lockTakeovers).toBe(50)
  }, 120_000)
})
