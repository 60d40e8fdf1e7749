import { quoteAt } from '../../data/anchor'
import { buildDocument } from '../../data/import'
import { ANNOTATION_DEFAULTS, newProject, type Annotation, type Project, type SourceRecord } from '../../data/project'
import type { AnnotationKind } from '../../data/vocabulary'

/** Shared builders for the data tests: a project over a short article, and annotations on it. */
export const now = '2026-01-01T00:00:00.000Z'

export const ARTICLE = 'Headline\nThe trade amounts to approximately US$2.8 billion, the report said.\nOfficials at the Gatestone Institute disagreed.\n'

export function project(text = ARTICLE): Project {
  const doc = buildDocument({
    id: 'd1',
    fileName: 'a.txt',
    format: 'text',
    text,
    original: { fileName: 'a.txt', mediaType: 'text/plain', size: text.length, sha256: 'a'.repeat(64), importedAt: now }
  })
  if (!doc.ok) throw new Error(doc.message)
  return newProject('p1', doc.value, now)
}

/** An annotation of `kind` on the first occurrence of `exact` in the project's first document. */
export function annotation(p: Project, exact: string, id: string, kind: AnnotationKind = 'claim', documentId = 'd1'): Annotation {
  const text = p.documents.find((d) => d.id === documentId)!.text
  const start = text.indexOf(exact)
  if (start < 0) throw new Error(`"${exact}" is not in the document`)
  return { ...ANNOTATION_DEFAULTS, tags: [], id, documentId, kind, start, end: start + exact.length, quote: quoteAt(text, start, start + exact.length), createdAt: now, modifiedAt: now }
}

export function source(id: string, title: string): SourceRecord {
  return { id, title, url: '', publisher: '', author: '', date: '', accessed: '', origin: null, reliability: null, notes: '', attachment: null, createdAt: now, modifiedAt: now }
}
