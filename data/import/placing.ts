import { placeQuote, quoteAt, type Placement } from '../anchor'
import type { Change } from '../changes'
import { offsetMap, type OffsetMap } from '../codePoints'
import { idFromIri } from '../linkedData'
import { ANNOTATION_DEFAULTS, type Annotation, type ArticleDocument, type Link, type Orphan, type Project, type SourceRecord, type Tag } from '../project'
import { findVerdict, withVerdict, type VerdictScale } from '../verdicts'
import type { IncomingAnnotation, IncomingLink, ParsedAnnotations } from './w3c'

/** What placing needs besides the project and the parsed file. */
export interface PlacingOptions {
  /** Place every annotation on this document, whatever document it names. When absent, each goes
   *  to the document it names (by Factwork id, by the SHA-256 of the original, or by web
   *  address); one that names no document of the project becomes an orphan. */
  readonly documentId?: string | null
  /** When the import happens: the creation time of what the file does not date. */
  readonly now: string
  /** Makes ids for annotations, links and tags the file gives none. */
  readonly newId: () => string
  /** Where the annotations came from, kept on orphans: the file name, say. */
  readonly origin: string
}

/** What an import did, for the person who asked for it. */
export interface ImportReport {
  /** Annotations placed, and how: `offsets`/`exact` when the quote was found as it was, `fuzzy`
   *  when the text had changed and a passage like it was taken (`similarity` below 1). */
  readonly placed: readonly { readonly id: string; readonly documentId: string; readonly quote: string; readonly how: Placement['how']; readonly similarity: number }[]
  /** Annotations kept as orphans, with the reason. */
  readonly orphaned: readonly { readonly id: string; readonly quote: string; readonly reason: string }[]
  /** Verdicts added to the project's scale, marked as imported. */
  readonly verdictsAdded: readonly string[]
  /** Tags added to the project. */
  readonly tagsAdded: readonly string[]
  /** Titles of the source records added to the library. */
  readonly sourcesAdded: readonly string[]
  readonly linksAdded: number
  /** Annotations and links skipped because the project already has them (the same id, or for a
   *  link the same claim and target): importing a file twice adds nothing the second time. */
  readonly duplicates: readonly { readonly type: 'annotation' | 'link'; readonly id: string }[]
  /** Links that could not be made, with the reason. */
  readonly linksNotMade: readonly { readonly id: string; readonly reason: string }[]
  /** Items of the file that could not be read (from `parseAnnotations`). */
  readonly skipped: readonly string[]
}

/** Colours for tags an import creates without one, in turn. */
const TAG_COLORS = ['#4a7fd4', '#2f7d32', '#a33b2e', '#8a5cc4', '#c47a1b', '#1b8a8a']

const short = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text)

/** The project's tags and verdict scale as the import extends them. */
class Vocabulary {
  tags: Tag[]
  scale: VerdictScale
  readonly tagsAdded: string[] = []
  readonly verdictsAdded: string[] = []

  constructor(
    project: Project,
    private readonly parsed: ParsedAnnotations,
    private readonly newId: () => string
  ) {
    this.tags = [...project.settings.tags]
    this.scale = project.settings.verdictScale
  }

  /** The id of the project tag named `name` (ignoring case), created when missing. A tag the file
   *  defines keeps its id and colour when the project has neither. */
  tag(name: string, from?: Tag): string | null {
    const clean = name.trim().slice(0, 60)
    if (!clean) return null
    if (from && this.tags.some((t) => t.id === from.id)) return from.id
    const existing = this.tags.find((t) => t.name.trim().toLowerCase() === clean.toLowerCase())
    if (existing) return existing.id
    const id = from && !this.tags.some((t) => t.id === from.id) ? from.id : this.newId()
    const color = from?.color ?? TAG_COLORS[this.tagsAdded.length % TAG_COLORS.length]!
    this.tags = [...this.tags, { id, name: clean, color }]
    this.tagsAdded.push(clean)
    return id
  }

  /** The project's tags with those added: the file's own in the order the file defines them, then
   *  the others in the order they were met. */
  finalTags(project: Project): Tag[] {
    const rank = new Map(this.parsed.tags.map((t, i) => [t.id, i]))
    const added = this.tags.slice(project.settings.tags.length)
    const ordered = added.map((t, i) => ({ t, key: rank.get(t.id) ?? this.parsed.tags.length + i })).sort((a, b) => a.key - b.key)
    return [...project.settings.tags, ...ordered.map(({ t }) => t)]
  }

