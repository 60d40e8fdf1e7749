import { createHash } from 'node:crypto'
import { dirname } from 'node:path'
import { z } from 'zod'
import { applyChanges, Change } from '../data/changes'
import type { ProjectFile } from '../data/project'
import { syncDirectory, writeFileDurably } from './durable'
import { isMissing, nodeFileSystem, type FileSystem } from './fileSystem'
import { step } from './saveError'

// A journal holds the edits saved since its project file was last rewritten, one record per
// save, appended and flushed before the save is acknowledged. A record is one line:
//
//   <payload length: 8 hex digits> <checksum: 16 hex digits> <payload JSON>\n
//
// The checksum is the start of the payload's SHA-256. JSON text never holds a raw newline or a
// NUL byte, so a record cut short by a crash during its append (a "torn" record) is a prefix of a
// record without either; anything else that fails to read is damage.

/** One saved edit: the changes of one `saveChanges`, the project revision they made and when. */
export const JournalEntry = z.object({
  revision: z.number().int().positive(),
  at: z.string().min(1),
  changes: z.array(Change).min(1)
})
export type JournalEntry = z.infer<typeof JournalEntry>

/** A sound record of a journal: its entry and its bytes as they are on disk. */
export interface JournalRecord {
  readonly entry: JournalEntry
  readonly bytes: Uint8Array
}

/** What a journal's bytes hold. */
export interface JournalContents {
  /** The sound records, in order. */
  readonly records: readonly JournalRecord[]
  /** Bytes up to the end of the last sound record. */
  readonly validLength: number
  /** The bytes after `validLength` are one record cut short by a crash during its append. It was
   *  never acknowledged, and is dropped. */
  readonly torn: boolean
  /** A sentence saying which record is damaged and how, when one is (not merely torn). */
  readonly damage: string | null
}

const HEADER_BYTES = 8 + 1 + 16 + 1
const NEWLINE = 0x0a
const SPACE = 0x20

function checksum(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex').slice(0, 16)
}

/** The bytes of one journal record. */
export function encodeRecord(entry: JournalEntry): Buffer {
  const payload = Buffer.from(JSON.stringify(entry), 'utf8')
  const header = `${payload.length.toString(16).padStart(8, '0')} ${checksum(payload)} `
  return Buffer.concat([Buffer.from(header, 'latin1'), payload, Buffer.from([NEWLINE])])
}

function isHexDigit(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)
}

/** Whether `bytes` could be the start of a record header. */
function couldBeHeader(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, HEADER_BYTES); i++) {
    const b = bytes[i]!
    if (i === 8 || i === HEADER_BYTES - 1 ? b !== SPACE : !isHexDigit(b)) return false
  }
  return true
}

/** Read a journal's bytes record by record, stopping at the first one that is torn or damaged. */
export function parseJournal(bytes: Uint8Array): JournalContents {
  const records: JournalRecord[] = []
  let offset = 0
  let torn = false
  let damage: string | null = null
  while (offset < bytes.length) {
    const where = `record ${records.length + 1} (at byte ${offset})`
    const rest = bytes.subarray(offset)
    if (!couldBeHeader(rest)) {
      damage = `${where} is damaged: it does not start like a record`
      break
    }
    if (rest.length < HEADER_BYTES) {
      torn = true
      break
    }
    const header = Buffer.from(rest.subarray(0, HEADER_BYTES)).toString('latin1')
    const length = Number.parseInt(header.slice(0, 8), 16)
    const end = HEADER_BYTES + length
    if (end >= rest.length) {
      // Cut short. A crash during an append leaves a prefix of a record; a prefix holds neither a
      // newline nor a NUL byte, so either of those means the record was damaged afterwards.
      const tail = rest.subarray(HEADER_BYTES)
      if (tail.includes(NEWLINE) || tail.includes(0)) damage = `${where} is damaged: its length does not match its content`
      else torn = true
      break
    }
    const payload = rest.subarray(HEADER_BYTES, end)
    if (rest[end] !== NEWLINE) {
      damage = `${where} is damaged: it does not end where its length says`
      break
    }
    if (checksum(payload) !== header.slice(9, 25)) {
      damage = `${where} is damaged: its checksum does not match its content`
      break
    }
    let entry
    try {
      entry = JournalEntry.safeParse(JSON.parse(Buffer.from(payload).toString('utf8')))
    } catch {
      entry = null
    }
    if (!entry?.success) {
      const issue = entry?.error.issues[0]
      damage = `${where} does not hold a saved edit${issue ? ` (${issue.path.join('.') || 'record'}: ${issue.message})` : ''}`
      break
    }
    records.push({ entry: entry.data, bytes: rest.subarray(0, end + 1) })
    offset += end + 1
  }
  return { records, validLength: offset, torn, damage }
}

/** The outcome of replaying a journal onto its project file. */
export type Replay =
  | { readonly ok: true; readonly file: ProjectFile; readonly pending: readonly JournalRecord[] }
  | { readonly ok: false; readonly problem: string; readonly file: ProjectFile; readonly applied: number }

/** Apply the records of a journal that are newer than the project file, in order. Records at or
 *  below the file's revision are already in it and are skipped, so replaying twice, or after a
 *  crash between rewriting the file and emptying the journal, gives the same project. The newer
 *  records must continue the file's revision one by one and must apply; otherwise the replay
 *  stops and says why, with the project as far as it got. */
