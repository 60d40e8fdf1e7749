import type { Annotation, Link, Project } from './project'
import { kindLabel, STANCES, termLabel } from './vocabulary'

/** What a link points at, as a person reads it. `missing` is true when its target has been
 *  deleted: the link is shown as such, never silently hidden. */
export interface LinkView {
  readonly link: Link
  readonly stance: string
  readonly label: string
  readonly detail: string
  readonly missing: boolean
  /** The annotation to jump to, when the target is a passage. */
  readonly annotation: Annotation | null
}

/** Describe every link starting from `claimId`, in the order they were made. */
export function linksFrom(project: Project, claimId: string): LinkView[] {
  return project.links.filter((l) => l.claimId === claimId).map((link) => describeLink(project, link))
}

/** Describe one link. */
export function describeLink(project: Project, link: Link): LinkView {
  const stance = termLabel(STANCES, link.stance)
  if (link.target.type === 'source') {
    const source = project.sources.find((s) => s.id === link.target.id)
    return source
      ? { link, stance, label: source.title, detail: source.reliability ? `Source, reliability ${source.reliability}` : 'Source', missing: false, annotation: null }
      : { link, stance, label: 'A deleted source', detail: 'This source is no longer in the library.', missing: true, annotation: null }
  }
  const target = project.annotations.find((a) => a.id === link.target.id)
  if (!target) return { link, stance, label: 'A deleted passage', detail: 'This annotation no longer exists.', missing: true, annotation: null }
  const document = project.documents.find((d) => d.id === target.documentId)
  const where = project.documents.length > 1 && document ? ` in “${document.title}”` : ''
  return { link, stance, label: target.quote.exact, detail: `${kindLabel(target.kind)}${where}`, missing: false, annotation: target }
}

/** What a claim may be linked to: every source record, and every evidence or source passage of
 *  any document, except what it is already linked to. */
export function linkCandidates(project: Project, claimId: string): { target: Link['target']; label: string }[] {
  const taken = new Set(project.links.filter((l) => l.claimId === claimId).map((l) => `${l.target.type}:${l.target.id}`))
  const multi = project.documents.length > 1
  const titles = new Map(project.documents.map((d) => [d.id, d.title]))
  const sources = project.sources
    .filter((s) => !taken.has(`source:${s.id}`))
    .map((s) => ({ target: { type: 'source' as const, id: s.id }, label: `Source: ${s.title}${s.reliability ? ` (${s.reliability})` : ''}` }))
  const passages = project.annotations
    .filter((a) => a.kind === 'evidence' && !taken.has(`annotation:${a.id}`))
    .map((a) => ({
      target: { type: 'annotation' as const, id: a.id },
      label: `Evidence: “${a.quote.exact.length > 60 ? `${a.quote.exact.slice(0, 57)}…` : a.quote.exact}”${multi ? ` — ${titles.get(a.documentId) ?? ''}` : ''}`
    }))
  return [...sources, ...passages]
}
