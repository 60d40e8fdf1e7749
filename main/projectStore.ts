import { join } from 'node:path'
import type { Backup, ReadOnlyProject, StoreProblem } from '../data/api'
import type { Change } from '../data/changes'
import { summarize, type Project, type ProjectSummary } from '../data/project'
import { fail, ok, type Failure, type Result } from '../data/result'
import { readBackups, restoreBackup, viewReadOnly } from './backups'
import { removeTemporaryFiles, writeFileDurably } from './durable'
import { isMissing, nodeFileSystem, type FileStats, type FileSystem } from './fileSystem'
import { JournalFile, parseJournal, replayJournal } from './journal'
import { OpenProject, type ProjectPaths } from './openProject'
import { decodeProjectFile } from './projectFile'
import { SaveError } from './saveError'
import { acquireStoreLock, describeHolder, lockHolder, type LockHolder, type StoreLock } from './storeLock'

/** Project ids are file names, so they are kept to a safe alphabet. */
const ID = /^[A-Za-z0-9_-]{1,80}$/

/** How many earlier versions of each project file are kept. */
export const GENERATIONS_KEPT = 5

/** When the journal of edits is folded into the project file. Folding rewrites the whole file, so
 *  it waits for a pause in the editing, but not forever, and comes sooner for a long journal. */
export interface FoldPolicy {
  /** Fold this long after the last edit. */
  readonly idleMs: number
  /** Fold at the latest this long after the first edit not yet folded. */
  readonly maxWaitMs: number
  /** Fold at once when the journal holds this many records… */
  readonly maxRecords: number
  /** …or this many bytes. */
  readonly maxBytes: number
}

export const DEFAULT_FOLD_POLICY: FoldPolicy = { idleMs: 2_000, maxWaitMs: 30_000, maxRecords: 1_000, maxBytes: 4 * 1024 * 1024 }

export interface StoreOptions {
  /** The file system (a test's, with faults); Node's by default. */
  readonly fs?: FileSystem
  readonly fold?: Partial<FoldPolicy>
  /** Where failures of background work (folds) are reported; standard error by default. */
  readonly log?: (message: string) => void
}

/** What `check` finds. */
export interface CheckReport {
  readonly checked: number
  /** Files that cannot be read: each makes `factwork check` exit 1. */
  readonly problems: StoreProblem[]
  /** Things worth knowing that lose nothing acknowledged (an edit cut short by a crash). */
  readonly notices: string[]
}

interface FileStamp {
  readonly size: number
  readonly mtimeMs: number
}

interface IndexEntry {
  readonly file: FileStamp
  readonly journal: FileStamp | null
  readonly summary: ProjectSummary
}

interface IndexFile {
  version: 2
  entries: Record<string, IndexEntry>
}

type Mode = { readonly kind: 'writable'; readonly lock: StoreLock | null } | { readonly kind: 'read-only'; readonly holder: LockHolder | null } | { readonly kind: 'closed' }

interface FoldState {
  timer: ReturnType<typeof setTimeout> | null
  /** When the oldest edit not yet folded was saved. */
  since: number
  running: Promise<void> | null
}

/** The store's folders under its data directory. */
export function storeLayout(home: string) {
  return {
    home,
    projects: join(home, 'projects'),
    backups: join(home, 'backups'),
    trash: join(home, 'trash'),
    attachments: join(home, 'attachments'),
    index: join(home, 'index.json')
  }
}

function stamp(info: FileStats | null): FileStamp | null {
  return info ? { size: info.size, mtimeMs: info.mtimeMs } : null
}

function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  return a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs
}

/** Every project in its own lowdb file under `<home>/projects` with a journal of the edits saved
 *  since the file was last rewritten, the last generations of each file under `<home>/backups/<id>`,
 *  deleted projects under `<home>/trash` until they are restored, and a small index that caches
 *  summaries. Operations on one project run one at a time. See docs/storage.md and
 *  docs/reliability.md. */