  /** The tag ids of an incoming annotation: its record's tags when the file defines them all,
   *  else the names of its tagging bodies. */
  tagsOf(a: IncomingAnnotation): string[] {
    const defined = new Map(this.parsed.tags.map((t) => [t.id, t]))
    const known = (id: string) => defined.has(id) || this.tags.some((t) => t.id === id)
    const ids =
      a.record && a.record.tags.every(known)
        ? a.record.tags.map((id) => (defined.has(id) ? this.tag(defined.get(id)!.name, defined.get(id)) : id))
        : a.tagNames.map((name) => this.tag(name))
    return [...new Set(ids.filter((id): id is string => id !== null))]
  }

  /** The verdict as the scale spells it. A verdict not on the scale is added, marked as imported,
   *  with the number and colour the exporting project gave it when the file says. */
  verdict(verdict: string | null): string | null {
    const label = verdict?.trim().slice(0, 80)
    if (!label) return null
    const found = findVerdict(this.scale, label)
    if (found) return found.label
    if (this.scale.labels.length >= 50) return label
    const theirs = this.parsed.verdictScale ? findVerdict(this.parsed.verdictScale, label) : undefined
    const added = withVerdict(this.scale, label)
    this.scale = theirs ? { ...added, labels: added.labels.map((l) => (l.label === label ? { ...l, value: theirs.value, color: theirs.color } : l)) } : added
    this.verdictsAdded.push(label)
    return label
  }
}

/** The fields of a Factwork record besides its place, and an orphan's reason and origin. */
function recordFields(record: Annotation | Orphan): Omit<Annotation, 'start' | 'end'> {
  const { start: _start, end: _end, ...fields } = record
  if (!('reason' in fields)) return fields
  const { reason: _reason, origin: _origin, ...rest } = fields
  return rest
}

/** Find the project document an incoming annotation names. */
function documentFor(a: IncomingAnnotation, documents: readonly ArticleDocument[]): ArticleDocument | undefined {
  const { iri, documentId, sha256 } = a.target
  const ids = [documentId, a.record?.documentId ?? null, iri ? idFromIri('document', iri) : null]
  const byId = documents.find((d) => ids.includes(d.id))
  if (byId) return byId
  const bySha = sha256 ? documents.find((d) => d.original.sha256 === sha256) : undefined
  if (bySha) return bySha
  const address = (url: string) => url.replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase()
  return iri ? documents.find((d) => d.url && address(d.url) === address(iri)) : undefined
}

/** Turn parsed annotations into the changes that add them to `project`, and a report.
 *
 *  Each annotation is anchored by its quote: the position is only a hint; the exact quote is
 *  looked for first, several occurrences told apart by prefix and suffix, then a similar passage
 *  (`placeQuote`). What cannot be placed (its document is not in the project, its quote is not in
 *  the text, it names no passage) becomes an orphan with the reason: nothing is dropped.
 *  Factwork's own records restore every field, the source library and the links; other tools'
 *  annotations take their kind, tags, verdict and note from their bodies. Unknown tags are
 *  created and unknown verdicts added to the scale. An annotation or link the project already has
 *  is skipped and reported. The changes apply with `applyChanges` in the order given:
 *  settings, sources, annotations, orphans, links. Throws `RangeError` when
 *  `options.documentId` names no document of the project (callers check ids first). */
