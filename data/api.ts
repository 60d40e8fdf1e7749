import { z } from 'zod'
import { Change } from './changes'
import { ConflictChoices, MergeConflict } from './mergeReport'
import { Attachment, Project, ProjectSummary, Publication } from './project'
import type { Result } from './result'
import type { MethodName } from './channels'

export { METHOD_NAMES, channelOf, EVENT_CHANNEL, type MethodName } from './channels'

interface MethodSpec {
  readonly args: z.ZodType
  readonly result: z.ZodType
}

/** The largest article a person may import, in bytes of the original file. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

const ProjectId = z.object({ id: z.string().min(1).max(200) })

/** A file, or pasted text, to make a project from. Text files travel as UTF-8 text; anything that
 *  may be binary travels as base64 so no byte is lost. */
export const ImportRequest = z.object({
  fileName: z.string().min(1).max(1000),
  content: z.string().max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4),
  encoding: z.enum(['utf8', 'base64']),
  /** Pasted text: the project is titled with its first line and the original is the text itself. */
  pasted: z.boolean().optional(),
  title: z.string().max(300).optional()
})
export type ImportRequest = z.infer<typeof ImportRequest>

/** What importing a file did: the project it made, or the existing project a bundle was merged
 *  into (`created` false), with sentences for the person and the items a merge found changed on
 *  both sides (the local version was kept for each until the person chooses). */
export const ImportOutcome = z.object({
  project: ProjectSummary,
  created: z.boolean(),
  notices: z.array(z.string()),
  conflicts: z.array(MergeConflict)
})
export type ImportOutcome = z.infer<typeof ImportOutcome>

/** A project file the store could not read, named so the person can find it. */
export const StoreProblem = z.object({
  file: z.string(),
  projectId: z.string().optional(),
  message: z.string()
})
export type StoreProblem = z.infer<typeof StoreProblem>

/** A kept generation of a project file (`backups/<id>/<generation>.json`): when its content was
 *  saved and what it holds, or, when it cannot be read, why (`problem`) with the rest null. */
export const Backup = z.object({
  generation: z.number().int().positive(),
  savedAt: z.string(),
  revision: z.number().int().nonnegative().nullable(),
  updatedAt: z.string().nullable(),
  title: z.string().nullable(),
  annotationCount: z.number().int().nonnegative().nullable(),
  problem: z.string().nullable()
})
export type Backup = z.infer<typeof Backup>

/** A project to look at without saving anything: `shown` says what it is in a sentence (the file
 *  as saved, the part of a damaged one that can be read, or a backup), `problem` why the project
 *  cannot be opened normally, or null when it can. */
export const ReadOnlyProject = z.object({
  project: Project,
  shown: z.string(),
  problem: z.string().nullable()
})
export type ReadOnlyProject = z.infer<typeof ReadOnlyProject>

export const ProjectListing = z.object({
  projects: z.array(ProjectSummary),
  problems: z.array(StoreProblem)
})
export type ProjectListing = z.infer<typeof ProjectListing>

