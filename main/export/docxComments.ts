import type { Annotation, Link, Project, SourceRecord } from '../../data/project'
import { findVerdict, ratingBounds } from '../../data/verdicts'
import {
  CHECK_WORTHINESS,
  CLAIM_STATUSES,
  CLAIM_TYPES,
  CONFIDENCES,
  CREDIBILITIES,
  kindLabel,
  RELIABILITIES,
  STANCES,
  termLabel
} from '../../data/vocabulary'

/** A project's items by id, built once so that describing every annotation stays linear. */
export interface ProjectIndex {
  readonly project: Project
  readonly sources: ReadonlyMap<string, SourceRecord>
  readonly annotations: ReadonlyMap<string, Annotation>
  readonly linksFrom: ReadonlyMap<string, readonly Link[]>
  readonly linksTo: ReadonlyMap<string, readonly Link[]>
  readonly tags: ReadonlyMap<string, string>
  readonly documentTitles: ReadonlyMap<string, string>
}

function group(links: readonly Link[], key: (l: Link) => string | null): Map<string, Link[]> {
  const out = new Map<string, Link[]>()
  for (const link of links) {
    const k = key(link)
    if (k === null) continue
    const list = out.get(k)
    if (list) list.push(link)
    else out.set(k, [link])
  }
  return out
}

/** Index a project's sources, annotations, links and tags by id. */
export function indexProject(project: Project): ProjectIndex {
  return {
    project,
    sources: new Map(project.sources.map((s) => [s.id, s])),
    annotations: new Map(project.annotations.map((a) => [a.id, a])),
    linksFrom: group(project.links, (l) => l.claimId),
    linksTo: group(project.links, (l) => (l.target.type === 'annotation' ? l.target.id : null)),
    tags: new Map(project.settings.tags.map((t) => [t.id, t.name])),
    documentTitles: new Map(project.documents.map((d) => [d.id, d.title]))
  }
}

/** One line of a comment: a label and its value. */
export interface CommentLine {
  readonly label: string
  readonly text: string
}

/** A quote shortened for a line of a comment or a table cell. */
export function shortQuote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** A verdict as a person reads it, with its rating number on the project's scale when it has one,
 *  or marked when it is not on the scale. Empty for no verdict. */
export function verdictText(project: Project, verdict: string | null): string {
  if (verdict === null || verdict.trim() === '') return ''
  const scale = project.settings.verdictScale
  const label = findVerdict(scale, verdict)
  if (!label) return `${verdict} (not on the scale)`
  const bounds = ratingBounds(scale)
  if (label.value === null || !bounds) return label.label
  const range = bounds.worst === 1 ? `of ${bounds.best}` : `on ${bounds.worst}–${bounds.best}`
  return `${label.label} (rating ${label.value} ${range})`
}

/** A source record with its reliability, as the source list and comments name it. */
export function sourceText(source: SourceRecord): string {
  const by = [source.publisher, source.author].filter((s) => s.trim()).join(', ')
  const reliability = source.reliability ? `; reliability ${termLabel(RELIABILITIES, source.reliability)}` : ''
  return `${source.title}${by ? ` (${by})` : ''}${reliability}`
}

/** What a link from a claim points at, or "a deleted …" when its target is gone. */
function linkTarget(index: ProjectIndex, link: Link): string {
  if (link.target.type === 'source') {
    const source = index.sources.get(link.target.id)
    return source ? `the source ${sourceText(source)}` : 'a deleted source'
  }
  const target = index.annotations.get(link.target.id)
  if (!target) return 'a deleted passage'
  const where = index.project.documents.length > 1 ? ` in “${index.documentTitles.get(target.documentId) ?? ''}”` : ''
  return `the ${kindLabel(target.kind).toLowerCase()} “${shortQuote(target.quote.exact)}”${where}`
}

/** The text of the Word comment for an annotation: a heading naming its kind, then its verdict with the rating number, confidence, claimant and claim date, claim type,
 *  status, check-worthiness, ruling, credibility, the cited source with its reliability, its
 *  links with their stance (from a claim, or to a passage), tags and note. Empty fields are left
 *  out; claim fields appear on claims only. */
export function commentLines(index: ProjectIndex, a: Annotation): { heading: string; lines: CommentLine[] } {
  const { project } = index
  const lines: CommentLine[] = []
  const add = (label: string, text: string) => {
    if (text.trim() !== '') lines.push({ label, text })
  }
  const verdict = verdictText(project, a.verdict)
  const isClaim = a.kind === 'claim'
  if (isClaim) add('Verdict', verdict)
  add('Confidence', termLabel(CONFIDENCES, a.confidence))
  if (isClaim) {
    const date = a.claimDate.trim()
    if (a.claimant.trim()) add('Claimant', date ? `${a.claimant}, on ${date}` : a.claimant)
    else add('Claim date', date)
    add('Claim type', termLabel(CLAIM_TYPES, a.claimType))
    add('Status', termLabel(CLAIM_STATUSES, a.status))
    add('Check-worthiness', termLabel(CHECK_WORTHINESS, a.checkWorthiness))
    add('Ruling', a.ruling)
  }
  add('Credibility', termLabel(CREDIBILITIES, a.credibility))
  if (a.sourceId !== null) {
    const source = index.sources.get(a.sourceId)
    add('Source', source ? sourceText(source) : 'a deleted source')
  }
  for (const link of index.linksFrom.get(a.id) ?? []) {
    add(termLabel(STANCES, link.stance), `${linkTarget(index, link)}${link.note.trim() ? ` (${link.note})` : ''}`)
  }
  for (const link of index.linksTo.get(a.id) ?? []) {
    const claim = index.annotations.get(link.claimId)
    if (claim) add(link.stance === 'context' ? 'Context for the claim' : `${termLabel(STANCES, link.stance)} the claim`, `“${shortQuote(claim.quote.exact)}”`)
  }
  add('Tags', a.tags.map((t) => index.tags.get(t) ?? t).join(', '))
  add('Note', a.note)
  return { heading: kindLabel(a.kind), lines }
}