export class ProjectStore {
  readonly layout: ReturnType<typeof storeLayout>
  private readonly fs: FileSystem
  private readonly policy: FoldPolicy
  private readonly log: (message: string) => void
  private readonly open = new Map<string, OpenProject>()
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly folds = new Map<string, FoldState>()

  private constructor(
    home: string,
    private mode: Mode,
    options: StoreOptions
  ) {
    this.layout = storeLayout(home)
    this.fs = options.fs ?? nodeFileSystem
    this.policy = { ...DEFAULT_FOLD_POLICY, ...options.fold }
    this.log = options.log ?? ((message) => console.error(message))
  }

  private async makeFolders(): Promise<void> {
    for (const dir of [this.layout.projects, this.layout.backups, this.layout.trash, this.layout.attachments]) {
      await this.fs.mkdir(dir, { recursive: true })
    }
  }

  /** Open (creating its folders if needed) the store at `home` for reading and writing, without
   *  taking its lock. For tests and tools that own the folder; the app, the browser host and the
   *  CLI use `openExclusive` or `openReadOnly`. */
  static async open(home: string, options: StoreOptions = {}): Promise<ProjectStore> {
    const store = new ProjectStore(home, { kind: 'writable', lock: null }, options)
    await store.makeFolders()
    return store
  }

  /** Take the lock of the data folder `home` for `command` (what is running, in words) and open
   *  its store for reading and writing. Fails with `conflict`, naming the process that has the
   *  folder, when another running process holds the lock. Temporary files left by a killed
   *  process are removed. `close` releases the lock. */
  static async openExclusive(home: string, command: string, options: StoreOptions = {}): Promise<Result<ProjectStore>> {
    const fs = options.fs ?? nodeFileSystem
    const lock = await acquireStoreLock(home, command, fs)
    if (!lock.ok) return lock
    const store = new ProjectStore(home, { kind: 'writable', lock: lock.value }, options)
    try {
      await store.makeFolders()
      for (const dir of [home, store.layout.projects, store.layout.attachments]) await removeTemporaryFiles(dir, fs)
    } catch (error) {
      await lock.value.release()
      throw error
    }
    return ok(store)
  }

  /** Open the store at `home` only for reading: it writes nothing at all (not even its index),
   *  so it may run while another process holds the lock. Changes fail with a sentence naming
   *  that process. */
  static async openReadOnly(home: string, options: StoreOptions = {}): Promise<ProjectStore> {
    return new ProjectStore(home, { kind: 'read-only', holder: await lockHolder(home, options.fs) }, options)
  }

  /** Whether this store refuses changes. */
  get readOnly(): boolean {
    return this.mode.kind !== 'writable'
  }

  /** The name under which a project file is reported to a person: relative to the data directory. */
  fileName(id: string): string {
    return `projects/${id}.json`
  }

  private paths(id: string): ProjectPaths {
    return {
      id,
      file: join(this.layout.projects, `${id}.json`),
      fileName: this.fileName(id),
      journal: join(this.layout.projects, `${id}.journal`),
      journalName: `projects/${id}.journal`,
      generations: join(this.layout.backups, id),
      keep: GENERATIONS_KEPT
    }
  }