export function placeAnnotations(project: Project, parsed: ParsedAnnotations, options: PlacingOptions): { changes: Change[]; report: ImportReport } {
  const chosen = options.documentId ? project.documents.find((d) => d.id === options.documentId) : undefined
  if (options.documentId && !chosen) throw new RangeError(`Document ${options.documentId} is not in project ${project.id}`)
  const vocabulary = new Vocabulary(project, parsed, options.newId)
  const offsets = new Map<string, OffsetMap>()
  const offsetsOf = (d: ArticleDocument) => offsets.get(d.id) ?? offsets.set(d.id, offsetMap(d.text)).get(d.id)!

  // Sources first: annotations cite them and links point at them.
  const sources = new Map(project.sources.map((s) => [s.id, s]))
  const newSources: SourceRecord[] = []
  for (const source of parsed.sources) {
    if (sources.has(source.id)) continue
    sources.set(source.id, source)
    newSources.push(source)
  }

  const taken = new Set([...project.annotations, ...project.orphans].map((a) => a.id))
  const annotations = new Map(project.annotations.map((a) => [a.id, a]))
  const orphanedIds = new Set<string>()
  const placedChanges: Change[] = []
  const orphanChanges: Change[] = []
  const placed: ImportReport['placed'][number][] = []
  const orphaned: ImportReport['orphaned'][number][] = []
  const duplicates: ImportReport['duplicates'][number][] = []

  for (const a of parsed.annotations) {
    const id = a.id ?? options.newId()
    if (taken.has(id)) {
      duplicates.push({ type: 'annotation', id })
      continue
    }
    taken.add(id)
    const sourceId = a.record?.sourceId && sources.has(a.record.sourceId) ? a.record.sourceId : null
    const fields = {
      ...ANNOTATION_DEFAULTS,
      ...(a.record ? recordFields(a.record) : {}),
      id,
      kind: a.kind,
      note: a.note,
      ruling: a.ruling,
      tags: vocabulary.tagsOf(a),
      verdict: vocabulary.verdict(a.verdict),
      sourceId,
      createdAt: a.createdAt ?? options.now,
      modifiedAt: a.modifiedAt ?? a.createdAt ?? options.now
    }
    const document = chosen ?? documentFor(a, project.documents)
    const hint = a.target.position && document && a.target.position.unit === 'code-point'
      ? { start: offsetsOf(document).toCodeUnits(a.target.position.start), end: offsetsOf(document).toCodeUnits(a.target.position.end) }
      : a.target.position
    const placement = document && a.target.quote && !a.unplaceable ? placeQuote(document.text, a.target.quote, hint) : null
    if (document && placement) {
      const annotation: Annotation = { ...fields, documentId: document.id, start: placement.start, end: placement.end, quote: quoteAt(document.text, placement.start, placement.end) }
      annotations.set(id, annotation)
      placedChanges.push({ op: 'addAnnotation', annotation })
      placed.push({ id, documentId: document.id, quote: annotation.quote.exact, how: placement.how, similarity: placement.similarity })
      continue
    }
    // An orphan from a Factwork file that still cannot be placed keeps the reason it had.
    const reason = a.record && 'reason' in a.record ? a.record.reason : orphanReason(a, document)
    const orphan: Orphan = {
      ...fields,
      // An empty id or address names nothing: an orphan needs a document and a quote to show.
      documentId: document?.id || a.target.documentId || a.record?.documentId || a.target.iri || 'unknown',
      quote: a.target.quote ?? { exact: a.target.iri || '(no passage)', prefix: '', suffix: '' },
      start: hint?.start ?? null,
      end: hint?.end ?? null,
      reason,
      origin: a.record && 'origin' in a.record ? a.record.origin : options.origin
    }
    orphanedIds.add(id)
    orphanChanges.push({ op: 'addOrphan', orphan })
    orphaned.push({ id, quote: orphan.quote.exact, reason })
  }

  const links = placeLinks(project, parsed.links, { annotations, orphanedIds, sources, options })
  duplicates.push(...links.duplicates)

  const tags = vocabulary.finalTags(project)
  const settingsChanged = vocabulary.tagsAdded.length > 0 || vocabulary.verdictsAdded.length > 0
  const changes: Change[] = [
    ...(settingsChanged ? [{ op: 'setSettings' as const, settings: { ...project.settings, tags, verdictScale: vocabulary.scale } }] : []),
    ...newSources.map((source) => ({ op: 'addSource' as const, source })),
    ...placedChanges,
    ...orphanChanges,
    ...links.changes
  ]
  return {
    changes,
    report: {
      placed,
      orphaned,
      verdictsAdded: vocabulary.verdictsAdded,
      tagsAdded: tags.slice(project.settings.tags.length).map((t) => t.name),
      sourcesAdded: newSources.map((s) => s.title),
      linksAdded: links.changes.length,
      duplicates,
      linksNotMade: links.notMade,
      skipped: parsed.skipped
    }
  }
}

