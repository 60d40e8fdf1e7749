import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAMAGE_KINDS, runCorruptionFuzzer } from '../soak/corruptionFuzzer'

// The short run of the corruption fuzzer (npm run soak runs at least 1,000 variants): truncated,
// NUL-filled, bit-flipped, empty and schema-invalid project files, and journals with flipped bits,
// overwritten bytes, invalid, missing, swapped or inapplicable records.

describe('a damaged project file or journal', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'factwork-corruption-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('is named by list, check and get, never overwritten, viewable read-only and restorable, while the healthy projects stay listed', async () => {
    const report = await runCorruptionFuzzer({ variants: DAMAGE_KINDS.length * 8, seed: 20260101, root })
    expect(report.failures).toEqual([])
    expect(report.variants).toBe(104)
    expect(report.damaged).toBe(96)
    for (const count of [report.namedByList, report.namedByCheck, report.namedByGet, report.neverOverwritten, report.openedReadOnly, report.restored]) {
      expect(count).toBe(report.damaged)
    }
    expect(report.healthyStillListed).toBe(report.variants)
  })

  it('opens with every earlier edit when its journal was cut short inside its last record, as a crash leaves it', async () => {
    const report = await runCorruptionFuzzer({ variants: DAMAGE_KINDS.length * 2, seed: 7, root })
    expect(report.cutJournals).toBe(2)
    expect(report.cutJournalsRecovered).toBe(2)
  })
})
