import type { TextQuote } from '../anchor'
import { extension, EXTENSION, idFromIri } from '../linkedData'
import { nestsDeeperThan } from '../nesting'
import { Annotation, Link, Orphan, SourceRecord, Tag } from '../project'
import { fail, ok, type Result } from '../result'
import { VerdictScale } from '../verdicts'
import { AnnotationKind, Stance } from '../vocabulary'

/** Where an incoming annotation says its passage is. */
export interface IncomingTarget {
  /** The document's address or IRI, as the annotation names it; null when it names none. */
  readonly iri: string | null
  /** What a Factwork export says of the document: its id and the SHA-256 of its original. */
  readonly documentId: string | null
  readonly sha256: string | null
  /** The TextQuoteSelector, by which the passage is found. */
  readonly quote: TextQuote | null
  /** The TextPositionSelector, a hint only. W3C selectors count code points; Factwork's own
   *  records and Hypothesis count UTF-16 code units. */
  readonly position: { readonly start: number; readonly end: number; readonly unit: 'code-point' | 'code-unit' } | null
}

/** An annotation read from a file, before it is placed in a project. */
export interface IncomingAnnotation {
  /** The id it gets in Factwork: its own id for Factwork's exports, the annotation's IRI for other
   *  tools' (so that importing a file twice finds the same ids), null when it has no id. */
  readonly id: string | null
  readonly target: IncomingTarget
  /** Why it can never be placed on a passage (it annotates a whole page, say), or null. */
  readonly unplaceable: string | null
  readonly kind: AnnotationKind
  /** The project tags its tagging bodies name. */
  readonly tagNames: readonly string[]
  readonly verdict: string | null
  readonly note: string
  readonly ruling: string
  readonly createdAt: string | null
  readonly modifiedAt: string | null
  /** Factwork's own record when the file carries it (`factwork:annotation`): every field is
   *  restored from it, and the standard parts are for other tools. */
  readonly record: Annotation | Orphan | null
}

/** A link read from a file: from a claim to a source record or a passage, named by ids (Factwork's
 *  own, or the IRIs of other tools' annotations). */
export interface IncomingLink {
  readonly id: string | null
  readonly claimId: string
  /** `either` when the file does not say whether the IRI names a source or an annotation. */
  readonly target: { readonly type: 'source' | 'annotation' | 'either'; readonly id: string }
  readonly stance: Stance
  readonly note: string
  readonly createdAt: string | null
  readonly modifiedAt: string | null
  /** Factwork's own link record when the file carries it. */
  readonly record: Link | null
}

/** What an annotation file holds. */
export interface ParsedAnnotations {
  readonly fileName: string
  /** W3C Web Annotation JSON-LD, or Hypothesis API JSON. */
  readonly format: 'w3c' | 'hypothesis'
  readonly annotations: readonly IncomingAnnotation[]
  readonly links: readonly IncomingLink[]
  /** Records of the source library the file carries (Factwork exports only). */
  readonly sources: readonly SourceRecord[]
  /** The exporting project's tags and verdict scale (Factwork exports only). */
  readonly tags: readonly Tag[]
  readonly verdictScale: VerdictScale | null
  /** Items of the file that could not be read at all, as sentences. */
  readonly skipped: readonly string[]
}

type Node = Readonly<Record<string, unknown>>

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)
const listOf = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value])
const strings = (value: unknown): string[] => listOf(value).filter((v): v is string => typeof v === 'string')
const firstString = (value: unknown): string | null => strings(value)[0] ?? null
const typesOf = (node: Node): string[] => strings(node.type ?? node['@type'])
const idOf = (node: Node): string | null => firstString(node.id ?? node['@id'])
const KINDS = new Set<string>(AnnotationKind.options)

/** A label longer than this, or on several lines, is a ruling rather than a verdict. */
const VERDICT_MAX_LENGTH = 80

/** Plain text of an HTML body: tags dropped, the common entities decoded. */
function htmlToText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6])>/gi, '\n')
    // A tag ends before the next "<": a body of many "<" and no ">" is read in one pass.
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      const code = name.startsWith('#x') || name.startsWith('#X') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : null
      // A number past the last code point reads as U+FFFD, as browsers read it.
      if (code !== null) return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD'
      return entities[name.toLowerCase()] ?? whole
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The selectors of a target, with those refining them, flattened. */
function selectorsOf(value: unknown): Node[] {
  return listOf(value).flatMap((s) => (isNode(s) ? [s, ...selectorsOf(s.refinedBy)] : []))
}

