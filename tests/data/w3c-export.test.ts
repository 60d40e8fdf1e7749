import { readdirSync, readFileSync } from 'node:fs'
import Ajv from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { toW3C } from '../../data/export/w3c'
import { factCheck, now } from '../fixtures/w3c/factcheck'

/** The W3C Web Annotation test suite's MUST assertions, compiled the way its harness compiles
 *  them: every definition registered under its id, then each assertion schema of a manifest. */
const suite = new URL('../fixtures/w3c/test-suite/', import.meta.url)
const readJson = (url: URL): { id: string; errorMessage?: string; assertions?: string[] } => JSON.parse(readFileSync(url, 'utf8'))

function validator(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false })
  addFormats(ajv)
  for (const file of readdirSync(new URL('definitions/', suite))) {
    const definition = readJson(new URL(`definitions/${file}`, suite))
    ajv.addSchema(definition, definition.id)
  }
  return ajv
}

const ajv = validator()

/** The assertions a manifest lists, each a function returning the failure message or null. */
function musts(manifest: string): { name: string; check: (value: unknown) => string | null }[] {
  return readJson(new URL(manifest, suite)).assertions!.map((path) => {
    const schema = readJson(new URL(path, suite))
    const validate = ajv.getSchema(schema.id) ?? ajv.compile(schema)
    return { name: path, check: (value) => (validate(value) ? null : `${path}: ${schema.errorMessage}`) }
  })
}

const annotationMusts = musts('annotations/annotationMusts.test')
const collectionMusts = musts('collections/collectionMusts.test')
const pageMusts = musts('collections/pages/pageMusts.test')

const failures = (checks: typeof annotationMusts, value: unknown): string[] => checks.flatMap(({ check }) => check(value) ?? [])

const options = { generatedAt: now, version: '0.1.0' }

type Node = Record<string, unknown>
const itemsOf = (collection: Node): Node[] => (collection.first as { items: Node[] }).items

/** An annotation of the page as it stands alone: the collection's context applies to it. */
const standalone = (collection: Node, item: Node): Node => ({ '@context': collection['@context'], ...item })