/** Why an annotation could not be placed, as a sentence. */
function orphanReason(a: IncomingAnnotation, document: ArticleDocument | undefined): string {
  const why = a.unplaceable
    ?? (!document
      ? `its document (${a.target.iri ?? 'not named'}) is not in this project`
      : a.target.quote
        ? `its quote “${short(a.target.quote.exact)}” is not in “${document.title}”`
        : 'it has no quote to find its passage by')
  const text = why.charAt(0).toUpperCase() + why.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** The links of the file, checked against what the project (with the import) holds. */
function placeLinks(
  project: Project,
  incoming: readonly IncomingLink[],
  known: { annotations: ReadonlyMap<string, Annotation>; orphanedIds: ReadonlySet<string>; sources: ReadonlyMap<string, SourceRecord>; options: PlacingOptions }
): { changes: Change[]; duplicates: ImportReport['duplicates'][number][]; notMade: ImportReport['linksNotMade'][number][] } {
  const ids = new Set(project.links.map((l) => l.id))
  const pairs = new Set(project.links.map((l) => `${l.claimId}\n${l.target.type}\n${l.target.id}`))
  const changes: Change[] = []
  const duplicates: ImportReport['duplicates'][number][] = []
  const notMade: ImportReport['linksNotMade'][number][] = []
  const { annotations, orphanedIds, sources, options } = known
  const sourceByAddress = (iri: string) => [...sources.values()].find((s) => s.url && s.url === iri)

  for (const l of incoming) {
    const id = l.id ?? options.newId()
    if (ids.has(id)) {
      duplicates.push({ type: 'link', id })
      continue
    }
    const claim = annotations.get(l.claimId)
    const resolved: Link['target'] | null =
      l.target.type === 'source'
        ? sources.has(l.target.id) ? { type: 'source', id: l.target.id } : null
        : l.target.type === 'annotation'
          ? annotations.has(l.target.id) ? { type: 'annotation', id: l.target.id } : null
          : annotations.has(l.target.id)
            ? { type: 'annotation', id: l.target.id }
            : sources.has(l.target.id)
              ? { type: 'source', id: l.target.id }
              : sourceByAddress(l.target.id) ? { type: 'source', id: sourceByAddress(l.target.id)!.id } : null
    let reason: string | null = null
    if (!claim) reason = orphanedIds.has(l.claimId) ? 'Its claim could not be placed.' : 'Its claim is not in this project.'
    else if (claim.kind !== 'claim') reason = 'It does not start from a claim.'
    else if (!resolved) reason = orphanedIds.has(l.target.id) ? 'The passage it points at could not be placed.' : `What it points at (${l.target.id}) is not in this project.`
    else if (resolved.type === 'annotation' && resolved.id === claim.id) reason = 'A claim cannot be linked to itself.'
    if (reason || !claim || !resolved) {
      notMade.push({ id, reason: reason ?? 'It could not be made.' })
      continue
    }
    const pair = `${claim.id}\n${resolved.type}\n${resolved.id}`
    if (pairs.has(pair)) {
      duplicates.push({ type: 'link', id })
      continue
    }
    ids.add(id)
    pairs.add(pair)
    const createdAt = l.createdAt ?? options.now
    const link: Link = l.record ? { ...l.record, id, target: resolved } : { id, claimId: claim.id, target: resolved, stance: l.stance, note: l.note, createdAt, modifiedAt: l.modifiedAt ?? createdAt }
    changes.push({ op: 'addLink', link })
  }
  return { changes, duplicates, notMade }
}

/** One line saying what an import did: "notes.json: 12 annotations placed (2 by similarity),
 *  1 kept as an orphan, 1 verdict added to the scale, 3 duplicates skipped." */
export function describeImport(report: ImportReport, fileName: string): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
  const fuzzy = report.placed.filter((p) => p.how === 'fuzzy').length
  const parts = [
    `${count(report.placed.length, 'annotation')} placed${fuzzy ? ` (${fuzzy} by similarity, the text having changed)` : ''}`,
    ...(report.orphaned.length ? [`${count(report.orphaned.length, 'annotation')} kept as ${report.orphaned.length === 1 ? 'an orphan' : 'orphans'}`] : []),
    ...(report.linksAdded ? [`${count(report.linksAdded, 'link')} made`] : []),
    ...(report.linksNotMade.length ? [`${count(report.linksNotMade.length, 'link')} not made`] : []),
    ...(report.sourcesAdded.length ? [`${count(report.sourcesAdded.length, 'source')} added to the library`] : []),
    ...(report.verdictsAdded.length ? [`${count(report.verdictsAdded.length, 'verdict')} added to the scale (${report.verdictsAdded.join(', ')})`] : []),
    ...(report.tagsAdded.length ? [`${count(report.tagsAdded.length, 'tag')} added (${report.tagsAdded.join(', ')})`] : []),
    ...(report.duplicates.length ? [`${count(report.duplicates.length, 'duplicate')} skipped`] : []),
    ...(report.skipped.length ? [`${count(report.skipped.length, 'item')} unreadable`] : [])
  ]
  return `${fileName}: ${parts.join(', ')}.`
}
