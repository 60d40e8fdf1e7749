import { Low } from 'lowdb'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoreProblem } from '../data/api'
import { PROJECT_FILE_VERSION, summarize, type Project, type ProjectFile, type ProjectSummary } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { writeFileDurably } from './durable'
import { ProjectFileAdapter, UnreadableFileError } from './projectFile'

/** Project ids are file names, so they are kept to a safe alphabet. */
const ID = /^[A-Za-z0-9_-]{1,80}$/

/** How many earlier versions of each project file are kept. */
export const GENERATIONS_KEPT = 5

interface IndexEntry {
  readonly size: number
  readonly mtimeMs: number
  readonly summary: ProjectSummary
}

interface IndexFile {
  version: 1
  entries: Record<string, IndexEntry>
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

/** Every project in its own lowdb file under `<home>/projects`, a small index that caches their
 *  summaries, the last generations of each file under `<home>/backups/<id>`, and deleted projects
 *  under `<home>/trash` until they are restored. Operations on one project run one at a time. */
export class ProjectStore {
  readonly layout: ReturnType<typeof storeLayout>
  private readonly open = new Map<string, Low<ProjectFile>>()
  private readonly queues = new Map<string, Promise<unknown>>()

  private constructor(home: string) {
    this.layout = storeLayout(home)
  }

  /** Open (creating its folders if needed) the store at `home`. */
  static async open(home: string): Promise<ProjectStore> {
    const store = new ProjectStore(home)
    for (const dir of [store.layout.projects, store.layout.backups, store.layout.trash, store.layout.attachments]) {
      await mkdir(dir, { recursive: true })
    }
    return store
  }

  /** The name under which a project file is reported to a person: relative to the data directory. */
  fileName(id: string): string {
    return `projects/${id}.json`
  }

