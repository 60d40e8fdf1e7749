import { offsetMap, type OffsetMap } from '../codePoints'
import { EXTENSION, factworkIri, isWebAddress, W3C_CONTEXT } from '../linkedData'
import type { Annotation, ArticleDocument, Link, Orphan, Project, Publication, SourceRecord } from '../project'
import type { AnnotationKind } from '../vocabulary'
import type { JsonObject } from './jsonld'
import { exportedDocuments, type ExportOptions } from './options'

/** The motivation of each kind of annotation: a claim is being assessed, a source passage
 *  identifies where information comes from, evidence is highlighted for a claim, a note comments. */
export const KIND_MOTIVATION: Readonly<Record<AnnotationKind, string>> = {
  claim: 'assessing',
  source: 'identifying',
  evidence: 'highlighting',
  note: 'commenting'
}

/** An ISO 8601 date-time with a time zone, as the W3C model requires of `created`, `modified`
 *  and `generated`. Timestamps that are not are left out of the standard properties (Factwork's
 *  own record keeps them). */
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i

function dateTime(key: string, value: string): JsonObject {
  return DATE_TIME.test(value) ? { [key]: value } : {}
}

/** The agent named as `creator`: the fact-checker when Settings → Publication names one, else
 *  the organisation, else nobody. */
export function creatorOf(publication: Publication): JsonObject | null {
  const homepage = isWebAddress(publication.organizationUrl) ? { homepage: publication.organizationUrl } : {}
  if (publication.author.trim()) return { type: 'Person', name: publication.author.trim() }
  if (publication.organization.trim()) return { type: 'Organization', name: publication.organization.trim(), ...homepage }
  return null
}

/** The IRI a target's `source` names: the document's own web address when it has one, else its
 *  Factwork IRI. */
export function documentIri(document: ArticleDocument): string {
  return isWebAddress(document.url) ? document.url : factworkIri('document', document.id)
}

/** What a body or target refers to when it points at a record of the source library: the
 *  record's web address when it has one, else its Factwork IRI. */
function sourceIri(id: string, sources: ReadonlyMap<string, SourceRecord>): string {
  const url = sources.get(id)?.url
  return isWebAddress(url) ? url : factworkIri('source', id)
}

function textualBody(purpose: string, value: string, extra: JsonObject = {}): JsonObject {
  return { type: 'TextualBody', purpose, value, ...extra }
}

/** The target of an annotation: its document, with the quote and, when placed, its position in
 *  code points (as the W3C model counts them). */
function target(a: Annotation | Orphan, document: ArticleDocument | undefined, offsets: OffsetMap | undefined): JsonObject {
  const { exact, prefix, suffix } = a.quote
  const quote = { type: 'TextQuoteSelector', exact, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) }
  const position =
    offsets && a.start !== null && a.end !== null ? [{ type: 'TextPositionSelector', start: offsets.toCodePoints(a.start), end: offsets.toCodePoints(a.end) }] : []
  const source = document ? documentIri(document) : isWebAddress(a.documentId) ? a.documentId : factworkIri('document', a.documentId)
  const about = document ? { id: document.id, title: document.title, sha256: document.original.sha256 } : { id: a.documentId }
  return { type: 'SpecificResource', source, selector: [quote, ...position], [EXTENSION.document]: about }
}

/** Everything an export of one project shares. */
interface Context {
  readonly documents: ReadonlyMap<string, ArticleDocument>
  readonly offsets: ReadonlyMap<string, OffsetMap>
  readonly sources: ReadonlyMap<string, SourceRecord>
  readonly tagNames: ReadonlyMap<string, string>
  readonly creator: JsonObject | null
}

/** One Factwork annotation (or orphan) as a W3C annotation. */
function annotationNode(a: Annotation | Orphan, context: Context): JsonObject {
  const cited = a.sourceId ? context.sources.get(a.sourceId) : undefined
  const bodies: JsonObject[] = [
    textualBody('tagging', a.kind),
    ...a.tags.flatMap((id) => {
      const name = context.tagNames.get(id)
      return name ? [textualBody('tagging', name)] : []
    }),
    ...(a.verdict ? [textualBody('assessing', a.verdict)] : []),
    ...(a.note ? [textualBody('commenting', a.note, { format: 'text/plain', [EXTENSION.field]: 'note' })] : []),
    ...(a.ruling ? [textualBody('commenting', a.ruling, { format: 'text/plain', [EXTENSION.field]: 'ruling' })] : []),
    ...(a.sourceId ? [{ id: sourceIri(a.sourceId, context.sources) }] : [])
  ]
  return {
    id: factworkIri('annotation', a.id),
    type: 'Annotation',
    motivation: KIND_MOTIVATION[a.kind],
    ...dateTime('created', a.createdAt),
    ...dateTime('modified', a.modifiedAt),
    ...(context.creator ? { creator: context.creator } : {}),
    body: bodies,
    target: target(a, context.documents.get(a.documentId), context.offsets.get(a.documentId)),
    [EXTENSION.annotation]: a,
    ...(cited ? { [EXTENSION.source]: cited } : {})
  }
}