describe('W3C Web Annotation export', () => {
  it('passes every MUST assertion of the W3C test suite, for each annotation of a realistic project', () => {
    const collection = toW3C(factCheck(), options) as Node
    const items = itemsOf(collection)
    expect(annotationMusts.length).toBe(54)
    // 10 annotations, 1 orphan, 4 links.
    expect(items).toHaveLength(15)
    for (const item of items) expect(failures(annotationMusts, standalone(collection, item)), String(item.id)).toEqual([])
  })

  it('passes the collection and page MUST assertions', () => {
    const collection = toW3C(factCheck(), options) as Node
    expect(collectionMusts.length).toBe(10)
    expect(pageMusts.length).toBe(15)
    expect(failures(collectionMusts, collection)).toEqual([])
    expect(failures(pageMusts, collection)).toEqual([])
    expect(failures(pageMusts, { '@context': collection['@context'], ...(collection.first as Node) })).toEqual([])
  })

  it('is caught by the same assertions when an annotation is broken', () => {
    const collection = toW3C(factCheck(), options) as Node
    const item = itemsOf(collection)[0]!
    const broken = { ...standalone(collection, item), id: 'not an IRI', bodyValue: 'both body and bodyValue', created: 'yesterday' }
    delete (broken as Partial<Node>).target
    expect(failures(annotationMusts, broken).map((f) => f.split(':')[0])).toEqual([
      'annotations/3.1-annotationIdValidated.json',
      'annotations/3.1-targetKeyFound.json',
      'annotations/3.2-targetObjectsRecognized.json',
      'annotations/3.2.5-notBodyBodyValue.json',
      'annotations/3.3.1-annotationCreatedValidated.json'
    ])
    const badCollection = { ...collection, '@context': 'https://schema.org', first: { ...(collection.first as Node), type: 'Page' } }
    expect(failures(collectionMusts, badCollection).map((f) => f.split(':')[0])).toEqual([
      'collections/5.1-collectionContextValidated.json',
      'collections/5.1-collectionFirstValidated.json'
    ])
  })

  it('labels the collection with the project title and names when, by what and by whom it was made', () => {
    const collection = toW3C(factCheck(), options) as Node
    expect(collection).toMatchObject({
      type: 'AnnotationCollection',
      id: 'urn:factwork:project:project-1:annotations',
      label: 'Pakistan as a US ally',
      total: 15,
      generated: now,
      generator: { type: 'Software', name: 'Factwork 0.1.0' },
      creator: { type: 'Person', name: 'Amina Yusuf' },
      first: { type: 'AnnotationPage', startIndex: 0 }
    })
    expect((collection['@context'] as unknown[])[0]).toBe('http://www.w3.org/ns/anno.jsonld')
  })

  it('writes a claim with its kind, tags, verdict, note and ruling as bodies and its passage as quote and position', () => {
    const collection = toW3C(factCheck(), options) as Node
    const claim = itemsOf(collection).find((i) => i.id === 'urn:factwork:annotation:claim-trade')!
    expect(claim.motivation).toBe('assessing')
    expect(claim.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Economy' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Iran' },
      { type: 'TextualBody', purpose: 'assessing', value: 'Mostly true' },
      { type: 'TextualBody', purpose: 'commenting', value: 'Check the year the figure refers to.', format: 'text/plain', 'factwork:field': 'note' },
      {
        type: 'TextualBody',
        purpose: 'commenting',
        value: 'IMF figures put 2024 trade at US$2.6 billion; the rounding is generous but close.',
        format: 'text/plain',
        'factwork:field': 'ruling'
      }
    ])
    const target = claim.target as Node
    expect(target.source).toBe('https://www.nationpress.com/international/is-pakistan-an-unreliable-us-ally')
    const [quote, position] = target.selector as Node[]
    expect(quote).toMatchObject({ type: 'TextQuoteSelector', exact: 'The trade between these neighboring nations amounts to approximately US$2.8 billion' })
    expect(String(quote!.prefix).length).toBe(32)
    expect(position).toMatchObject({ type: 'TextPositionSelector' })
    expect((claim['factwork:annotation'] as Node).claimant).toBe('Gatestone Institute')
  })

  it('counts positions in code points after an emoji, as the W3C model does, and uses a Factwork IRI for a document without an address', () => {
    const project = factCheck()
    const collection = toW3C(project, options) as Node
    const note = itemsOf(collection).find((i) => i.id === 'urn:factwork:annotation:note-after-emoji')!
    const target = note.target as Node
    const position = (target.selector as Node[])[1]!
    const annotation = project.annotations.find((a) => a.id === 'note-after-emoji')!
    expect(position).toEqual({ type: 'TextPositionSelector', start: annotation.start - 1, end: annotation.end - 1 })
    expect(target.source).toBe('urn:factwork:document:doc-multi')
  })

  it('writes links as linking annotations from the claim to the source record or passage, with the stance', () => {
    const collection = toW3C(factCheck(), options) as Node
    const links = itemsOf(collection).filter((i) => i.motivation === 'linking')
    expect(links.map((l) => l.id)).toEqual([
      'urn:factwork:link:link-trade-gatestone',
      'urn:factwork:link:link-trade-imf',
      'urn:factwork:link:link-trade-report',
      'urn:factwork:link:link-never-span'
    ])
    expect(links[0]).toMatchObject({
      target: 'urn:factwork:annotation:claim-trade',
      body: [
        { id: 'https://www.gatestoneinstitute.org/pakistan-unreliable-ally' },
        { type: 'TextualBody', purpose: 'classifying', value: 'supports' },
        { type: 'TextualBody', purpose: 'commenting', value: 'The report is where the figure comes from.' }
      ],
      'factwork:source': { id: 'src-gatestone', reliability: 'C' }
    })
    expect(links[2]!.body).toContainEqual({ id: 'urn:factwork:annotation:evidence-report' })
  })

  it('carries the whole source library, the tags and the verdict scale on the collection', () => {
    const project = factCheck()
    const collection = toW3C(project, options) as Node
    expect(collection['factwork:sources']).toEqual(project.sources)
    expect(collection['factwork:tags']).toEqual(project.settings.tags)
    expect(collection['factwork:verdictScale']).toEqual(project.settings.verdictScale)
  })

  it('exports one document with its annotations and the links from its claims only', () => {
    const collection = toW3C(factCheck(), { ...options, documentId: 'doc-multi' }) as Node
    const items = itemsOf(collection)
    expect(items.map((i) => i.id)).toEqual(['urn:factwork:annotation:claim-arabic', 'urn:factwork:annotation:note-after-emoji', 'urn:factwork:annotation:claim-chinese'])
    expect(collection.id).toBe('urn:factwork:project:project-1:annotations:document:doc-multi')
    expect(() => toW3C(factCheck(), { ...options, documentId: 'nope' })).toThrow(RangeError)
  })

  it('is plain JSON', () => {
    const collection = toW3C(factCheck(), options)
    expect(JSON.parse(JSON.stringify(collection))).toEqual(collection)
  })
})