  private path(id: string): string {
    return join(this.layout.projects, `${id}.json`)
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

  private async load(id: string): Promise<Result<Low<ProjectFile>>> {
    if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
    const cached = this.open.get(id)
    if (cached) return ok(cached)
    const adapter = new ProjectFileAdapter(this.path(id), this.fileName(id), join(this.layout.backups, id), GENERATIONS_KEPT)
    try {
      const file = await adapter.read()
      if (!file) return fail('not-found', `There is no project with id ${id}.`)
      const db = new Low<ProjectFile>(adapter, file)
      this.open.set(id, db)
      return ok(db)
    } catch (error) {
      if (error instanceof UnreadableFileError) {
        return fail('unreadable', `${error.message}. The file has been left as it is.`)
      }
      throw error
    }
  }

  /** The whole project. */
  async get(id: string): Promise<Result<Project>> {
    return this.serial(id, async () => {
      const db = await this.load(id)
      return db.ok ? ok(db.value.data.project) : db
    })
  }

  /** Store a new project. Fails if its id is taken. */
  async create(project: Project): Promise<Result<Project>> {
    if (!ID.test(project.id)) throw new RangeError(`Project id ${JSON.stringify(project.id)} is not a safe file name`)
    return this.serial(project.id, async () => {
      try {
        await stat(this.path(project.id))
        return fail('conflict', `A project with id ${project.id} already exists.`)
      } catch {
        // Free: go on.
      }
      const adapter = new ProjectFileAdapter(this.path(project.id), this.fileName(project.id), join(this.layout.backups, project.id), GENERATIONS_KEPT)
      const db = new Low<ProjectFile>(adapter, { version: PROJECT_FILE_VERSION, project })
      await db.write()
      this.open.set(project.id, db)
      return ok(project)
    })
  }

  /** Change a project with `change`, which returns the new project or a failure. The result is on
   *  disk when the returned promise resolves; on any failure the file keeps its previous content. */
  async update(id: string, change: (project: Project) => Result<Project>): Promise<Result<Project>> {
    return this.serial(id, async () => {
      const db = await this.load(id)
      if (!db.ok) return db
      const before = db.value.data
      const next = change(before.project)
      if (!next.ok) return next
      db.value.data = { version: PROJECT_FILE_VERSION, project: next.value }
      try {
        await db.value.write()
      } catch (error) {
        db.value.data = before
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
        return fail('io', `Could not save ${this.fileName(id)} (${code}: ${(error as Error).message}). The previous version is intact.`)
      }
      return ok(next.value)
    })
  }

  /** Move a project to the trash. */
  async remove(id: string): Promise<Result<{ id: string }>> {
    return this.serial(id, async () => {
      if (!ID.test(id)) return fail('not-found', `There is no project with id ${JSON.stringify(id)}.`)
      try {
        await rename(this.path(id), join(this.layout.trash, `${id}.json`))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('not-found', `There is no project with id ${id}.`)
        throw error
      }
      this.open.delete(id)
      return ok({ id })
    })
  }

  /** Bring a deleted project back from the trash. */
  async restore(id: string): Promise<Result<Project>> {
    const moved = await this.serial(id, async (): Promise<Result<null>> => {
      if (!ID.test(id)) return fail('not-found', `There is no deleted project with id ${JSON.stringify(id)}.`)
      try {
        await stat(this.path(id))
        return fail('conflict', `A project with id ${id} already exists.`)
      } catch {
        // Free: go on.
      }
      try {
        await rename(join(this.layout.trash, `${id}.json`), this.path(id))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('not-found', `There is no deleted project with id ${id}.`)
        throw error
      }
      return ok(null)
    })
    return moved.ok ? this.get(id) : moved
  }

  /** Summaries of every readable project, newest first, and a problem for every project file that
   *  cannot be read. Uses the index for files unchanged since they were last summarised. */
  async list(): Promise<{ projects: ProjectSummary[]; problems: StoreProblem[] }> {
    const index = await this.readIndex()
    const names = (await readdir(this.layout.projects)).filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    const entries: Record<string, IndexEntry> = {}
    const problems: StoreProblem[] = []
    let changed = false
    for (const name of names) {
      const id = name.slice(0, -'.json'.length)
      let info
      try {
        info = await stat(join(this.layout.projects, name))
      } catch {
        continue
      }
      const cached = index.entries[id]
      if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
        entries[id] = cached
        continue
      }
      changed = true
      const project = ID.test(id) ? await this.get(id) : fail('unreadable', `projects/${name} has a name that is not a project id.`)
      if (project.ok) {
        entries[id] = { size: info.size, mtimeMs: info.mtimeMs, summary: summarize(project.value) }
      } else {
        problems.push({ file: `projects/${name}`, projectId: id, message: project.message })
      }
    }
    if (changed || Object.keys(entries).length !== Object.keys(index.entries).length) {
      await this.writeIndex({ version: 1, entries })
    }
    const projects = Object.values(entries)
      .map((e) => e.summary)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    return { projects, problems }
  }

  /** Validate every project file in full, ignoring the index. */
  async check(): Promise<{ checked: number; problems: StoreProblem[] }> {
    const names = (await readdir(this.layout.projects)).filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    const problems: StoreProblem[] = []
    for (const name of names) {
      const id = name.slice(0, -'.json'.length)
      const adapter = new ProjectFileAdapter(join(this.layout.projects, name), `projects/${name}`, join(this.layout.backups, id))
      try {
        await adapter.read()
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error
        problems.push({ file: error.file, projectId: id, message: error.message })
      }
    }
    return { checked: names.length, problems }
  }

  /** The index is a cache of summaries: a damaged one is set aside and rebuilt. */
  private async readIndex(): Promise<IndexFile> {
    let text: string
    try {
      text = await readFile(this.layout.index, 'utf8')
    } catch {
      return { version: 1, entries: {} }
    }
    try {
      const value = JSON.parse(text) as IndexFile
      if (value && value.version === 1 && typeof value.entries === 'object' && value.entries !== null) return value
    } catch {
      // Fall through to setting it aside.
    }
    await rename(this.layout.index, `${this.layout.index}.damaged-${Date.now()}`).catch(() => undefined)
    return { version: 1, entries: {} }
  }

  private async writeIndex(index: IndexFile): Promise<void> {
    await writeFileDurably(this.layout.index, JSON.stringify(index))
  }

  /** Forget cached projects so the next read comes from disk (for tests and `check`). */
  forget(): void {
    this.open.clear()
  }
}
