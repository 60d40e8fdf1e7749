import { Low } from 'lowdb'
import { applyChanges, type Change } from '../data/changes'
import { PROJECT_FILE_VERSION, type Project, type ProjectFile } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { isMissing, nodeFileSystem, type FileStats, type FileSystem } from './fileSystem'
import { encodeRecord, JournalFile, parseJournal, replayJournal } from './journal'
import { ProjectFileAdapter, UnreadableFileError } from './projectFile'
import { SaveError } from './saveError'

/** Where one project's files are, and the names under which they are shown to a person. */
export interface ProjectPaths {
  readonly id: string
  /** `projects/<id>.json`, the project as of its last rewrite. */
  readonly file: string
  readonly fileName: string
  /** `projects/<id>.journal`, the edits saved since. */
  readonly journal: string
  readonly journalName: string
  /** `backups/<id>`, the previous generations of the project file. */
  readonly generations: string
  readonly keep: number
}

/** A journal record not yet folded into the project file. */
interface PendingRecord {
  readonly revision: number
  readonly bytes: Uint8Array
}

/** A project file rewrite written and flushed beside the file, waiting to replace it. */
export interface PreparedFold {
  readonly revision: number
  commit(): Promise<void>
  discard(): Promise<void>
}

function sameFile(a: FileStats | null, b: FileStats | null): boolean {
  if (a === null || b === null) return a === b
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs
}

/** One project as the store holds it: its project file (a lowdb file) plus the journal of edits
 *  saved since the file was last rewritten, and the project they make together. Small edits are
 *  appended to the journal (`saveChanges`); other changes and folds rewrite the file. Callers run
 *  one call at a time, except `prepareFold`, which may run alongside the others. */
export class OpenProject {
  private readonly db: Low<ProjectFile>
  /** The revision the project file on disk holds. */
  private fileRevision: number
  private pending: PendingRecord[]

  private constructor(
    readonly paths: ProjectPaths,
    private readonly adapter: ProjectFileAdapter,
    private readonly journal: JournalFile,
    state: ProjectFile,
    fileRevision: number,
    pending: PendingRecord[],
    private fileIdentity: FileStats | null,
    private readonly fs: FileSystem
  ) {
    this.db = new Low(adapter, state)
    this.fileRevision = fileRevision
    this.pending = pending
  }

  /** Read a project: its file (validated, migrated, checksum checked), then its journal's newer
   *  records on top. Fails with `not-found` when there is no project file and `unreadable`, naming
   *  the file, when either cannot be read. Writes nothing. */
  static async load(paths: ProjectPaths, fs: FileSystem = nodeFileSystem): Promise<Result<OpenProject>> {
    // The journal is read first: a fold that lands in between then only makes records redundant.
    let journalBytes: Buffer | null
    try {
      journalBytes = await JournalFile.read(paths.journal, fs)
    } catch (error) {
      return fail('unreadable', `${paths.journalName} cannot be read: ${(error as Error).message}. The file has been left as it is.`)
    }
    const adapter = new ProjectFileAdapter(paths.file, paths.fileName, paths.generations, paths.keep, fs)
    let file: ProjectFile | null
    try {
      file = await adapter.read()
    } catch (error) {
      if (error instanceof UnreadableFileError) return fail('unreadable', `${error.message}. The file has been left as it is.`)
      throw error
    }
    if (!file) return fail('not-found', `There is no project with id ${paths.id}.`)
    let identity: FileStats | null
    try {
      identity = await fs.stat(paths.file)
    } catch (error) {
      if (isMissing(error)) return fail('not-found', `There is no project with id ${paths.id}.`)
      throw error
    }
    const contents = journalBytes ? parseJournal(journalBytes) : null
    if (contents?.damage) return fail('unreadable', `${paths.journalName} cannot be read: ${contents.damage}. The file has been left as it is.`)
    const replay = replayJournal(file, contents?.records ?? [])
    if (!replay.ok) return fail('unreadable', `${paths.journalName} cannot be read: ${replay.problem}. The file has been left as it is.`)
    const journal = new JournalFile(paths.journal, journalBytes && contents ? { length: journalBytes.length, validLength: contents.validLength } : null, fs)
    const pending = replay.pending.map((r) => ({ revision: r.entry.revision, bytes: r.bytes }))
    return ok(new OpenProject(paths, adapter, journal, replay.file, file.project.revision, pending, identity, fs))
  }

