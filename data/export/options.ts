import type { ArticleDocument, Project } from '../project'

/** What every export needs besides the project. */
export interface ExportOptions {
  /** Only this document and its annotations; every document of the project when absent. */
  readonly documentId?: string
  /** When the export is made (ISO 8601): the `generated` time of W3C collections, the date of
   *  ClaimReviews that have none of their own, the footer of HTML pages. */
  readonly generatedAt: string
  /** Factwork's version, named as the generator. */
  readonly version: string
}

/** The documents an export covers: the one asked for, or all of them in project order. Throws
 *  `RangeError` when `documentId` names no document of the project (callers check ids first). */
export function exportedDocuments(project: Project, options: Pick<ExportOptions, 'documentId'>): ArticleDocument[] {
  if (options.documentId === undefined) return project.documents
  const document = project.documents.find((d) => d.id === options.documentId)
  if (!document) throw new RangeError(`Document ${options.documentId} is not in project ${project.id}`)
  return [document]
}
