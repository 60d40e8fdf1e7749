import { randomUUID } from 'node:crypto'
import type { ExportFile, HostEvent, ImportRequest, WorkbenchApi } from '../data/api'
import { summarize, type Attachment } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { keepOriginal } from './attachments'
import { browserAddress } from './externalLinks'
import { mediaTypeOf } from './mediaTypes'
import { join } from 'node:path'
import { resolveConflicts } from '../data/merge'
import { ExchangeHistory } from './bundle'
import { exportProject } from './exporter'
import { importBytes } from './importer'
import { importProjectFile, type ImportOutcome } from './projectImport'
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


export interface WorkbenchOptions {
  readonly store: ProjectStore
  readonly host: 'electron' | 'browser'
  readonly version: string
  readonly dialogs?: HostDialogs
  /** Prints an exported HTML page to PDF: Electron's printer in the desktop app, an installed
   *  Chromium elsewhere; absent where neither is at hand. */
  readonly printPdf?: (html: string) => Promise<Result<Uint8Array>>
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
  importFile(fileName: string, bytes: Uint8Array, extra?: { pasted?: boolean; title?: string }): Promise<Result<ImportOutcome>>
  /** Where the versions of exchanged bundles are kept, for three-way merges. */
  readonly history: ExchangeHistory
} {
  const { store, dialogs } = options
  const now = options.now ?? (() => new Date().toISOString())
  const newId = options.newId ?? shortId
  const history = new ExchangeHistory(join(store.layout.home, 'exchanges'))

  /** Import a file as a project: an article, a page Factwork exported, or a bundle (merged into
   *  its project when the store has it). */
  function importFile(fileName: string, bytes: Uint8Array, extra: { pasted?: boolean; title?: string } = {}): Promise<Result<ImportOutcome>> {
    return importProjectFile({ store, history, now, newId }, fileName, bytes, extra)
  }

  const outcome = (imported: ImportOutcome) => ({ ...imported, project: summarize(imported.project), notices: [...imported.notices], conflicts: [...imported.conflicts] })

  const unsupported = (what: string) =>
    fail('unsupported', `${what} needs the desktop app; in the browser use the page's own controls.`)

  return {
    importFile,
    history,

    async hostInfo() {
      return ok({ host: options.host, version: options.version, dataDir: store.layout.home })
    },

    async listProjects() {
      return ok(await store.list())
    },

    async createProject(request: ImportRequest) {
      const bytes = request.encoding === 'base64' ? Buffer.from(request.content, 'base64') : Buffer.from(request.content, 'utf8')
      const imported = await importFile(request.fileName, new Uint8Array(bytes), { pasted: request.pasted, title: request.title })
      return imported.ok ? ok(outcome(imported.value)) : imported
    },

    async importWithDialog() {
      if (!dialogs) return unsupported('The open dialog')
      const files = await dialogs.chooseFiles()
      const projects: ReturnType<typeof outcome>[] = []
      const failures: string[] = []
      for (const [i, file] of files.entries()) {
        options.tell?.({ type: 'progress', message: `Importing ${file.fileName} (${i + 1} of ${files.length})…`, done: i, total: files.length })
        const result = await importFile(file.fileName, file.bytes)
        if (result.ok) projects.push(outcome(result.value))
        else failures.push(result.message)
      }
      if (files.length) options.tell?.({ type: 'progress', message: 'Imported.', done: files.length, total: files.length })
      return ok({ projects, failures })
    },

    async getProject({ id }) {
      return store.get(id)
    },

    async addDocument(request) {
      // A project that is not there (or cannot be read) is named before the file is read or kept.
      const existing = await store.get(request.id)
      if (!existing.ok) return existing
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
      const saved = await store.saveChanges(id, changes, at)
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

    async listBackups({ id }) {
      const backups = await store.backups(id)
      return backups.ok ? ok({ backups: backups.value }) : backups
    },

    async restoreBackup({ id, generation }) {
      const restored = await store.restoreBackup(id, generation ?? null, now())
      return restored.ok ? ok({ project: summarize(restored.value.project), generation: restored.value.generation }) : restored
    },

    async openReadOnly({ id }) {
      return store.readOnlyView(id)
    },

    async exportProject({ id, format, documentId, publication }) {
      const got = await store.get(id)
      if (!got.ok) return got
      const settings = got.value.settings
      const project = publication ? { ...got.value, settings: { ...settings, publication: { ...settings.publication, ...publication } } } : got.value
      return exportProject(project, format, {
        options: { documentId, generatedAt: now(), version: options.version },
        attachmentsDir: store.layout.attachments,
        history,
        printPdf: options.printPdf
      })
    },

    async resolveConflicts({ id, conflicts, choices }) {
      const saved = await store.update(id, (project) => resolveConflicts(project, conflicts, choices, now()))
      return saved.ok ? ok(summarize(saved.value)) : saved
    },

    async saveExport(file) {
      if (!dialogs) return unsupported('The save dialog')
      return ok({ path: await dialogs.saveFile(file) })
    },

    async openLink({ url }) {
      const address = browserAddress(url)
      if (!address.ok) return address
      if (!dialogs) return unsupported('Opening links in the system browser')
      await dialogs.openExternal(address.value)
      return ok({ opened: true })
    }
  }
}
