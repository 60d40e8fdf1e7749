import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faultCases, runFaultCase } from '../soak/faultSweep'

// A full disk (ENOSPC), a denied permission (EACCES) and a busy file (EBUSY) at every step of
// every kind of save: opening, writing, flushing the file, keeping the previous generation,
// renaming it into place and flushing the folder. Root ignores permissions here, so the faults
// are real Node errors thrown at the file-system boundary the store writes through.

describe('a save that meets a disk fault', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'factwork-faults-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it.each(faultCases().map((c) => [c.save, c.step, c.code, c] as const))(
    'fails at once naming the file, leaves the previous files intact and succeeds once the fault clears: %s, %s, %s',
    async (_save, _step, _code, faultCase) => {
      const outcome = await runFaultCase(faultCase, root)
      expect(outcome.hits).toBeGreaterThan(0)
      expect(outcome.failed).toBe(true)
      expect(outcome.message).toContain('projects/p1.')
      expect(outcome.message).toContain(faultCase.code)
      expect(outcome.msToFailure).toBeLessThan(1000)
      expect(outcome.previousIntact).toBe(true)
      expect(outcome.stateIntact).toBe(true)
      expect(outcome.recovered).toBe(true)
      expect(outcome.durable).toBe(true)
    }
  )
})