function quoteOf(selector: Node): TextQuote | null {
  const exact = selector.exact
  if (typeof exact !== 'string' || exact.length === 0) return null
  return { exact, prefix: typeof selector.prefix === 'string' ? selector.prefix : '', suffix: typeof selector.suffix === 'string' ? selector.suffix : '' }
}

function positionOf(selector: Node, unit: 'code-point' | 'code-unit'): IncomingTarget['position'] {
  const { start, end } = selector
  // Safe integers only: a larger number cannot be stored as an offset.
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && (start as number) >= 0 && (end as number) > (start as number)
    ? { start: start as number, end: end as number, unit }
    : null
}

/** Read one target: a document IRI, an external resource, or a specific resource with selectors.
 *  Returns the target and, when it names no passage, why. */
function readTarget(value: unknown, unit: 'code-point' | 'code-unit'): { target: IncomingTarget; unplaceable: string | null } {
  const none: IncomingTarget = { iri: null, documentId: null, sha256: null, quote: null, position: null }
  if (typeof value === 'string') return { target: { ...none, iri: value }, unplaceable: `it annotates the whole of ${value}, not a passage` }
  if (!isNode(value)) return { target: none, unplaceable: 'it has no target' }
  if (value.source === undefined && Array.isArray(value.items) && value.items.length > 0) return readTarget(value.items[0], unit)
  const source = value.source
  const iri = typeof source === 'string' ? source : isNode(source) ? idOf(source) : idOf(value)
  const about = extension(value, EXTENSION.document)
  const documentId = isNode(about) && typeof about.id === 'string' ? about.id : null
  const sha256 = isNode(about) && typeof about.sha256 === 'string' ? about.sha256 : null
  const selectors = selectorsOf(value.selector)
  const quote = selectors.map(quoteOf).find((q) => q !== null) ?? null
  const position = selectors.filter((s) => typesOf(s).includes('TextPositionSelector')).map((s) => positionOf(s, unit)).find((p) => p !== null) ?? null
  const target = { iri, documentId, sha256, quote, position }
  if (quote) return { target, unplaceable: null }
  if (selectors.length === 0) return { target, unplaceable: iri ? `it annotates the whole of ${iri}, not a passage` : 'it has no target' }
  if (position) return { target, unplaceable: 'it gives only a position, no quote (TextQuoteSelector) to find its passage by' }
  const kinds = [...new Set(selectors.flatMap(typesOf))].join(', ') || 'an unnamed'
  return { target, unplaceable: `it finds its passage with a ${kinds} selector; Factwork places passages by their quote (TextQuoteSelector)` }
}

/** The target with a quote, else the first. */
function readTargets(value: unknown, unit: 'code-point' | 'code-unit'): { target: IncomingTarget; unplaceable: string | null } {
  const read = listOf(value).map((t) => readTarget(t, unit))
  return read.find((r) => r.unplaceable === null) ?? read[0] ?? readTarget(undefined, unit)
}

/** What the bodies of an annotation say, in Factwork's terms. */
interface BodyFields {
  kind: AnnotationKind | null
  tagNames: string[]
  verdict: string | null
  notes: string[]
  rulings: string[]
}

/** Read one body into `fields`. `purpose` is the body's own, else the annotation's motivation. */
function readBody(body: unknown, motivation: string | null, fields: BodyFields): void {
  if (typeof body === 'string') {
    fields.notes.push(body)
    return
  }
  if (!isNode(body)) return
  if (typesOf(body).includes('Choice')) {
    readBody(listOf(body.items)[0], motivation, fields)
    return
  }
  const purpose = firstString(body.purpose) ?? motivation ?? 'commenting'
  if (typeof body.value !== 'string') {
    // A resource: a page, a tag IRI, a cited source. Its address goes into the note.
    const iri = typeof body.source === 'string' ? body.source : isNode(body.source) ? idOf(body.source) : idOf(body)
    if (iri) fields.notes.push(iri)
    return
  }
  const value = firstString(body.format)?.toLowerCase() === 'text/html' ? htmlToText(body.value) : body.value.trim()
  if (!value) return
  if (purpose === 'tagging' || purpose === 'classifying') {
    const word = value.toLowerCase()
    if (fields.kind === null && KINDS.has(word)) fields.kind = word as AnnotationKind
    else fields.tagNames.push(value)
  } else if (purpose === 'assessing' && fields.verdict === null && value.length <= VERDICT_MAX_LENGTH && !value.includes('\n')) {
    fields.verdict = value
  } else if (purpose === 'assessing' || extension(body, EXTENSION.field) === 'ruling') {
    fields.rulings.push(value)
  } else {
    fields.notes.push(value)
  }
}

