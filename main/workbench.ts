import { randomUUID } from 'node:crypto'
import type { ExportFile, HostEvent, ImportRequest, WorkbenchApi } from '../data/api'
import { applyChanges } from '../data/changes'
import { newProject, summarize, type Attachment, type Project, type ProjectSummary } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { keepOriginal } from './attachments'
import { mediaTypeOf } from './mediaTypes'
import { exportProject } from './exporter'
import { importBytes } from './importer'
import type { ProjectStore } from './projectStore'

/** What only a host with native dialogs can do. The browser host and the CLI have none. */
export interface HostDialogs {
  /** Ask for files to import; resolves with their names and bytes, or an empty list if cancelled. */
  chooseFiles(): Promise<{ fileName: string; bytes: Uint8Array }[]>
  /** Ask where to save an export and write it; resolves with the path, or null if cancelled. */
  saveFile(file: ExportFile): Promise<string | null>
  /** Open an http(s) address in the system browser. */
  openExternal(url: string): Promise<void>
}

/** Whether a link may be handed to the system browser: http and https only. */
export function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
  } catch {
    return false
  }
}

export interface WorkbenchOptions {
  readonly store: ProjectStore
  readonly host: 'electron' | 'browser'
  readonly version: string
  readonly dialogs?: HostDialogs
  /** Tells the page about long work under way (the desktop app forwards it over IPC). */
  readonly tell?: (event: HostEvent) => void
  readonly now?: () => string
  readonly newId?: () => string
}

/** A short random id, safe as a file name. */
function shortId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16)
}

/** The one implementation of `WorkbenchApi`, shared by the desktop app (over IPC), the browser
 *  host (over HTTP) and the CLI (directly). */
export function createWorkbench(options: WorkbenchOptions): WorkbenchApi & {
  importFile(fileName: string, bytes: Uint8Array, extra?: { pasted?: boolean; title?: string }): Promise<Result<Project>>
} {
  const { store, dialogs } = options
  const now = options.now ?? (() => new Date().toISOString())
  const newId = options.newId ?? shortId

  async function importFile(fileName: string, bytes: Uint8Array, extra: { pasted?: boolean; title?: string } = {}): Promise<Result<Project>> {
    const at = now()
    const document = await importBytes(fileName, bytes, { documentId: newId(), now: at, ...extra })
    if (!document.ok) return document
    await keepOriginal(store.layout.attachments, bytes)
    return store.create(newProject(newId(), document.value, at))
  }

  const unsupported = (what: string) =>
    fail('unsupported', `${what} needs the desktop app; in the browser use the page's own controls.`)

  return {
    importFile,

    async hostInfo() {
      return ok({ host: options.host, version: options.version, dataDir: store.layout.home })
    },

    async listProjects() {
      return ok(await store.list())
    },

    async createProject(request: ImportRequest) {
      const bytes = request.encoding === 'base64' ? Buffer.from(request.content, 'base64') : Buffer.from(request.content, 'utf8')
      return importFile(request.fileName, new Uint8Array(bytes), { pasted: request.pasted, title: request.title })
    },

    async importWithDialog() {
      if (!dialogs) return unsupported('The open dialog')
      const files = await dialogs.chooseFiles()
      const projects: ProjectSummary[] = []
      const failures: string[] = []
      for (const [i, file] of files.entries()) {
        options.tell?.({ type: 'progress', message: `Importing ${file.fileName} (${i + 1} of ${files.length})…`, done: i, total: files.length })
        const result = await importFile(file.fileName, file.bytes)
        if (result.ok) projects.push(summarize(result.value))
        else failures.push(result.message)
      }
      if (files.length) options.tell?.({ type: 'progress', message: 'Imported.', done: files.length, total: files.length })
      return ok({ projects, failures })
    },

    async getProject({ id }) {
      return store.get(id)
    },

    async addDocument(request) {
      const at = now()
      const bytes = new Uint8Array(request.encoding === 'base64' ? Buffer.from(request.content, 'base64') : Buffer.from(request.content, 'utf8'))
      const document = await importBytes(request.fileName, bytes, { documentId: newId(), now: at, pasted: request.pasted, title: request.title })
      if (!document.ok) return document
      await keepOriginal(store.layout.attachments, bytes)
      return store.update(request.id, (project) =>
        ok({ ...project, documents: [...project.documents, document.value], revision: project.revision + 1, updatedAt: at })
      )
    },

    async attachFile({ fileName, content }) {
      const bytes = new Uint8Array(Buffer.from(content, 'base64'))
      if (bytes.byteLength === 0) return fail('bad-input', `${fileName} is empty.`)
      const sha256 = await keepOriginal(store.layout.attachments, bytes)
      const attachment: Attachment = { fileName, mediaType: mediaTypeOf(fileName), size: bytes.byteLength, sha256, attachedAt: now() }
      return ok(attachment)
    },

    async saveChanges({ id, changes }) {
      const at = now()
      const saved = await store.update(id, (project) => applyChanges(project, changes, at))
      return saved.ok ? ok({ revision: saved.value.revision, updatedAt: saved.value.updatedAt }) : saved
    },

    async renameProject({ id, title }) {
      const at = now()
      const saved = await store.update(id, (project) => ok({ ...project, title: title.trim(), updatedAt: at, revision: project.revision + 1 }))
      return saved.ok ? ok(summarize(saved.value)) : saved
    },

    async deleteProject({ id }) {
      return store.remove(id)
    },

    async restoreProject({ id }) {
      const restored = await store.restore(id)
      return restored.ok ? ok(summarize(restored.value)) : restored
    },

    async exportProject({ id, format }) {
      const project = await store.get(id)
      return project.ok ? ok(exportProject(project.value, format)) : project
    },

    async saveExport(file) {
      if (!dialogs) return unsupported('The save dialog')
      return ok({ path: await dialogs.saveFile(file) })
    },

    async openLink({ url }) {
      if (!isWebLink(url)) return fail('forbidden', `Factwork opens only http and https links, not ${url.slice(0, 80)}.`)
      if (!dialogs) return unsupported('Opening links in the system browser')
      await dialogs.openExternal(url)
      return ok({ opened: true })
    }
  }
}
