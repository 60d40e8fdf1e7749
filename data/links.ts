import type { Annotation, Link, Project, SourceRecord } from './project'
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

/** Something a claim may be linked to, as the link picker lists it. */
export interface LinkCandidate {
  readonly target: Link['target']
  readonly label: string
}

/** A source record as a link candidate: its title, and its reliability when rated. */
export function sourceCandidate(source: SourceRecord): LinkCandidate {
  return { target: { type: 'source', id: source.id }, label: `Source: ${source.title}${source.reliability ? ` (${source.reliability})` : ''}` }
}

/** An evidence passage as a link candidate: its quote, cut to 60 characters, and the title of its
 *  document when `documentTitle` is given (a project of several documents). */
export function passageCandidate(passage: Annotation, documentTitle: string | null): LinkCandidate {
  const quote = passage.quote.exact.length > 60 ? `${passage.quote.exact.slice(0, 57)}…` : passage.quote.exact
  return { target: { type: 'annotation', id: passage.id }, label: `Evidence: “${quote}”${documentTitle === null ? '' : ` — ${documentTitle}`}` }
}

/** The key of a link's target, the same for every link to the same source or passage. */
export function targetKey(target: Link['target']): string {
  return `${target.type}:${target.id}`
}

/** What a claim may be linked to: every source record, and every evidence passage of any
 *  document, except what it is already linked to. Sources come first, then passages, each in the
 *  project's order. */
export function linkCandidates(project: Project, claimId: string): LinkCandidate[] {
  const taken = new Set(project.links.filter((l) => l.claimId === claimId).map((l) => targetKey(l.target)))
  const multi = project.documents.length > 1
  const titles = new Map(project.documents.map((d) => [d.id, d.title]))
  const sources = project.sources.filter((s) => !taken.has(`source:${s.id}`)).map(sourceCandidate)
  const passages = project.annotations
    .filter((a) => a.kind === 'evidence' && !taken.has(`annotation:${a.id}`))
    .map((a) => passageCandidate(a, multi ? (titles.get(a.documentId) ?? '') : null))
  return [...sources, ...passages]
}