function readBodies(node: Node, motivation: string | null): BodyFields {
  const fields: BodyFields = { kind: null, tagNames: [], verdict: null, notes: [], rulings: [] }
  if (typeof node.bodyValue === 'string') readBody({ value: node.bodyValue, purpose: 'commenting' }, motivation, fields)
  for (const body of listOf(node.body)) readBody(body, motivation, fields)
  return fields
}

const timestamp = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null)

/** Factwork's own record of an annotation (placed or orphaned) carried by a node, if valid. */
function recordOf(node: Node): Annotation | Orphan | null {
  const value = extension(node, EXTENSION.annotation)
  if (value === undefined) return null
  // An orphan's record has every field of an annotation besides its reason and origin: try it first.
  const orphan = Orphan.safeParse(value)
  if (orphan.success) return orphan.data
  const placed = Annotation.safeParse(value)
  return placed.success ? placed.data : null
}

function sourceOf(node: Node): SourceRecord | null {
  const value = extension(node, EXTENSION.source)
  const parsed = value === undefined ? null : SourceRecord.safeParse(value)
  return parsed?.success ? parsed.data : null
}

/** A W3C annotation. Linking annotations between annotations and sources become links; every
 *  other annotation, linking ones on a passage included, becomes an annotation. */
function readW3C(node: Node): { annotation: IncomingAnnotation | null; link: IncomingLink | null; source: SourceRecord | null } {
  const iri = idOf(node)
  const motivations = strings(node.motivation)
  const motivation = motivations.length === 1 ? motivations[0]! : null
  const source = sourceOf(node)
  const linkRecord = Link.safeParse(extension(node, EXTENSION.link))
  if (linkRecord.success) return { annotation: null, link: linkFromRecord(linkRecord.data), source }
  const link = motivations.includes('linking') ? readLink(node, iri) : null
  if (link) return { annotation: null, link, source }

  const { target, unplaceable } = readTargets(node.target, 'code-point')
  const fields = readBodies(node, motivation)
  const record = recordOf(node)
  const annotation: IncomingAnnotation = {
    id: record?.id ?? (iri ? (idFromIri('annotation', iri) ?? iri) : null),
    target: record && record.start !== null && record.end !== null ? { ...target, position: { start: record.start, end: record.end, unit: 'code-unit' } } : target,
    unplaceable,
    kind: record?.kind ?? fields.kind ?? 'note',
    tagNames: fields.tagNames,
    verdict: record ? record.verdict : fields.verdict,
    note: record ? record.note : fields.notes.join('\n\n'),
    ruling: record ? record.ruling : fields.rulings.join('\n\n'),
    createdAt: record?.createdAt ?? timestamp(node.created),
    modifiedAt: record?.modifiedAt ?? timestamp(node.modified),
    record
  }
  return { annotation, link: null, source }
}

function linkFromRecord(record: Link): IncomingLink {
  return { id: record.id, claimId: record.claimId, target: record.target, stance: record.stance, note: record.note, createdAt: record.createdAt, modifiedAt: record.modifiedAt, record }
}

/** A linking annotation from another tool whose target is an annotation (by IRI) and whose body
 *  names what it links to; null when it links a passage, which then reads as an annotation. */
function readLink(node: Node, iri: string | null): IncomingLink | null {
  const target = listOf(node.target)[0]
  const claimIri = typeof target === 'string' ? target : isNode(target) && target.source === undefined ? idOf(target) : null
  if (!claimIri) return null
  let linked: string | null = null
  let stance: Stance = 'context'
  const notes: string[] = []
  for (const body of listOf(node.body)) {
    if (typeof body === 'string') linked ??= body
    else if (isNode(body) && typeof body.value === 'string') {
      const word = body.value.trim().toLowerCase()
      if (Stance.options.includes(word as Stance)) stance = word as Stance
      else if (body.value.trim()) notes.push(body.value.trim())
    } else if (isNode(body)) linked ??= idOf(body)
  }
  if (!linked) return null
  const sourceId = idFromIri('source', linked)
  const annotationId = idFromIri('annotation', linked)
  return {
    id: iri ? (idFromIri('link', iri) ?? iri) : null,
    claimId: idFromIri('annotation', claimIri) ?? claimIri,
    target: sourceId !== null ? { type: 'source', id: sourceId } : annotationId !== null ? { type: 'annotation', id: annotationId } : { type: 'either', id: linked },
    stance,
    note: notes.join('\n\n'),
    createdAt: timestamp(node.created),
    modifiedAt: timestamp(node.modified),
    record: null
  }
}