/** What a project can be exported as (DESIGN §7). `pdf` needs the desktop app's printer. */
export const ExportFormat = z.enum(['html', 'pdf', 'docx', 'markdown', 'w3c', 'claimreview', 'csv', 'bundle', 'text'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** An export ready to be saved: the file name to suggest and its content, as UTF-8 text or, for
 *  binary formats (Word, PDF, bundles), base64. `warnings` tell the person what the file lacks
 *  (a ClaimReview without the fact-check's address, say). */
export const ExportFile = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  warnings: z.array(z.string())
})
export type ExportFile = z.infer<typeof ExportFile>

export const HostInfo = z.object({
  /** `electron` offers native dialogs; `browser` is the local web host. */
  host: z.enum(['electron', 'browser']),
  version: z.string(),
  dataDir: z.string()
})
export type HostInfo = z.infer<typeof HostInfo>

/** Every operation the renderer may ask of the main process, with its argument and result
 *  schemas. Adding an entry here is the only way to add a channel: both transports and the preload
 *  are typed against this table, so a missing handler is a compile error. */
export const methods = {
  hostInfo: { args: z.object({}), result: HostInfo },
  listProjects: { args: z.object({}), result: ProjectListing },
  /** Make a project from one imported document. */
  createProject: { args: ImportRequest, result: ImportOutcome },
  /** Show the native open dialog and import each chosen file (desktop only). */
  importWithDialog: { args: z.object({}), result: z.object({ projects: z.array(ImportOutcome), failures: z.array(z.string()) }) },
  /** Settle the conflicts a merge kept the local version for: take theirs where `choices` says so. */
  resolveConflicts: {
    args: ProjectId.extend({ conflicts: z.array(MergeConflict).max(100_000), choices: ConflictChoices }),
    result: ProjectSummary
  },
  getProject: { args: ProjectId, result: Project },
  /** Import a further document into a project (the report an article cites, say). */
  addDocument: { args: ImportRequest.extend({ id: z.string().min(1).max(200) }), result: Project },
  /** Keep a local file with a source record: stored byte for byte, named by its SHA-256. */
  attachFile: {
    args: z.object({ fileName: z.string().min(1).max(1000), content: z.string().max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4) }),
    result: Attachment
  },
  /** Save annotation edits as deltas; acknowledged only once they are on disk. */
  saveChanges: {
    args: ProjectId.extend({ changes: z.array(Change).min(1).max(100_000) }),
    result: z.object({ revision: z.number().int(), updatedAt: z.string() })
  },
  renameProject: { args: ProjectId.extend({ title: z.string().trim().min(1).max(300) }), result: ProjectSummary },
  /** Move a project to the store's trash, from where `restoreProject` brings it back. */
  deleteProject: { args: ProjectId, result: z.object({ id: z.string() }) },
  restoreProject: { args: ProjectId, result: ProjectSummary },
  /** Export the project, or one of its documents, in a format. */
  exportProject: {
    args: ProjectId.extend({
      format: ExportFormat,
      documentId: z.string().min(1).max(200).optional(),
      /** Publication details for this export only, over the project's settings (the CLI's
       *  --review-url and friends). */
      publication: Publication.partial().optional()
    }),
    result: ExportFile
  },
  /** Show the native save dialog and write an export there (desktop only). */
  saveExport: { args: ExportFile, result: z.object({ path: z.string().nullable() }) },
  /** Open an http(s) link of an article in the system browser, at the person's request (desktop
   *  only; the browser host opens it itself). */
  openLink: { args: z.object({ url: z.string().max(8000) }), result: z.object({ opened: z.boolean() }) },
  /** The kept generations of a project file, newest first. */
  listBackups: { args: ProjectId, result: z.object({ backups: z.array(Backup) }) },
  /** Replace a project by one of its generations (the newest readable one when `generation` is
   *  left out); what it replaces is kept. */
  restoreBackup: {
    args: ProjectId.extend({ generation: z.number().int().positive().optional() }),
    result: z.object({ project: ProjectSummary, generation: z.number().int().positive() })
  },
  /** A project, damaged or not, to look at without saving anything. */
  openReadOnly: { args: ProjectId, result: ReadOnlyProject }
} as const satisfies Record<MethodName, MethodSpec>

export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]['args']>
export type MethodValue<M extends MethodName> = z.output<(typeof methods)[M]['result']>

/** The contract between the renderer and the main process. Each method resolves to a result value;
 *  it never rejects for a failure a person can cause. */
export type WorkbenchApi = { [M in MethodName]: (args: MethodArgs<M>) => Promise<Result<MethodValue<M>>> }

/** Menu commands the desktop app forwards to the page, which knows what is open. */
export const HostCommand = z.enum(['import', 'export', 'undo', 'redo'])
export type HostCommand = z.infer<typeof HostCommand>

/** Messages from the main process to the page. */
export const HostEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), command: HostCommand }),
  z.object({ type: z.literal('open-project'), id: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /** Long work in the main process (importing files chosen in the open dialog, say): how far it
   *  is; `done === total` ends it. */
  z.object({ type: z.literal('progress'), message: z.string(), done: z.number().int().nonnegative(), total: z.number().int().positive() })
])
export type HostEvent = z.infer<typeof HostEvent>

/** What the preload exposes on `window.factwork`: one function per method, and a way to hear
 *  host events. */
export type Bridge = WorkbenchApi & { onEvent(listener: (event: HostEvent) => void): () => void }