  /** Run `task` after every earlier task on the same project. */
  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve()
    const next = previous.then(task, task)
    this.queues.set(
      id,
      next.catch(() => undefined)
    )
    return next
  }

  /** Why a change cannot be made, or null when it can. */
  private refusal(): Failure | null {
    if (this.mode.kind === 'writable') return null
    if (this.mode.kind === 'closed') return fail('io', `Factwork has closed the data folder ${this.layout.home}; the change was not saved.`)
    const why = this.mode.holder ? `${describeHolder(this.mode.holder)} is using it` : 'it was opened only for reading'
    return fail('conflict', `Factwork opened the data folder ${this.layout.home} read-only because ${why}; nothing was changed.`)
  }

  private async load(id: string): Promise<Result<OpenProject>> {
    if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
    const cached = this.open.get(id)
    if (cached) return ok(cached)
    const loaded = await OpenProject.load(this.paths(id), this.fs)
    if (loaded.ok) this.open.set(id, loaded.value)
    return loaded
  }

  /** The whole project, with every acknowledged edit. */
  async get(id: string): Promise<Result<Project>> {
    return this.serial(id, async () => {
      const open = await this.load(id)
      return open.ok ? ok(open.value.project) : open
    })
  }

  /** Store a new project. Fails if its id is taken. */
  async create(project: Project): Promise<Result<Project>> {
    if (!ID.test(project.id)) throw new RangeError(`Project id ${JSON.stringify(project.id)} is not a safe file name`)
    const refused = this.refusal()
    if (refused) return refused
    return this.serial(project.id, async () => {
      const paths = this.paths(project.id)
      // A journal without its project file belongs to nothing; keep it out of the new project's way.
      if (await this.exists(paths.journal)) {
        await this.fs.mkdir(paths.generations, { recursive: true })
        await this.fs.rename(paths.journal, join(paths.generations, `orphan-${Date.now()}.journal`))
      }
      const created = await OpenProject.create(paths, project, this.fs)
      if (!created.ok) return created
      this.open.set(project.id, created.value)
      return ok(project)
    })
  }

  /** Apply `changes` to a project as one saved edit at time `at`: the changes are appended to the
   *  project's journal and flushed before this resolves, and folded into the project file later.
   *  Fails, changing nothing, when the changes do not apply (see `applyChanges`), and with `io`,
   *  naming the file and the error, when the disk refuses; the files are then as they were. */
  async saveChanges(id: string, changes: readonly Change[], at: string): Promise<Result<Project>> {
    const refused = this.refusal()
    if (refused) return refused
    const saved = await this.serial(id, async () => {
      const open = await this.load(id)
      return open.ok ? open.value.saveChanges(changes, at) : open
    })
    if (saved.ok) this.scheduleFold(id)
    return saved
  }

  /** Change a project with `change`, which returns the new project or a failure, and rewrite its
   *  file. The result is on disk when the returned promise resolves; on any failure the file keeps
   *  its previous content. */
  async update(id: string, change: (project: Project) => Result<Project>): Promise<Result<Project>> {
    const refused = this.refusal()
    if (refused) return refused
    return this.serial(id, async () => {
      const open = await this.load(id)
      if (!open.ok) return open
      const next = change(open.value.project)
      return next.ok ? open.value.replace(next.value) : next
    })
  }

  /** Move a project (its file and its journal) to the trash. */
  async remove(id: string): Promise<Result<{ id: string }>> {
    const refused = this.refusal()
    if (refused) return refused
    return this.serial(id, async () => {
      if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
      const paths = this.paths(id)
      await this.open
        .get(id)
        ?.fold()
        .catch(() => undefined)
      this.cancelFold(id)
      try {
        await this.fs.rename(paths.file, join(this.layout.trash, `${id}.json`))
      } catch (error) {
        if (isMissing(error)) return fail('not-found', `There is no project with id ${id}.`)
        throw error
      }
      this.open.delete(id)
      const trashedJournal = join(this.layout.trash, `${id}.journal`)
      try {
        await this.fs.rename(paths.journal, trashedJournal)
      } catch (error) {
        if (!isMissing(error)) throw error
        // No journal: one left in the trash by an earlier deletion is out of date.
        await this.fs.rm(trashedJournal, { force: true })
      }
      return ok({ id })
    })
  }

  /** Bring a deleted project back from the trash. */
  async restore(id: string): Promise<Result<Project>> {
    const refused = this.refusal()
    if (refused) return refused
    const moved = await this.serial(id, async (): Promise<Result<null>> => {
      if (!ID.test(id)) return fail('not-found', `There is no deleted project with id ${JSON.stringify(id)}.`)
      const paths = this.paths(id)
      if (await this.exists(paths.file)) return fail('conflict', `A project with id ${id} already exists.`)
      const trashed = join(this.layout.trash, `${id}.json`)
      if (!(await this.exists(trashed))) return fail('not-found', `There is no deleted project with id ${id}.`)
      await this.fs.rename(join(this.layout.trash, `${id}.journal`), paths.journal).catch((error: unknown) => {
        if (!isMissing(error)) throw error
      })
      await this.fs.rename(trashed, paths.file)
      return ok(null)
    })
    return moved.ok ? this.get(id) : moved
  }

  private async exists(path: string): Promise<boolean> {
    return (await this.statOrNull(path)) !== null
  }

  private async statOrNull(path: string): Promise<FileStats | null> {
    try {
      return await this.fs.stat(path)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  /** The names of the files in the projects folder; none when there is no folder. */
  private async projectFolder(): Promise<string[]> {
    try {
      return await this.fs.readdir(this.layout.projects)
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
  }

  private async projectIds(names?: readonly string[]): Promise<string[]> {
    return (names ?? (await this.projectFolder())).filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length))
  }

  /** Summaries of every readable project, newest first, and a problem naming every project file
   *  or journal that cannot be read. Uses the index for projects unchanged since they were last
   *  summarised. */
  async list(): Promise<{ projects: ProjectSummary[]; problems: StoreProblem[] }> {
    const index = await this.readIndex()
    const entries: Record<string, IndexEntry> = {}
    const problems: StoreProblem[] = []
    let changed = false
    // Every file is looked at on every listing (another process may have changed any of them),
    // all at once, and journals only where the folder has one: a thousand projects took 40–100 ms
    // one after the other, most of it asking for journals that are not there.
    const names = await this.projectFolder()
    const journals = new Set(names.filter((n) => n.endsWith('.journal')))
    const ids = await this.projectIds(names)
    const stamps = await Promise.all(
      ids.map(async (id) => {
        const folder = this.layout.projects
        const [file, journal] = await Promise.all([
          this.statOrNull(join(folder, `${id}.json`)),
          journals.has(`${id}.journal`) ? this.statOrNull(join(folder, `${id}.journal`)) : null
        ])
        return { file: stamp(file), journal: stamp(journal) }
      })
    )
    for (const [i, id] of ids.entries()) {
      const { file, journal } = stamps[i]!
      if (!file) continue
      const open = this.open.get(id)
      const cached = index.entries[id]
      if (open) {
        entries[id] = { file, journal, summary: summarize(open.project) }
        changed ||= !cached || !sameStamp(cached.file, file) || !sameStamp(cached.journal, journal)
        continue
      }
      if (cached && sameStamp(cached.file, file) && sameStamp(cached.journal, journal)) {
        entries[id] = cached
        continue
      }
      changed = true
      const project = ID.test(id) ? await this.get(id) : fail('unreadable', `projects/${id}.json has a name that is not a project id.`)
      if (project.ok) entries[id] = { file, journal, summary: summarize(project.value) }
      else if (project.code !== 'not-found') problems.push({ file: this.problemFile(id, project.message), projectId: id, message: project.message })
    }
    if (changed || Object.keys(entries).length !== Object.keys(index.entries).length) {
      await this.writeIndex({ version: 2, entries })
    }
    const projects = Object.values(entries)
      .map((e) => e.summary)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    return { projects, problems }
  }

  /** The file a failure message is about: the journal when it names it, else the project file. */
  private problemFile(id: string, message: string): string {
    const journalName = this.paths(id).journalName
    return message.startsWith(journalName) ? journalName : this.fileName(id)
  }

  /** Validate every project file and journal in full, from disk, ignoring the index and what is
   *  held in memory. */
  async check(): Promise<CheckReport> {
    const ids = await this.projectIds()
    const problems: StoreProblem[] = []
    const notices: string[] = []
    for (const id of ids) {
      const paths = this.paths(id)
      let journalBytes: Buffer | null
      let fileBytes: Buffer
      try {
        journalBytes = await JournalFile.read(paths.journal, this.fs)
      } catch (error) {
        problems.push({ file: paths.journalName, projectId: id, message: `${paths.journalName} cannot be read: ${(error as Error).message}` })
        continue
      }
      try {
        fileBytes = await this.fs.readFile(paths.file)
      } catch (error) {
        if (isMissing(error)) continue
        problems.push({ file: paths.fileName, projectId: id, message: `${paths.fileName} cannot be read: ${(error as Error).message}` })
        continue
      }
      const decoded = decodeProjectFile(fileBytes)
      if (!decoded.ok) {
        problems.push({ file: paths.fileName, projectId: id, message: `${paths.fileName} cannot be read: ${decoded.problem}` })
        continue
      }
      if (!journalBytes) continue
      const contents = parseJournal(journalBytes)
      const replay = contents.damage ? null : replayJournal(decoded.file, contents.records)
      const problem = contents.damage ?? (replay && !replay.ok ? replay.problem : null)
      if (problem) problems.push({ file: paths.journalName, projectId: id, message: `${paths.journalName} cannot be read: ${problem}` })
      else if (contents.torn) {
        notices.push(`${paths.journalName} ends in an edit cut short when Factwork stopped; that edit had not been saved and is left out.`)
      }
    }
    for (const name of await this.fs.readdir(this.layout.projects).catch(() => [] as string[])) {
      const id = name.endsWith('.journal') ? name.slice(0, -'.journal'.length) : null
      if (id && !ids.includes(id)) notices.push(`projects/${name} has no project file beside it; it was left as it is.`)
    }
    return { checked: ids.length, problems, notices }
  }

  /** The kept generations of a project file, newest first, each with when it was saved and what
   *  it holds (or why it cannot be read). */
  async backups(id: string): Promise<Result<Backup[]>> {
    if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
    return ok(await readBackups(this.paths(id), this.fs))
  }

  /** Replace a project by one of its kept generations (the newest readable one when `generation`
   *  is not given), at the person's request. What it replaces is not lost: a readable project
   *  becomes a generation itself; a damaged file and journal are set aside in `backups/<id>/`.
   *  The restored project gets a revision above every earlier one, and `at` as its time. */
  async restoreBackup(id: string, generation: number | null, at: string): Promise<Result<{ project: Project; generation: number }>> {
    if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
    const refused = this.refusal()
    if (refused) return refused
    return this.serial(id, async () => {
      const paths = this.paths(id)
      if (!(await this.exists(paths.file)) && (await this.exists(join(this.layout.trash, `${id}.json`)))) {
        return fail('conflict', `Project ${id} is in the trash: restore it from there first.`)
      }
      this.cancelFold(id)
      const current = await this.load(id)
      this.open.delete(id)
      const restored = await restoreBackup(paths, current.ok ? current.value : null, generation, at, this.fs)
      if (!restored.ok) return restored
      const reopened = await this.load(id)
      return reopened.ok ? ok({ project: reopened.value.project, generation: restored.value }) : reopened
    })
  }

  /** A project to look at without changing anything: the project itself when it is sound, or the
   *  most that can be read of a damaged one (the file with the journal up to its damage, the
   *  content of a file whose checksum fails, or else its newest readable generation). */
  async readOnlyView(id: string): Promise<Result<ReadOnlyProject>> {
    if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
    return this.serial(id, async () => {
      const open = await this.load(id)
      if (open.ok) return ok({ project: open.value.project, shown: `${this.fileName(id)} as saved`, problem: null })
      if (open.code !== 'unreadable') return open
      return viewReadOnly(this.paths(id), open.message, this.fs)
    })
  }

  /** A failed write of a project's files, with the file named as a person knows it. */
  private describe(id: string, error: SaveError): string {
    const paths = this.paths(id)
    return error.describe(error.path === paths.journal ? paths.journalName : error.path === paths.file ? paths.fileName : error.path)
  }

  private cancelFold(id: string): void {
    const state = this.folds.get(id)
    if (state?.timer) clearTimeout(state.timer)
    if (state) state.timer = null
  }

  /** Plan a fold of a project's journal as the policy says, after an edit was appended. */
  private scheduleFold(id: string): void {
    const open = this.open.get(id)
    if (!open || this.mode.kind !== 'writable') return
    const { records, bytes } = open.unfolded
    if (records === 0) return
    let state = this.folds.get(id)
    if (!state) {
      state = { timer: null, since: Date.now(), running: null }
      this.folds.set(id, state)
    }
    if (state.running) return
    const urgent = records >= this.policy.maxRecords || bytes >= this.policy.maxBytes
    const delay = urgent ? 0 : Math.max(0, Math.min(this.policy.idleMs, state.since + this.policy.maxWaitMs - Date.now()))
    if (state.timer) clearTimeout(state.timer)
    const due = state
    state.timer = setTimeout(() => {
      due.timer = null
      void this.fold(id)
    }, delay)
    state.timer.unref?.()
  }

  /** Fold a project's journal into its file: the rewrite is prepared while edits go on, and put
   *  in place between two of them. A failure loses nothing (the journal keeps every edit) and is
   *  tried again later. */
  private async fold(id: string): Promise<void> {
    const state = this.folds.get(id)
    const open = this.open.get(id)
    if (!state || state.running) return
    if (!open) {
      this.folds.delete(id)
      return
    }
    state.running = (async () => {
      try {
        const prepared = await open.prepareFold()
        if (prepared) await this.serial(id, () => prepared.commit())
      } catch (error) {
        if (!(error instanceof SaveError)) throw error
        // A store whose folder was removed (a test's temporary folder) has nothing left to fold.
        if (error.code === 'ENOENT' && !(await this.exists(this.layout.projects))) {
          this.open.clear()
          return
        }
        this.log(`factwork: could not fold ${this.paths(id).journalName} into ${this.fileName(id)}: ${this.describe(id, error)}. Its edits are safe in the journal; it will be tried again.`)
      }
    })()
    try {
      await state.running
    } finally {
      state.running = null
    }
    if (open.unfolded.records > 0 && this.open.get(id) === open) {
      state.since = Date.now()
      this.scheduleFold(id)
    } else {
      this.folds.delete(id)
    }
  }

  /** Fold every journal into its project file now. */
  async flush(): Promise<void> {
    for (const [id, open] of this.open) {
      this.cancelFold(id)
      await this.folds.get(id)?.running
      this.folds.delete(id)
      await this.serial(id, () => open.fold()).catch((error: unknown) => {
        if (!(error instanceof SaveError)) throw error
        this.log(`factwork: could not fold ${this.paths(id).journalName} into ${this.fileName(id)}: ${this.describe(id, error)}. Its edits are safe in the journal.`)
      })
    }
  }

  /** Refuse further changes, let those under way finish, fold every journal and release the
   *  data folder's lock. */
  async close(): Promise<void> {
    const mode = this.mode
    this.mode = { kind: 'closed' }
    if (mode.kind !== 'writable') return
    await this.flush()
    await Promise.all(this.queues.values())
    this.open.clear()
    await mode.lock?.release()
  }

  /** The index is a cache of summaries: an unreadable one is set aside and rebuilt. */
  private async readIndex(): Promise<IndexFile> {
    let bytes: Buffer
    try {
      bytes = await this.fs.readFile(this.layout.index)
    } catch {
      return { version: 2, entries: {} }
    }
    try {
      const value = JSON.parse(bytes.toString('utf8')) as IndexFile
      if (value && value.version === 2 && typeof value.entries === 'object' && value.entries !== null) return value
      if (value && typeof value.version === 'number') return { version: 2, entries: {} }
    } catch {
      // Fall through to setting it aside.
    }
    if (this.mode.kind === 'writable') await this.fs.rename(this.layout.index, `${this.layout.index}.damaged-${Date.now()}`).catch(() => undefined)
    return { version: 2, entries: {} }
  }

  private async writeIndex(index: IndexFile): Promise<void> {
    if (this.mode.kind !== 'writable') return
    await writeFileDurably(this.layout.index, JSON.stringify(index), { fs: this.fs }).catch((error: unknown) => {
      // Only a cache: the listing is right without it.
      if (!(error instanceof SaveError)) throw error
    })
  }

  /** Forget cached projects so the next read comes from disk (for tests). */
  forget(): void {
    for (const id of this.folds.keys()) this.cancelFold(id)
    this.folds.clear()
    this.open.clear()
  }
}