/** A Hypothesis annotation (its API's JSON): `uri`, `target[].selector`, `text`, `tags`. Its id
 *  becomes the IRI Hypothesis gives it in its own W3C export, `https://hypothes.is/a/<id>`. */
function readHypothesis(node: Node): IncomingAnnotation {
  const uri = typeof node.uri === 'string' ? node.uri : null
  const targets = listOf(node.target).map((t) => (isNode(t) && t.source === undefined && uri ? { ...t, source: uri } : t))
  const read = readTargets(targets.length ? targets : uri, 'code-unit')
  const fields: BodyFields = { kind: null, tagNames: [], verdict: null, notes: [], rulings: [] }
  for (const tag of strings(node.tags)) readBody({ value: tag, purpose: 'tagging' }, null, fields)
  const reply = listOf(node.references).length > 0
  const id = typeof node.id === 'string' && node.id ? `https://hypothes.is/a/${node.id}` : null
  return {
    id,
    target: read.target,
    unplaceable: reply ? 'it is a reply to another annotation, not a passage' : read.unplaceable,
    kind: fields.kind ?? 'note',
    tagNames: fields.tagNames,
    verdict: null,
    note: typeof node.text === 'string' ? node.text.trim() : '',
    ruling: '',
    createdAt: timestamp(node.created),
    modifiedAt: timestamp(node.updated),
    record: null
  }
}

const isW3CAnnotation = (node: Node): boolean => typesOf(node).includes('Annotation') || (node.target !== undefined && (node.body !== undefined || node.bodyValue !== undefined || node.motivation !== undefined))
const isHypothesis = (node: Node): boolean => !typesOf(node).length && (typeof node.uri === 'string' || Array.isArray(node.target)) && ('text' in node || 'tags' in node || 'uri' in node)

/** Everything gathered while walking a file. */
interface Gathered {
  annotations: IncomingAnnotation[]
  links: IncomingLink[]
  sources: Map<string, SourceRecord>
  tags: Tag[]
  verdictScale: VerdictScale | null
  skipped: string[]
  hypothesis: number
  w3c: number
  containers: number
}

/** Take what a Factwork collection says of its project: sources, tags, verdict scale. */
function gatherProject(node: Node, into: Gathered): void {
  for (const s of listOf(extension(node, EXTENSION.sources))) {
    const parsed = SourceRecord.safeParse(s)
    if (parsed.success) into.sources.set(parsed.data.id, parsed.data)
  }
  for (const t of listOf(extension(node, EXTENSION.tags))) {
    const parsed = Tag.safeParse(t)
    if (parsed.success) into.tags.push(parsed.data)
  }
  const scale = VerdictScale.safeParse(extension(node, EXTENSION.verdictScale))
  if (scale.success) into.verdictScale = scale.data
}

/** Walk pages: `items`, then the embedded `next` page, and so on. */
function gatherPage(page: Node, into: Gathered, where: string): void {
  let current: Node | null = page
  for (let n = 0; current && n < 10_000; n++) {
    into.containers++
    const references = listOf(current.items).filter((item) => typeof item === 'string')
    if (references.length) into.skipped.push(`${references.length} annotation${references.length === 1 ? ' is' : 's are'} only referenced by address in ${where} and not in the file.`)
    listOf(current.items).forEach((item, i) => typeof item !== 'string' && gather(item, into, `item ${i + 1} of ${where}`))
    current = isNode(current.next) ? current.next : null
  }
}