  /** Write a new project's file. Fails with `conflict` when the file exists, `io` when it cannot
   *  be written. */
  static async create(paths: ProjectPaths, project: Project, fs: FileSystem = nodeFileSystem): Promise<Result<OpenProject>> {
    try {
      await fs.stat(paths.file)
      return fail('conflict', `A project with id ${project.id} already exists.`)
    } catch (error) {
      if (!isMissing(error)) throw error
    }
    const adapter = new ProjectFileAdapter(paths.file, paths.fileName, paths.generations, paths.keep, fs)
    const state: ProjectFile = { version: PROJECT_FILE_VERSION, project }
    try {
      await adapter.write(state)
    } catch (error) {
      return ioFailure(paths, error, 'Nothing was created')
    }
    const journal = new JournalFile(paths.journal, null, fs)
    return ok(new OpenProject(paths, adapter, journal, state, project.revision, [], await fs.stat(paths.file), fs))
  }

  /** The project with every acknowledged edit. */
  get project(): Project {
    return this.db.data.project
  }

  /** Journal records not yet folded into the project file, and their size in bytes. */
  get unfolded(): { readonly records: number; readonly bytes: number } {
    return { records: this.pending.length, bytes: this.journal.length }
  }

  /** Whether the project file and journal are still the ones this instance wrote. */
  private async unchangedOnDisk(): Promise<boolean> {
    let info: FileStats | null = null
    try {
      info = await this.fs.stat(this.paths.file)
    } catch (error) {
      if (!isMissing(error)) throw error
    }
    return sameFile(info, this.fileIdentity) && (await this.journal.unchanged())
  }

  private changedElsewhere(): Result<never> {
    return fail(
      'conflict',
      `${this.paths.fileName} was changed by another program while Factwork had it open; nothing was saved over it. Open the project again to see its content.`
    )
  }

  /** Apply `changes` and append them to the journal as one record. Resolves once the record is on
   *  disk; on failure the project and the journal are as they were. */
  async saveChanges(changes: readonly Change[], at: string): Promise<Result<Project>> {
    const next = applyChanges(this.project, changes, at)
    if (!next.ok) return next
    if (!(await this.unchangedOnDisk())) return this.changedElsewhere()
    const record = encodeRecord({ revision: next.value.revision, at, changes: [...changes] })
    try {
      await this.journal.append(record)
    } catch (error) {
      return ioFailure(this.paths, error, 'The previous version is intact')
    }
    this.db.data = { version: PROJECT_FILE_VERSION, project: next.value }
    this.pending.push({ revision: next.value.revision, bytes: record })
    return ok(next.value)
  }

  /** Rewrite the project file with `next` (which holds every acknowledged edit), keeping the
   *  previous file as a generation, and empty the journal. On failure the file is as it was. */
  async replace(next: Project): Promise<Result<Project>> {
    if (!(await this.unchangedOnDisk())) return this.changedElsewhere()
    const before = this.db.data
    this.db.data = { version: PROJECT_FILE_VERSION, project: next }
    try {
      await this.db.write()
    } catch (error) {
      this.db.data = before
      return ioFailure(this.paths, error, 'The previous version is intact')
    }
    await this.fileWritten(next.revision)
    return ok(next)
  }

  /** Write the current project beside its file and flush it, without replacing the file: the
   *  slow half of a fold, which may run while edits are appended. Null when the file is current. */
  async prepareFold(): Promise<PreparedFold | null> {
    const state = this.db.data
    const revision = state.project.revision
    if (revision === this.fileRevision) return null
    const prepared = await this.adapter.prepare(state)
    return {
      revision,
      discard: () => prepared.discard(),
      commit: async () => {
        if (revision <= this.fileRevision || !(await this.unchangedOnDisk())) {
          await prepared.discard()
          return
        }
        await prepared.commit()
        await this.fileWritten(revision)
      }
    }
  }

  /** Fold the journal into the project file now, both halves. */
  async fold(): Promise<void> {
    const prepared = await this.prepareFold()
    await prepared?.commit()
  }

  /** After the file was rewritten at `revision`: keep in the journal only the newer records. A
   *  journal that cannot be emptied now still reads correctly (its older records are skipped). */
  private async fileWritten(revision: number): Promise<void> {
    this.fileRevision = revision
    this.fileIdentity = await this.fs.stat(this.paths.file)
    const newer = this.pending.filter((r) => r.revision > revision)
    try {
      await this.journal.reset(newer.map((r) => r.bytes))
      this.pending = newer
    } catch {
      // The journal keeps its records; the next fold tries again.
    }
  }
}

/** An I/O failure of a save as a value: which file, what went wrong, and what is left. Other
 *  errors are bugs and are thrown again. */
export function ioFailure(paths: Pick<ProjectPaths, 'file' | 'fileName' | 'journal' | 'journalName'>, error: unknown, after: string): Result<never> {
  if (error instanceof SaveError) {
    const shown = error.path === paths.journal ? paths.journalName : error.path === paths.file ? paths.fileName : error.path
    return fail('io', `Could not save ${paths.fileName}: ${error.describe(shown)}. ${after}.`)
  }
  throw error
}