/** A link from a claim as a `linking` annotation: its target is the claim annotation, its bodies
 *  the linked source record or passage, the stance (`classifying`) and the link's note. */
function linkNode(link: Link, context: Context): JsonObject {
  const linked = link.target.type === 'source' ? sourceIri(link.target.id, context.sources) : factworkIri('annotation', link.target.id)
  const cited = link.target.type === 'source' ? context.sources.get(link.target.id) : undefined
  return {
    id: factworkIri('link', link.id),
    type: 'Annotation',
    motivation: 'linking',
    ...dateTime('created', link.createdAt),
    ...dateTime('modified', link.modifiedAt),
    ...(context.creator ? { creator: context.creator } : {}),
    body: [{ id: linked }, textualBody('classifying', link.stance), ...(link.note ? [textualBody('commenting', link.note, { format: 'text/plain' })] : [])],
    target: factworkIri('annotation', link.claimId),
    [EXTENSION.link]: link,
    ...(cited ? { [EXTENSION.source]: cited } : {})
  }
}

/** The project as a W3C Web Annotation `AnnotationCollection` (JSON-LD), covering the documents
 *  `exportedDocuments` selects: one embedded `AnnotationPage` (`first`) holds, in this order, the
 *  annotations of those documents in reading order, the orphans that belong to them, and a
 *  `linking` annotation for every link from one of their claims.
 *
 *  Standard properties carry what other tools understand: the kind and the project's tags as
 *  `tagging` bodies, the verdict as an `assessing` body, the note and the ruling as `commenting`
 *  bodies (told apart by `factwork:field`), the cited source as a body naming it, the passage as
 *  a TextQuoteSelector and a TextPositionSelector (in code points) on the document's web address
 *  or Factwork IRI. Extension properties (see `linkedData.ts`) carry Factwork's own records, the
 *  whole source library, the tags and the verdict scale, so that `parseAnnotations` restores
 *  everything. Throws `RangeError` when `options.documentId` names no document of the project. */
export function toW3C(project: Project, options: ExportOptions): JsonObject {
  const documents = exportedDocuments(project, options)
  const order = new Map(documents.map((d, i) => [d.id, i]))
  const context: Context = {
    documents: new Map(documents.map((d) => [d.id, d])),
    offsets: new Map(documents.map((d) => [d.id, offsetMap(d.text)])),
    sources: new Map(project.sources.map((s) => [s.id, s])),
    tagNames: new Map(project.settings.tags.map((t) => [t.id, t.name])),
    creator: creatorOf(project.settings.publication)
  }
  const annotations = project.annotations
    .filter((a) => order.has(a.documentId))
    .sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)! || a.start - b.start || a.end - b.end)
  const claims = new Set(annotations.filter((a) => a.kind === 'claim').map((a) => a.id))
  const orphans = options.documentId === undefined ? project.orphans : project.orphans.filter((o) => o.documentId === options.documentId)
  const links = project.links.filter((l) => claims.has(l.claimId))
  const items = [...annotations.map((a) => annotationNode(a, context)), ...orphans.map((o) => annotationNode(o, context)), ...links.map((l) => linkNode(l, context))]

  const scope = options.documentId === undefined ? '' : `:document:${encodeURIComponent(options.documentId)}`
  const id = `${factworkIri('project', project.id)}:annotations${scope}`
  return {
    '@context': W3C_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: project.title,
    total: items.length,
    ...dateTime('created', project.createdAt),
    ...dateTime('modified', project.updatedAt),
    ...(context.creator ? { creator: context.creator } : {}),
    ...dateTime('generated', options.generatedAt),
    generator: { type: 'Software', name: `Factwork ${options.version}` },
    first: { id: `${id}:page:1`, type: 'AnnotationPage', startIndex: 0, items },
    last: `${id}:page:1`,
    [EXTENSION.project]: { id: project.id, title: project.title },
    [EXTENSION.sources]: project.sources,
    [EXTENSION.tags]: project.settings.tags,
    [EXTENSION.verdictScale]: project.settings.verdictScale
  }
}
