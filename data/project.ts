import { z } from 'zod'
import { TextQuote } from './anchor'
import { Block } from './document'
import { AnnotationKind } from './vocabulary'

/** An ISO 8601 timestamp. */
const Timestamp = z.string().min(1)

/** The original file an article was imported from, kept byte for byte as an attachment named by
 *  its SHA-256. Pasted text has an original too: the text as pasted. */
export const Original = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  importedAt: Timestamp
})
export type Original = z.infer<typeof Original>

/** How a document arrived. */
export const DocumentFormat = z.enum(['text', 'markdown', 'paste'])
export type DocumentFormat = z.infer<typeof DocumentFormat>

/** An imported article: its blocks, and its plain text, which is the one coordinate system for
 *  annotations. `text` is always `layout(blocks).text`. */
export const ArticleDocument = z.object({
  id: z.string().min(1),
  title: z.string(),
  format: DocumentFormat,
  blocks: z.array(Block),
  text: z.string(),
  original: Original,
  lang: z.string().optional(),
  dir: z.enum(['ltr', 'rtl', 'auto']).optional()
})
export type ArticleDocument = z.infer<typeof ArticleDocument>

/** A highlighted passage. Standoff: offsets into its document's plain text (UTF-16 code units,
 *  `end` exclusive) and the quote that finds it again; never an editor position. */
export const Annotation = z.object({
  id: z.string().min(1),
  documentId: z.string().min(1),
  kind: AnnotationKind,
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  quote: TextQuote,
  note: z.string(),
  createdAt: Timestamp,
  modifiedAt: Timestamp
})
export type Annotation = z.infer<typeof Annotation>

/** One investigation: its documents and their annotations. `revision` grows by one with every
 *  saved change. */
export const Project = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  revision: z.number().int().nonnegative(),
  documents: z.array(ArticleDocument),
  annotations: z.array(Annotation)
})
export type Project = z.infer<typeof Project>

/** The version of the project file this code writes. */
export const PROJECT_FILE_VERSION = 1

/** What one project file holds. */
export const ProjectFile = z.object({
  version: z.literal(PROJECT_FILE_VERSION),
  project: Project
})
export type ProjectFile = z.infer<typeof ProjectFile>

/** What the project list shows without loading a whole project. */
export const ProjectSummary = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  documentCount: z.number().int().nonnegative(),
  annotationCount: z.number().int().nonnegative(),
  counts: z.record(AnnotationKind, z.number().int().nonnegative())
})
export type ProjectSummary = z.infer<typeof ProjectSummary>

export function summarize(project: Project): ProjectSummary {
  const counts = { claim: 0, source: 0, evidence: 0, note: 0 }
  for (const a of project.annotations) counts[a.kind]++
  return {
    id: project.id,
    title: project.title,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    documentCount: project.documents.length,
    annotationCount: project.annotations.length,
    counts
  }
}

/** A new project holding one document. */
export function newProject(id: string, document: ArticleDocument, now: string): Project {
  return {
    id,
    title: document.title,
    createdAt: now,
    updatedAt: now,
    revision: 0,
    documents: [document],
    annotations: []
  }
}

/** Parse a project file's JSON value, migrating older versions. Returns a sentence for the user
 *  when the value is not a project file this code can read. */
export function readProjectFile(value: unknown): { ok: true; file: ProjectFile } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || !('version' in value)) {
    return { ok: false, problem: 'it is not a Factwork project file (no version)' }
  }
  const version = (value as { version: unknown }).version
  if (typeof version === 'number' && version > PROJECT_FILE_VERSION) {
    return { ok: false, problem: `it was written by a newer Factwork (file version ${version})` }
  }
  const parsed = ProjectFile.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
    return { ok: false, problem: `it does not match the project format${where}: ${issue?.message ?? 'invalid'}` }
  }
  return { ok: true, file: parsed.data }
}
