import type { Annotation, Project } from './project'
import { CLAIM_STATUSES, type AnnotationKind, type ClaimStatus } from './vocabulary'

/** What the annotation list shows. Empty strings and nulls mean "any". `verdict` is a scale label,
 *  or `none` for claims without a verdict. */
export interface AnnotationFilter {
  readonly kind: AnnotationKind | null
  readonly status: ClaimStatus | null
  readonly verdict: string | null
  readonly tag: string | null
  readonly text: string
}

export const NO_FILTER: AnnotationFilter = { kind: null, status: null, verdict: null, tag: null, text: '' }

/** The verdict filter value for claims that have none. */
export const NO_VERDICT = '\u0000none'

export type AnnotationSort = 'position' | 'status'

/** Whether a filter narrows the list at all. */
export function isFiltering(filter: AnnotationFilter): boolean {
  return filter.kind !== null || filter.status !== null || filter.verdict !== null || filter.tag !== null || filter.text.trim() !== ''
}

/** The annotations that pass `filter`, sorted. Status and verdict filters keep only claims. Text
 *  matches the quote, note, claimant, ruling, verdict and the cited source's title, ignoring case.
 *  Sorting by status puts claims first in the order of the check (To check … Published), then the
 *  other kinds; ties keep reading order. */
export function filterAnnotations(project: Project, annotations: readonly Annotation[], filter: AnnotationFilter, sort: AnnotationSort): Annotation[] {
  const needle = filter.text.trim().toLowerCase()
  const sourceTitles = new Map(project.sources.map((s) => [s.id, s.title]))
  const docOrder = new Map(project.documents.map((d, i) => [d.id, i]))
  const passes = (a: Annotation): boolean => {
    if (filter.kind && a.kind !== filter.kind) return false
    if (filter.status && (a.kind !== 'claim' || a.status !== filter.status)) return false
    if (filter.verdict !== null) {
      if (a.kind !== 'claim') return false
      if (filter.verdict === NO_VERDICT) {
        if (a.verdict !== null) return false
      } else if (a.verdict === null || a.verdict.trim().toLowerCase() !== filter.verdict.trim().toLowerCase()) {
        return false
      }
    }
    if (filter.tag && !a.tags.includes(filter.tag)) return false
    if (needle) {
      const hay = [a.quote.exact, a.note, a.claimant, a.ruling, a.verdict ?? '', a.sourceId ? (sourceTitles.get(a.sourceId) ?? '') : ''].join('\n').toLowerCase()
      if (!hay.includes(needle)) return false
    }
    return true
  }
  const statusRank = (a: Annotation) => (a.kind === 'claim' ? CLAIM_STATUSES.findIndex((s) => s.value === a.status) : CLAIM_STATUSES.length)
  const byPosition = (a: Annotation, b: Annotation) => (docOrder.get(a.documentId) ?? 0) - (docOrder.get(b.documentId) ?? 0) || a.start - b.start || b.end - a.end
  return annotations.filter(passes).sort(sort === 'status' ? (a, b) => statusRank(a) - statusRank(b) || byPosition(a, b) : byPosition)
}
