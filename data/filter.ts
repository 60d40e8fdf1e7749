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

/** Whether `a` passes `filter`. `sourceTitles` maps source record ids to their titles, which the
 *  text filter also searches. */
function passesFilter(a: Annotation, filter: AnnotationFilter, needle: string, sourceTitles: ReadonlyMap<string, string>): boolean {
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

/** The order of the list: negative when `a` comes before `b`, 0 when neither does (the list then
 *  keeps the order of the project's annotations). */
function listOrder(project: Project, sort: AnnotationSort): (a: Annotation, b: Annotation) => number {
  const docOrder = new Map(project.documents.map((d, i) => [d.id, i]))
  const statusRank = (a: Annotation) => (a.kind === 'claim' ? CLAIM_STATUSES.findIndex((s) => s.value === a.status) : CLAIM_STATUSES.length)
  const byPosition = (a: Annotation, b: Annotation) => (docOrder.get(a.documentId) ?? 0) - (docOrder.get(b.documentId) ?? 0) || a.start - b.start || b.end - a.end
  return sort === 'status' ? (a, b) => statusRank(a) - statusRank(b) || byPosition(a, b) : byPosition
}

/** The annotations that pass `filter`, sorted. Status and verdict filters keep only claims. Text
 *  matches the quote, note, claimant, ruling, verdict and the cited source's title, ignoring case.
 *  Sorting by status puts claims first in the order of the check (To check … Published), then the
 *  other kinds; ties keep reading order. */
export function filterAnnotations(project: Project, annotations: readonly Annotation[], filter: AnnotationFilter, sort: AnnotationSort): Annotation[] {
  const needle = filter.text.trim().toLowerCase()
  const sourceTitles = new Map(project.sources.map((s) => [s.id, s.title]))
  return annotations.filter((a) => passesFilter(a, filter, needle, sourceTitles)).sort(listOrder(project, sort))
}

/** The annotation list as it was last worked out, and what it was worked out from. */
export interface FilteredAnnotations {
  /** The project's annotations the list was made of. */
  readonly annotations: readonly Annotation[]
  readonly sources: Project['sources']
  /** The ids of the project's documents, in their order (the order of the list follows it). */
  readonly documentIds: readonly string[]
  readonly filter: AnnotationFilter
  readonly sort: AnnotationSort
  /** What the list shows: `filterAnnotations` of the above. */
  readonly shown: readonly Annotation[]
}

/** Whether two lists hold the same items in the same order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Beyond this share of the annotations changed at once, the list is worked out afresh. */
const REFILTER_SHARE = 0.1

/** The annotation list of `project`, exactly as `filterAnnotations(project, project.annotations,
 *  filter, sort)` makes it, worked out from `previous` (the list before the project last changed)
 *  when the filter, the order, the documents' order and the source records are the same and only a few
 *  annotations were added, changed or removed: those are taken out of the list and put back in at
 *  their place, so an edit costs a pass over the list rather than a sort of every annotation.
 *  Annotations are compared by identity, as the project's changes replace the ones they change.
 *  When nothing the list shows has changed, `shown` is the very array of `previous`. */
export function refilterAnnotations(previous: FilteredAnnotations | null, project: Project, filter: AnnotationFilter, sort: AnnotationSort): FilteredAnnotations {
  const after = project.annotations
  const documentIds = project.documents.map((d) => d.id)
  const afresh = (): FilteredAnnotations => ({ annotations: after, sources: project.sources, documentIds, filter, sort, shown: filterAnnotations(project, after, filter, sort) })
  if (
    !previous ||
    previous.filter !== filter ||
    previous.sort !== sort ||
    !sameItems(previous.sources, project.sources) ||
    !sameItems(previous.documentIds, documentIds)
  ) {
    return afresh()
  }
  const before = previous.annotations
  if (before === after) return previous
  // The changed stretch: what lies between the longest common start and the longest common end.
  const shortest = Math.min(before.length, after.length)
  let head = 0
  while (head < shortest && before[head] === after[head]) head++
  let tail = 0
  while (tail < shortest - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++
  const removed = before.slice(head, before.length - tail)
  const added = after.slice(head, after.length - tail)
  if (removed.length + added.length > Math.max(16, after.length * REFILTER_SHARE)) return afresh()

  const needle = filter.text.trim().toLowerCase()
  const sourceTitles = new Map(project.sources.map((s) => [s.id, s.title]))
  const order = listOrder(project, sort)
  const gone = new Set(removed)
  const kept = removed.length ? previous.shown.filter((a) => !gone.has(a)) : previous.shown
  const entering = added.filter((a) => passesFilter(a, filter, needle, sourceTitles)).sort(order)
  if (entering.length === 0 && kept.length === previous.shown.length) return { ...previous, annotations: after }
  // Ties keep the order of the project's annotations. The entering ones lie between the common
  // start and the common end, so one that ties with an annotation of the start comes after it,
  // and before one of the end. Ties are rare: where a listed one lies is looked up only then.
  const inStart = (b: Annotation) => {
    const at = after.indexOf(b)
    return at >= 0 && at < head
  }
  const goesBefore = (a: Annotation, b: Annotation) => {
    const by = order(a, b)
    return by < 0 || (by === 0 && !inStart(b))
  }
  const shown: Annotation[] = []
  let from = 0
  for (const a of entering) {
    // The first listed annotation that `a` goes before, by binary search from the last one placed.
    let lo = from
    let hi = kept.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (goesBefore(a, kept[mid]!)) hi = mid
      else lo = mid + 1
    }
    for (let i = from; i < lo; i++) shown.push(kept[i]!)
    shown.push(a)
    from = lo
  }
  for (let i = from; i < kept.length; i++) shown.push(kept[i]!)
  return { annotations: after, sources: project.sources, documentIds, filter, sort, shown }
}