export function replayJournal(file: ProjectFile, records: readonly JournalRecord[]): Replay {
  const base = file.project.revision
  const pending: JournalRecord[] = []
  for (const [i, record] of records.entries()) {
    const revision = record.entry.revision
    if (pending.length === 0 && revision <= base) continue
    const expected = base + pending.length + 1
    if (revision !== expected) {
      const problem =
        pending.length === 0
          ? `the journal continues from revision ${revision}, but its project file is at revision ${base}`
          : `record ${i + 1} has revision ${revision} where ${expected} should follow`
      return { ok: false, problem, ...applyEach(file, pending) }
    }
    pending.push(record)
  }
  const last = pending[pending.length - 1]
  if (!last) return { ok: true, file, pending }
  // All at once is the same as one by one: changes apply in order to maps kept in order.
  const applied = applyChanges(
    file.project,
    pending.flatMap((r) => r.entry.changes),
    last.entry.at
  )
  if (applied.ok) return { ok: true, file: { ...file, project: { ...applied.value, revision: last.entry.revision } }, pending }
  const partial = applyEach(file, pending)
  return { ok: false, problem: `the edit of revision ${base + partial.applied + 1} does not apply to the project (${partial.reason})`, ...partial }
}

/** Apply records one by one until one fails. */
function applyEach(file: ProjectFile, records: readonly JournalRecord[]): { file: ProjectFile; applied: number; reason: string } {
  let project = file.project
  let applied = 0
  for (const { entry } of records) {
    const next = applyChanges(project, entry.changes, entry.at)
    if (!next.ok) return { file: { ...file, project }, applied, reason: next.message }
    project = { ...next.value, revision: entry.revision }
    applied++
  }
  return { file: { ...file, project }, applied, reason: '' }
}

/** A project's journal file on disk: appends that are on disk when they resolve, and resets when
 *  its records have been folded into the project file. One instance per file, used one call at a
 *  time. */
export class JournalFile {
  /** Bytes of sound records on disk. */
  private size: number
  /** Bytes on disk past the sound records (a torn record, or the rest of a failed append), or
   *  -1 when unknown; they are cut off before the next append. */
  private excess: number
  private exists: boolean
  /** Whether the folder entry of the file is known to be on disk. */
  private entryDurable: boolean

  constructor(
    readonly path: string,
    contents: { readonly length: number; readonly validLength: number } | null,
    private readonly fs: FileSystem = nodeFileSystem
  ) {
    this.exists = contents !== null
    this.entryDurable = this.exists
    this.size = contents?.validLength ?? 0
    this.excess = contents ? contents.length - contents.validLength : 0
  }

  /** Read the journal at `path`, or null when there is none. */
  static async read(path: string, fs: FileSystem = nodeFileSystem): Promise<Buffer | null> {
    try {
      return await fs.readFile(path)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  /** Bytes of sound records on disk. */
  get length(): number {
    return this.size
  }

  /** Whether the file on disk is the one this instance wrote: present or absent as expected,
   *  and as long. Another program changing it shows here. */
  async unchanged(): Promise<boolean> {
    try {
      const info = await this.fs.stat(this.path)
      return this.exists && (this.excess < 0 || info.size === this.size + this.excess)
    } catch (error) {
      return isMissing(error) && !this.exists
    }
  }

  /** Append `record` and flush it. Resolves once it is on disk. On failure (a `SaveError`) the
   *  journal is cut back to what it was, so it holds exactly the acknowledged records. */
  async append(record: Uint8Array): Promise<void> {
    if (this.excess !== 0) await this.cutBack()
    const creating = !this.exists
    const handle = await step(this.path, 'appending to the journal', () => this.fs.open(this.path, 'a'))
    this.exists = true
    this.excess = -1
    try {
      try {
        await step(this.path, 'appending to the journal', () => handle.writeFile(record))
        await step(this.path, 'flushing to disk', () => handle.datasync())
      } finally {
        await handle.close().catch(() => undefined)
      }
      if (!this.entryDurable) {
        await step(this.path, 'flushing the folder', () => syncDirectory(dirname(this.path), this.fs))
        this.entryDurable = true
      }
    } catch (error) {
      await (creating ? this.removeNew() : this.cutBack()).catch(() => undefined)
      throw error
    }
    this.size += record.length
    this.excess = 0
  }

  /** Cut off whatever follows the sound records. */
  private async cutBack(): Promise<void> {
    const handle = await step(this.path, 'cutting the journal back', () => this.fs.open(this.path, 'r+'))
    try {
      await step(this.path, 'cutting the journal back', () => handle.truncate(this.size))
      await step(this.path, 'cutting the journal back', () => handle.datasync())
    } finally {
      await handle.close().catch(() => undefined)
    }
    this.excess = 0
  }

  /** Remove a journal whose first append failed. */
  private async removeNew(): Promise<void> {
    await this.fs.unlink(this.path)
    this.exists = false
    this.entryDurable = false
    this.size = 0
    this.excess = 0
  }

  /** Replace the journal by `records` (those not yet in the project file), or remove it when
   *  there are none. Throws a `SaveError` on failure, leaving the journal as it was. */
  async reset(records: readonly Uint8Array[]): Promise<void> {
    if (records.length === 0) {
      if (this.exists) {
        await step(this.path, 'removing the journal', () => this.fs.unlink(this.path)).catch((error: unknown) => {
          if (!isMissing((error as { reason?: unknown }).reason)) throw error
        })
        this.exists = false
        this.entryDurable = false
        this.size = 0
        this.excess = 0
        // Should the removal not last, the old records are at or below the file's revision and
        // are skipped when the journal is read.
        await syncDirectory(dirname(this.path), this.fs).catch(() => undefined)
      }
      return
    }
    const bytes = Buffer.concat(records)
    await writeFileDurably(this.path, bytes, { fs: this.fs })
    this.exists = true
    this.entryDurable = true
    this.size = bytes.length
    this.excess = 0
  }
}