function gather(value: unknown, into: Gathered, where: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      // schema.org objects beside the annotations (the ClaimReviews of an HTML export) are not
      // annotations and not a problem either.
      if (isNode(item) && JSON.stringify(item['@context'] ?? '').includes('schema.org')) return
      if (isNode(item) || Array.isArray(item)) gather(item, into, `item ${i + 1}`)
      else into.skipped.push(`Item ${i + 1} is not an annotation.`)
    })
    return
  }
  if (!isNode(value)) return
  const types = typesOf(value)
  if (types.includes('AnnotationCollection')) {
    into.containers++
    gatherProject(value, into)
    if (isNode(value.first)) gatherPage(value.first, into, 'the collection')
    else if (typeof value.first === 'string') into.skipped.push(`The collection’s annotations are on pages that are not in the file (first: ${value.first}).`)
  } else if (types.includes('AnnotationPage')) {
    gatherPage(value, into, 'the page')
  } else if (Array.isArray(value['@graph'])) {
    // JSON-LD that gathers several objects (an annotation collection beside ClaimReviews, say).
    value['@graph'].forEach((item, i) => isNode(item) && (isW3CAnnotation(item) || typesOf(item).some((t) => t.startsWith('Annotation'))) && gather(item, into, `item ${i + 1} of the graph`))
  } else if (Array.isArray(value.rows)) {
    into.containers++
    gather(value.rows, into, 'rows')
  } else if (isW3CAnnotation(value)) {
    into.w3c++
    const read = readW3C(value)
    if (read.annotation) into.annotations.push(read.annotation)
    if (read.link) into.links.push(read.link)
    if (read.source && !into.sources.has(read.source.id)) into.sources.set(read.source.id, read.source)
  } else if (isHypothesis(value)) {
    into.hypothesis++
    into.annotations.push(readHypothesis(value))
  } else if (where !== 'the file') {
    into.skipped.push(`${where[0]!.toUpperCase()}${where.slice(1)} is not an annotation.`)
  }
}

/** How deeply an annotation file may nest arrays and objects. Annotations nest a dozen levels;
 *  the walkers below recurse, and a file nested thousands deep would overflow the stack. */
const MAX_NESTING = 200

/** Read the annotations of a file: a W3C `AnnotationCollection` with its pages embedded
 *  (`first`, then each `next`), an `AnnotationPage`, an array of annotations or a single one,
 *  Hypothesis API search results (`{rows: […]}`) or an array of Hypothesis annotations.
 *
 *  Fails, naming the file, when the JSON holds no annotations. Items that cannot be read are
 *  listed in `skipped`; annotations that name no passage are kept, with the reason in
 *  `unplaceable`, to become orphans. */
export function parseAnnotations(json: unknown, fileName: string): Result<ParsedAnnotations> {
  if (nestsDeeperThan(json, MAX_NESTING)) {
    return fail('bad-input', `${fileName} is not W3C Web Annotation JSON Factwork can read: it nests more than ${MAX_NESTING} levels deep.`)
  }
  const into: Gathered = { annotations: [], links: [], sources: new Map(), tags: [], verdictScale: null, skipped: [], hypothesis: 0, w3c: 0, containers: 0 }
  gather(json, into, 'the file')
  if (into.annotations.length === 0 && into.links.length === 0) {
    if (into.containers > 0 && into.skipped.length === 0) return fail('bad-input', `${fileName} holds no annotations: there is nothing to import.`)
    const what = json === null ? 'null' : typeof json === 'object' ? null : `a ${typeof json}`
    const holds = Array.isArray(json) ? 'it is an array without annotations' : what ? `it holds ${what}, not annotations` : 'it has no annotations'
    const detail = into.skipped.length ? ` (${into.skipped[0]!.replace(/\.$/, '')})` : ''
    return fail('bad-input', `${fileName} is not W3C Web Annotation JSON: ${holds}${detail}.`)
  }
  return ok({
    fileName,
    format: into.hypothesis > into.w3c ? 'hypothesis' : 'w3c',
    annotations: into.annotations,
    links: into.links,
    sources: [...into.sources.values()],
    tags: into.tags,
    verdictScale: into.verdictScale,
    skipped: into.skipped
  })
}

/** Read an annotation file's text (UTF-8, a byte-order mark allowed) as `parseAnnotations` does,
 *  failing with a sentence naming the file when it is not JSON. */
export function parseAnnotationsText(text: string, fileName: string): Result<ParsedAnnotations> {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return fail('bad-input', `${fileName} is not W3C Web Annotation JSON: it is not valid JSON (${why}).`)
  }
  return parseAnnotations(json, fileName)
}
