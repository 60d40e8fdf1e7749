/** Factwork's names in linked data: the IRIs its exports give projects, documents, annotations,
 *  links and source records, and the JSON-LD context of its extension properties.
 *
 *  Factwork ids are not UUIDs, so its IRIs are URNs in a `urn:factwork:` namespace with the id
 *  percent-encoded: `urn:factwork:annotation:<id>`, `urn:factwork:link:<id>`,
 *  `urn:factwork:source:<id>`, `urn:factwork:document:<id>`, `urn:factwork:project:<id>`. */

/** The W3C Web Annotation JSON-LD context. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** The namespace of Factwork's extension properties. */
export const FACTWORK_NAMESPACE = 'urn:factwork:ns:'

/** Extension properties: each holds Factwork's own record as a JSON literal, so that a Factwork
 *  import restores it exactly, while other tools read the standard parts beside it. */
export const EXTENSION = {
  /** On an annotation: the whole annotation record. */
  annotation: 'factwork:annotation',
  /** On a linking annotation: the whole link record. */
  link: 'factwork:link',
  /** On a source annotation or a link to a source: the cited record of the source library. */
  source: 'factwork:source',
  /** On a target: the document's id, title and the SHA-256 of its original file. */
  document: 'factwork:document',
  /** On a body: which field of the annotation a commenting body holds (`note` or `ruling`). */
  field: 'factwork:field',
  /** On a collection: the project's id and title. */
  project: 'factwork:project',
  /** On a collection: the whole source library. */
  sources: 'factwork:sources',
  /** On a collection: the project's tags. */
  tags: 'factwork:tags',
  /** On a collection: the project's verdict scale. */
  verdictScale: 'factwork:verdictScale'
} as const

/** The JSON-LD context object that declares the extension properties (JSON-LD 1.1, with the
 *  records typed `@json` so that processors keep them as they are). */
export const FACTWORK_CONTEXT = {
  '@version': 1.1,
  factwork: FACTWORK_NAMESPACE,
  ...Object.fromEntries(Object.values(EXTENSION).filter((p) => p !== EXTENSION.field).map((p) => [p, { '@type': '@json' }]))
} as const

/** The `@context` of every Factwork W3C export: the W3C context first, then Factwork's. */
export const W3C_CONTEXT = [ANNO_CONTEXT, FACTWORK_CONTEXT] as const

/** What a Factwork IRI names. */
export type IriKind = 'annotation' | 'link' | 'source' | 'document' | 'project'

/** The IRI of a Factwork thing. An unpaired surrogate, which no IRI can carry, is written as
 *  U+FFFD (ids made by Factwork have none; an imported file may). */
export function factworkIri(kind: IriKind, id: string): string {
  return `urn:factwork:${kind}:${encodeURIComponent(id.replace(/\p{Cs}/gu, '\uFFFD'))}`
}

/** The id inside a Factwork IRI of `kind`, or `null` when `iri` is not one. */
export function idFromIri(kind: IriKind, iri: string): string | null {
  const prefix = `urn:factwork:${kind}:`
  if (!iri.startsWith(prefix) || iri.length === prefix.length) return null
  try {
    return decodeURIComponent(iri.slice(prefix.length))
  } catch {
    return null
  }
}

/** The value of an extension property on `node`, looked up by its compact name and, for data that
 *  a JSON-LD processor has re-compacted, by its full IRI. */
export function extension(node: Readonly<Record<string, unknown>>, property: (typeof EXTENSION)[keyof typeof EXTENSION]): unknown {
  return node[property] ?? node[FACTWORK_NAMESPACE + property.slice('factwork:'.length)]
}

/** Whether `value` is an absolute http(s) address without spaces, fit to name a web page in
 *  linked data. */
export function isWebAddress(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value)
}
