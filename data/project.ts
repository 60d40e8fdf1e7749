import { z } from 'zod'
import { TextQuote } from './anchor'
import { Block } from './document'
import { DEFAULT_SCALE, VerdictScale } from './verdicts'
import {
  AnnotationKind,
  CheckWorthiness,
  ClaimStatus,
  ClaimType,
  Confidence,
  Credibility,
  Reliability,
  SourceOrigin,
  Stance
} from './vocabulary'

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
export const DocumentFormat = z.enum(['text', 'markdown', 'paste', 'html', 'docx', 'pdf'])
export type DocumentFormat = z.infer<typeof DocumentFormat>

/** How each format is named to a person ("Imported as …"). */
export const DOCUMENT_FORMAT_LABELS: Readonly<Record<DocumentFormat, string>> = {
  text: 'Plain text',
  markdown: 'Markdown',
  paste: 'Pasted text',
  html: 'Web page',
  docx: 'Word document',
  pdf: 'PDF'
}

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
  dir: z.enum(['ltr', 'rtl', 'auto']).optional(),
  /** What a web page says of itself: author, site, publication time, address. */
  byline: z.string().optional(),
  siteName: z.string().optional(),
  publishedTime: z.string().optional(),
  url: z.string().optional()
})
export type ArticleDocument = z.infer<typeof ArticleDocument>

/** A highlighted passage. Standoff: offsets into its document's plain text (UTF-16 code units,
 *  `end` exclusive) and the quote that finds it again; never an editor position.
 *
 *  Every annotation carries every field; each kind shows its own: claims the claimant, date, type,
 *  status, verdict (a label of the project's scale), ruling and check-worthiness; sources the
 *  source record they cite; evidence its credibility; all of them a confidence, a note and tags. */
export const Annotation = z.object({
  id: z.string().min(1),
  documentId: z.string().min(1),
  kind: AnnotationKind,
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  quote: TextQuote,
  note: z.string(),
  confidence: Confidence.nullable(),
  tags: z.array(z.string()),
  claimant: z.string(),
  claimDate: z.string(),
  claimType: ClaimType.nullable(),
  status: ClaimStatus,
  verdict: z.string().nullable(),
  ruling: z.string(),
  checkWorthiness: CheckWorthiness.nullable(),
  sourceId: z.string().nullable(),
  credibility: Credibility.nullable(),
  createdAt: Timestamp,
  modifiedAt: Timestamp
})
export type Annotation = z.infer<typeof Annotation>

/** The fields of a new annotation besides its place and kind. */
export const ANNOTATION_DEFAULTS = {
  note: '',
  confidence: null,
  tags: [],
  claimant: '',
  claimDate: '',
  claimType: null,
  status: 'to-check',
  verdict: null,
  ruling: '',
  checkWorthiness: null,
  sourceId: null,
  credibility: null
} as const satisfies Partial<Annotation>

/** A local file kept with a source record, byte for byte, named by its SHA-256. */
export const Attachment = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  attachedAt: Timestamp
})
export type Attachment = z.infer<typeof Attachment>

/** An entry of the project's source library: who or what a claim leans on, and how reliable it is
 *  on the Admiralty scale. Source annotations point at one. */
export const SourceRecord = z.object({
  id: z.string().min(1),
  title: z.string().trim().min(1),
  url: z.string(),
  publisher: z.string(),
  author: z.string(),
  date: z.string(),
  accessed: z.string(),
  origin: SourceOrigin.nullable(),
  reliability: Reliability.nullable(),
  notes: z.string(),
  attachment: Attachment.nullable(),
  createdAt: Timestamp,
  modifiedAt: Timestamp
})
export type SourceRecord = z.infer<typeof SourceRecord>

/** What a link points at: a record of the source library, or an annotation (evidence, or a
 *  source passage) in any document of the project. */
export const LinkTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('source'), id: z.string().min(1) }),
  z.object({ type: z.literal('annotation'), id: z.string().min(1) })
])
export type LinkTarget = z.infer<typeof LinkTarget>

/** A claim's link to what supports, refutes or gives context to it. */
export const Link = z.object({
  id: z.string().min(1),
  claimId: z.string().min(1),
  target: LinkTarget,
  stance: Stance,
  note: z.string(),
  createdAt: Timestamp,
  modifiedAt: Timestamp
})
export type Link = z.infer<typeof Link>

/** A project's own tag, applied to annotations by id. */
export const Tag = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/)
})
export type Tag = z.infer<typeof Tag>

/** Who publishes the fact-check and where: exports name them (ClaimReview `author` and `url`,
 *  W3C `creator`). Empty strings mean "not set". */
export const Publication = z.object({
  /** The fact-checking organisation, as ClaimReview's `author`. */
  organization: z.string().max(200),
  /** The organisation's home page. */
  organizationUrl: z.string().max(2000),
  /** The address where this fact-check is (or will be) published, as ClaimReview's `url`. */
  reviewUrl: z.string().max(2000),
  /** The fact-checker's name, as the W3C annotations' `creator`. */
  author: z.string().max(200)
})
export type Publication = z.infer<typeof Publication>

export const EMPTY_PUBLICATION: Publication = { organization: '', organizationUrl: '', reviewUrl: '', author: '' }

/** What each project decides for itself. */
export const ProjectSettings = z.object({
  verdictScale: VerdictScale,
  tags: z.array(Tag),
  publication: Publication
})
export type ProjectSettings = z.infer<typeof ProjectSettings>

export const DEFAULT_SETTINGS: ProjectSettings = { verdictScale: DEFAULT_SCALE, tags: [], publication: EMPTY_PUBLICATION }

/** An annotation that could not be placed in its document: imported annotations whose quote is
 *  not in the text, say. It keeps every field, so nothing is lost, and waits in the project's
 *  orphans list until a person places or discards it. `start` and `end` are where it was last
 *  known to be, a hint only. */
export const Orphan = Annotation.omit({ start: true, end: true }).extend({
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  /** Why it could not be placed, as a sentence. */
  reason: z.string(),
  /** Where it came from: the imported file's name, for instance. */
  origin: z.string()
})
export type Orphan = z.infer<typeof Orphan>

/** One investigation: its documents, their annotations, the source library, the links between
 *  claims and what bears on them, and its settings. `revision` grows by one with every saved
 *  change. */
export const Project = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  revision: z.number().int().nonnegative(),
  documents: z.array(ArticleDocument).min(1),
  annotations: z.array(Annotation),
  sources: z.array(SourceRecord),
  links: z.array(Link),
  /** Annotations that could not be placed; never dropped. */
  orphans: z.array(Orphan),
  settings: ProjectSettings
})
export type Project = z.infer<typeof Project>

/** The version of the project file this code writes. Version 1 had no claim fields, sources,
 *  links or settings; version 2 no orphans and no publication settings; `migrate.ts` reads both. */
export const PROJECT_FILE_VERSION = 3

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
    annotations: [],
    sources: [],
    links: [],
    orphans: [],
    settings: DEFAULT_SETTINGS
  }
}
