import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PROJECT_FILE_VERSION, type ProjectFile } from '../../data/project'
import { encodeRecord, JournalFile, parseJournal, replayJournal, type JournalEntry } from '../../main/journal'
import { addClaim, NOW, sampleProject, setNote } from '../soak/projects'

const project = sampleProject('p1')
const file: ProjectFile = { version: PROJECT_FILE_VERSION, project }

/** Three saved edits on top of `project`: revisions 1, 2 and 3. */
const entries: JournalEntry[] = [
  { revision: 1, at: '2026-01-02T00:00:00.000Z', changes: addClaim(project, 'a1') },
  { revision: 2, at: '2026-01-03T00:00:00.000Z', changes: setNote('a1', 'checked with the ministry') },
  { revision: 3, at: '2026-01-04T00:00:00.000Z', changes: addClaim(project, 'a22') }
]
const journal = Buffer.concat(entries.map(encodeRecord))

describe('the journal of saved edits', () => {
  it('reads back every record it wrote', () => {
    const contents = parseJournal(journal)
    expect(contents).toMatchObject({ validLength: journal.length, torn: false, damage: null })
    expect(contents.records.map((r) => r.entry)).toEqual(entries)
  })

  it('replays its records onto the project file to give the project as saved', () => {
    const replay = replayJournal(file, parseJournal(journal).records)
    expect(replay.ok).toBe(true)
    if (!replay.ok) return
    expect(replay.file.project.revision).toBe(3)
    expect(replay.file.project.updatedAt).toBe('2026-01-04T00:00:00.000Z')
    expect(replay.file.project.annotations.map((a) => [a.id, a.note])).toEqual([
      ['a1', 'checked with the ministry'],
      ['a22', 'a22']
    ])
  })

  it('skips the records a project file already holds, so a replay after a crash mid-fold applies nothing twice', () => {
    const folded = replayJournal(file, parseJournal(journal).records.slice(0, 2))
    if (!folded.ok) throw new Error(folded.problem)
    const again = replayJournal(folded.file, parseJournal(journal).records)
    expect(again.ok && again.file).toEqual((replayJournal(file, parseJournal(journal).records) as { file: ProjectFile }).file)
    expect(again.ok && again.pending.map((r) => r.entry.revision)).toEqual([3])
  })

  it('drops a last record cut short at any byte, as a crash during its append leaves it', () => {
    const last = encodeRecord(entries[2]!)
    for (let cut = 1; cut < last.length; cut++) {
      const contents = parseJournal(journal.subarray(0, journal.length - cut))
      expect(contents.torn).toBe(true)
      expect(contents.damage).toBeNull()
      expect(contents.records).toHaveLength(2)
    }
  })

  it('reports every single flipped bit as damage, never as a record cut short', () => {
    for (let byte = 0; byte < journal.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = Buffer.from(journal)
        flipped[byte] = flipped[byte]! ^ (1 << bit)
        const contents = parseJournal(flipped)
        expect(contents.damage, `byte ${byte}, bit ${bit}`).toMatch(/^record \d \(at byte \d+\) (is damaged|does not hold a saved edit)/)
      }
    }
  })

  it('reports a last record filled with zero bytes as damage', () => {
    const zeroed = Buffer.from(journal)
    zeroed.fill(0, journal.length - 40)
    expect(parseJournal(zeroed).damage).toMatch(/record 3/)
  })

  it('refuses records that skip a revision, start past the project file, or do not apply', () => {
    const [one, two, three] = entries.map(encodeRecord)
    const gap = replayJournal(file, parseJournal(Buffer.concat([one!, three!])).records)
    expect(!gap.ok && gap.problem).toBe('record 2 has revision 3 where 2 should follow')
    const late = replayJournal(file, parseJournal(Buffer.concat([two!, three!])).records)
    expect(!late.ok && late.problem).toBe('the journal continues from revision 2, but its project file is at revision 0')
    const stray = encodeRecord({ revision: 2, at: NOW, changes: setNote('nobody', 'x') })
    const inapplicable = replayJournal(file, parseJournal(Buffer.concat([one!, stray])).records)
    expect(!inapplicable.ok && inapplicable.problem).toMatch(/^the edit of revision 2 does not apply to the project \(There is no annotation with id nobody/)
    expect(!inapplicable.ok && inapplicable.file.project.revision).toBe(1)
  })

  describe('on disk', () => {
    let dir: string
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'factwork-journal-'))
    })
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('cuts off a record torn by a crash before it appends the next one', async () => {
      const path = join(dir, 'p1.journal')
      const torn = Buffer.concat([encodeRecord(entries[0]!), encodeRecord(entries[1]!).subarray(0, 30)])
      await writeFile(path, torn)
      const contents = parseJournal(torn)
      const onDisk = new JournalFile(path, { length: torn.length, validLength: contents.validLength })
      await onDisk.append(encodeRecord(entries[1]!))
      expect(parseJournal(await readFile(path))).toMatchObject({ torn: false, damage: null, records: [{ entry: entries[0] }, { entry: entries[1] }] })
    })

    it('is removed once its records are in the project file, and keeps only newer ones otherwise', async () => {
      const path = join(dir, 'p1.journal')
      const onDisk = new JournalFile(path, null)
      for (const entry of entries) await onDisk.append(encodeRecord(entry))
      await onDisk.reset([encodeRecord(entries[2]!)])
      expect(parseJournal(await readFile(path)).records.map((r) => r.entry.revision)).toEqual([3])
      await onDisk.reset([])
      await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' })
    })
  })
})
