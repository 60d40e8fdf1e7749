import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../data/changes'
import { toClaimReviews } from '../../data/export/claimreview'
import { toW3C } from '../../data/export/w3c'
import { parseAnnotations, parseAnnotationsText, type ParsedAnnotations } from '../../data/import/w3c'
import { describeImport, placeAnnotations, type PlacingOptions } from '../../data/import/placing'
import { newProject, type Project } from '../../data/project'
import { ARTICLE_URL, articleText, documentFrom, factCheck, freshCopy, now, readText } from '../fixtures/w3c/factcheck'

const later = '2026-03-01T08:00:00.000Z'

function placingOptions(extra: Partial<PlacingOptions> = {}): PlacingOptions {
  let n = 0
  return { now: later, newId: () => `new-${++n}`, origin: 'export.jsonld', ...extra }
}

function parsed(json: unknown, fileName = 'export.jsonld'): ParsedAnnotations {
  const result = parseAnnotations(json, fileName)
  if (!result.ok) throw new Error(result.message)
  return result.value
}

/** Import `json` into `project` the way the app does: parse, place, apply. */
function importInto(project: Project, json: unknown, extra: Partial<PlacingOptions> = {}) {
  const { changes, report } = placeAnnotations(project, parsed(json), placingOptions(extra))
  const applied = applyChanges(project, changes, later)
  if (!applied.ok) throw new Error(applied.message)
  return { project: applied.value, report, changes }
}

/** The export as it is written to a file and read back. */
const exported = (project: Project, documentId?: string): unknown => JSON.parse(JSON.stringify(toW3C(project, { generatedAt: now, version: '0.1.0', documentId })))

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.id.localeCompare(b.id))

/** A project with one document made from `text`, with a web address. */
function projectWith(text: string, url?: string): Project {
  const doc = { ...documentFrom('doc', 'page.txt', text), ...(url ? { url } : {}) }
  return newProject('p', doc, now)
}

describe('importing a Factwork W3C export', () => {
  it('restores every annotation, source, link and orphan onto a fresh copy of the documents', () => {
    const original = factCheck()
    const { project: copy, report } = importInto(freshCopy(), exported(original))
    const newDocument = new Map([
      ['doc-article', 'copy-article'],
      ['doc-report', 'copy-report'],
      ['doc-multi', 'copy-multi']
    ])
    expect(byId(copy.annotations)).toEqual(byId(original.annotations).map((a) => ({ ...a, documentId: newDocument.get(a.documentId) })))
    expect(byId(copy.sources)).toEqual(byId(original.sources))
    expect(byId(copy.links)).toEqual(byId(original.links))
    expect(copy.orphans).toEqual(original.orphans.map((o) => ({ ...o, documentId: 'copy-article' })))
    expect(copy.settings.tags).toEqual(original.settings.tags)
    expect(copy.settings.verdictScale.labels.at(-1)).toEqual({ label: 'Needs context', value: null, color: '#7a5cc4', imported: true })
    expect(report).toMatchObject({ verdictsAdded: ['Needs context'], tagsAdded: ['Economy', 'Iran'], linksAdded: 4, duplicates: [], linksNotMade: [], skipped: [] })
    expect(report.placed).toHaveLength(10)
    expect(report.placed.every((p) => p.how === 'offsets')).toBe(true)
    expect(report.sourcesAdded).toEqual(['Gatestone Institute report', 'IMF Direction of Trade Statistics', 'Archived ministry statement “2024”'])
    expect(describeImport(report, 'export.jsonld')).toBe(
      'export.jsonld: 10 annotations placed, 1 annotation kept as an orphan, 4 links made, 3 sources added to the library, 1 verdict added to the scale (Needs context), 2 tags added (Economy, Iran).'
    )
  })

  it('reads the JSON-LD blocks of an HTML export, the collection beside the ClaimReviews', () => {
    const original = factCheck()
    const blocks = [exported(original), toClaimReviews(original, { generatedAt: now, version: '0.1.0' }).reviews]
    const read = parsed(blocks, 'article.html')
    expect(read.skipped).toEqual([])
    expect(read.annotations).toHaveLength(11)
    expect(read.links).toHaveLength(4)
  })

  it('reads the standard parts alone when another tool dropped Factwork’s extension properties', () => {
    const strip = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(strip)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('factwork:')).map(([k, v]) => [k, strip(v)]))
          : value
    const { project, report } = importInto(freshCopy(), strip(exported(factCheck())))
    const claim = project.annotations.find((a) => a.id === 'claim-trade')!
    expect(claim).toMatchObject({ documentId: 'copy-article', kind: 'claim', verdict: 'Mostly true', ruling: '' })
    // Without the `factwork:field` marker the ruling is one more comment, and joins the note.
    expect(claim.note).toBe('Check the year the figure refers to.\n\nIMF figures put 2024 trade at US$2.6 billion; the rounding is generous but close.')
    expect(claim.tags.map((id) => project.settings.tags.find((t) => t.id === id)!.name)).toEqual(['Economy', 'Iran'])
    expect(project.annotations.find((a) => a.id === 'source-gatestone')!.note).toBe('https://www.gatestoneinstitute.org/pakistan-unreliable-ally')
    // Documents without a web address are named by ids this project does not have.
    expect(report.placed).toHaveLength(6)
    expect(report.orphaned.map((o) => o.id).sort()).toEqual(['claim-arabic', 'claim-chinese', 'evidence-report', 'note-after-emoji', 'orphan-1'])
    expect(project.links).toEqual([expect.objectContaining({ id: 'link-never-span', claimId: 'claim-never', target: { type: 'annotation', id: 'evidence-span' }, stance: 'context' })])
    expect(report.linksNotMade).toEqual([
      { id: 'link-trade-gatestone', reason: 'What it points at (https://www.gatestoneinstitute.org/pakistan-unreliable-ally) is not in this project.' },
      { id: 'link-trade-imf', reason: 'What it points at (https://data.imf.org/dots) is not in this project.' },
      { id: 'link-trade-report', reason: 'The passage it points at could not be placed.' }
    ])
  })

  it('adds nothing when the same file is imported twice', () => {
    const first = importInto(freshCopy(), exported(factCheck()))
    const again = placeAnnotations(first.project, parsed(exported(factCheck())), placingOptions())
    expect(again.changes).toEqual([])
    expect(again.report.duplicates).toHaveLength(15)
    expect(describeImport(again.report, 'export.jsonld')).toBe('export.jsonld: 0 annotations placed, 15 duplicates skipped.')
  })

  it('places a document’s annotations on the document chosen, after words were inserted and spellings changed', () => {
    const edited = articleText()
      .replace('Washington, January 8', 'Washington, Thursday, January 8')
      .replace('these neighboring nations', 'these neighbouring nations')
      .replace('the first nation to recognize', 'the first nation ever to recognize')
    const target = projectWith(edited)
    const { project, report } = importInto(target, exported(factCheck(), 'doc-article'), { documentId: 'doc' })
    const how = Object.fromEntries(report.placed.map((p) => [p.id, p.how]))
    expect(how).toEqual({
      'claim-trade': 'fuzzy',
      'note-figure': 'exact',
      'claim-never': 'exact',
      'claim-first': 'fuzzy',
      'source-gatestone': 'exact',
      'evidence-span': 'exact'
    })
    const quote = (id: string) => project.annotations.find((a) => a.id === id)!.quote.exact
    expect(quote('claim-trade')).toBe('The trade between these neighbouring nations amounts to approximately US$2.8 billion')
    expect(quote('claim-first')).toBe('Israel. Furthermore, it was the first nation ever to recognize the Islamic Republic of Iran')
    expect(quote('note-figure')).toBe('US$2.8 billion')
    // The nested note is the figure inside the claim, not the one in the takeaways.
    const claim = project.annotations.find((a) => a.id === 'claim-trade')!
    const note = project.annotations.find((a) => a.id === 'note-figure')!
    expect(note.start).toBeGreaterThan(claim.start)
    expect(note.end).toBe(claim.end)
    // Links to passages of documents that are not in this project cannot be made, and say why.
    expect(report.linksNotMade).toEqual([{ id: 'link-trade-report', reason: 'What it points at (evidence-report) is not in this project.' }])
    expect(report.linksAdded).toBe(3)
  })

  it('places a quote whose typo has since been fixed by similarity, and says how alike it was', () => {
    const annotation = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'http://example.org/anno/typo',
      type: 'Annotation',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'Claim' }],
      target: { source: ARTICLE_URL, selector: { type: 'TextQuoteSelector', exact: 'Pakistan has never acknowleged Israel', prefix: 'To this day, ', suffix: '. Furthermore' } }
    }
    const { project, report } = importInto(projectWith(articleText(), ARTICLE_URL), annotation)
    expect(project.annotations[0]).toMatchObject({ id: 'http://example.org/anno/typo', kind: 'claim', quote: { exact: 'Pakistan has never acknowledged Israel' } })
    expect(report.placed[0]!.how).toBe('fuzzy')
    expect(report.placed[0]!.similarity).toBeGreaterThan(0.95)
  })

  it('keeps an annotation whose quote is not in the text as an orphan, with the reason, and keeps its fields', () => {
    const annotation = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'http://example.org/anno/missing',
      type: 'Annotation',
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
        { type: 'TextualBody', purpose: 'assessing', value: 'false' },
        { type: 'TextualBody', purpose: 'commenting', value: 'Said on television, not in this article.' }
      ],
      target: { source: ARTICLE_URL, selector: [{ type: 'TextQuoteSelector', exact: 'Pakistan will join the Abraham Accords next month' }, { type: 'TextPositionSelector', start: 40, end: 89 }] }
    }
    const { project, report } = importInto(projectWith(articleText(), ARTICLE_URL), annotation, { origin: 'tv-notes.json' })
    expect(project.annotations).toEqual([])
    expect(project.orphans).toEqual([
      expect.objectContaining({
        id: 'http://example.org/anno/missing',
        kind: 'claim',
        verdict: 'False',
        note: 'Said on television, not in this article.',
        quote: { exact: 'Pakistan will join the Abraham Accords next month', prefix: '', suffix: '' },
        start: 40,
        end: 89,
        documentId: 'doc',
        origin: 'tv-notes.json',
        reason: 'Its quote “Pakistan will join the Abraham Accords next month” is not in “Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?”.'
      })
    ])
    expect(report.orphaned).toHaveLength(1)
  })

  it('keeps annotations of a document that is not in the project as orphans', () => {
    const { project, report } = importInto(projectWith('Another article entirely.'), exported(factCheck(), 'doc-report'))
    expect(project.orphans.map((o) => [o.id, o.reason])).toEqual([['evidence-report', 'Its document (urn:factwork:document:doc-report) is not in this project.']])
    expect(report.placed).toEqual([])
  })

  it('matches verdicts to the scale ignoring case, adds unknown ones as imported, and creates tags', () => {
    const page = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'http://example.org/page1',
      type: 'AnnotationPage',
      items: [
        {
          id: 'http://example.org/a1',
          type: 'Annotation',
          motivation: 'assessing',
          body: [
            { type: 'TextualBody', purpose: 'tagging', value: 'CLAIM' },
            { type: 'TextualBody', purpose: 'tagging', value: 'trade' },
            { type: 'TextualBody', purpose: 'assessing', value: 'mostly FALSE' }
          ],
          target: { source: ARTICLE_URL, selector: { type: 'TextQuoteSelector', exact: 'approximately US$2.8 billion' } }
        },
        {
          id: 'http://example.org/a2',
          type: 'Annotation',
          body: [
            { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
            { type: 'TextualBody', purpose: 'assessing', value: 'Pants on Fire' },
            { type: 'TextualBody', purpose: 'assessing', value: 'Pakistan recognised Iran in 1979, as it says; the ruling explains the rest at length.' }
          ],
          target: { source: ARTICLE_URL, selector: { type: 'TextQuoteSelector', exact: 'first nation to recognize the Islamic Republic of Iran' } }
        }
      ]
    }
    const { project, report } = importInto(projectWith(articleText(), ARTICLE_URL), page)
    const [a1, a2] = byId(project.annotations)
    expect(a1).toMatchObject({ kind: 'claim', verdict: 'Mostly false', tags: [project.settings.tags[0]!.id] })
    expect(a2).toMatchObject({ kind: 'claim', verdict: 'Pants on Fire', ruling: 'Pakistan recognised Iran in 1979, as it says; the ruling explains the rest at length.' })
    expect(project.settings.tags.map((t) => t.name)).toEqual(['trade'])
    expect(project.settings.verdictScale.labels.at(-1)).toMatchObject({ label: 'Pants on Fire', value: null, imported: true })
    expect(report.verdictsAdded).toEqual(['Pants on Fire'])
  })

  it('uses the position to choose between identical quotes when there is no context', () => {
    const text = 'Officials said the figure was wrong. Later, officials said the figure was wrong.'
    const second = text.lastIndexOf('said the figure was wrong')
    const annotation = {
      id: 'urn:x:1',
      type: 'Annotation',
      target: { source: 'http://example.org/page', selector: [{ type: 'TextQuoteSelector', exact: 'said the figure was wrong' }, { type: 'TextPositionSelector', start: second, end: second + 25 }] }
    }
    const { project } = importInto(projectWith(text, 'http://example.org/page'), annotation)
    expect(project.annotations[0]!.start).toBe(second)
  })

  it('reads positions in code points, as the W3C model counts them, after emoji', () => {
    const text = '📈 The figure was wrong. 📈 The figure was wrong.'
    const second = text.lastIndexOf('The figure')
    const annotation = {
      id: 'urn:x:2',
      type: 'Annotation',
      target: { source: 'http://example.org/page', selector: [{ type: 'TextQuoteSelector', exact: 'The figure was wrong.' }, { type: 'TextPositionSelector', start: second - 2, end: second + 19 }] }
    }
    const { project, report } = importInto(projectWith(text, 'http://example.org/page'), annotation)
    expect(project.annotations[0]!.start).toBe(second)
    expect(report.placed[0]!.how).toBe('offsets')
  })

  it('restores one annotation taken out of an export on its own, its tags found by name', () => {
    const collection = exported(factCheck()) as { '@context': unknown; first: { items: { id: string }[] } }
    const claim = collection.first.items.find((i) => i.id === 'urn:factwork:annotation:claim-trade')!
    const target: Project = { ...freshCopy(), settings: { ...freshCopy().settings, tags: [{ id: 'mine', name: 'economy', color: '#000000' }] } }
    const { project, report } = importInto(target, { '@context': collection['@context'], ...claim })
    expect(project.annotations[0]).toMatchObject({ id: 'claim-trade', documentId: 'copy-article', claimant: 'Gatestone Institute', verdict: 'Mostly true', sourceId: null })
    expect(project.annotations[0]!.tags).toEqual(['mine', project.settings.tags[1]!.id])
    expect(report.tagsAdded).toEqual(['Iran'])
  })
})

describe('importing other tools’ annotations', () => {
  it('reads Hypothesis search results: tags set the kind and become project tags, page notes and replies become orphans', () => {
    const json = JSON.parse(readText('./hypothesis-search.json'))
    const result = parseAnnotations(json, 'hypothesis.json')
    expect(result.ok && result.value.format).toBe('hypothesis')
    const { project, report } = importInto(projectWith(articleText(), ARTICLE_URL), json)
    expect(byId(project.annotations)).toEqual([
      expect.objectContaining({
        id: 'https://hypothes.is/a/Jb2uX8VZEe-4Ux9cTqH2ow',
        kind: 'claim',
        note: 'Trade figure: compare with IMF Direction of Trade data.',
        quote: expect.objectContaining({ exact: 'amounts to approximately US$2.8 billion' }),
        tags: [project.settings.tags[0]!.id],
        createdAt: '2026-01-12T09:14:03.517000+00:00',
        modifiedAt: '2026-01-12T09:20:41.102000+00:00'
      }),
      expect.objectContaining({ id: 'https://hypothes.is/a/Kc3vY9WaEe-5Vy0dUrI3px', kind: 'source', quote: expect.objectContaining({ exact: 'New York-based think tank Gatestone Institute' }) })
    ])
    expect(project.settings.tags.map((t) => t.name)).toEqual(['trade figures'])
    expect(report.orphaned.map((o) => o.reason)).toEqual([
      `It annotates the whole of ${ARTICLE_URL}, not a passage.`,
      'It is a reply to another annotation, not a passage.'
    ])
    expect(project.orphans.find((o) => o.id.endsWith('Ld4wZ0XbEe-6Wz1eVsJ4qy'))!.note).toBe('Whole-page note: the headline asks a loaded question.')
  })

  it('reads a bare array of Hypothesis annotations the same way', () => {
    const rows = JSON.parse(readText('./hypothesis-search.json')).rows
    const { report } = importInto(projectWith(articleText(), ARTICLE_URL), rows)
    expect(report.placed).toHaveLength(2)
    expect(report.orphaned).toHaveLength(2)
  })

  it('places the W3C specification’s examples that quote text, refined selectors included', () => {
    const page = projectWith('Here this is an anotation that has some typos. Some text before the Selected Text and text after it.', 'http://example.org/page1')
    for (const example of ['example23', 'example29']) {
      const { project, report } = importInto(page, JSON.parse(readText(`./spec-examples/${example}.json`)))
      expect(report.placed).toHaveLength(1)
      expect(project.annotations[0]).toMatchObject({ kind: 'note', note: 'http://example.org/comment1' })
    }
    const [anno23, anno29] = ['example23', 'example29'].map((e) => importInto(page, JSON.parse(readText(`./spec-examples/${e}.json`))).project.annotations[0]!)
    expect(anno23!.quote.exact).toBe('anotation')
    expect(anno29!.quote.exact).toBe('Selected Text')
  })

  it('keeps every annotation of the test suite’s sample collection: two placed by quote, the rest orphans with reasons', () => {
    const page = projectWith('Here this is an anotation that has some typos. Some text before the Selected Text and text after it.', 'http://example.org/page1')
    const { project, report } = importInto(page, JSON.parse(readText('./samples/collection1.json')))
    expect(report.placed.map((p) => p.id)).toEqual(['http://example.org/anno26', 'http://example.org/anno32'])
    expect(project.orphans).toHaveLength(39)
    expect(report.orphaned.find((o) => o.id === 'http://example.org/anno27')!.reason).toBe('It gives only a position, no quote (TextQuoteSelector) to find its passage by.')
    expect(report.orphaned.find((o) => o.id === 'http://example.org/anno24')!.reason).toBe('It finds its passage with a CssSelector selector; Factwork places passages by their quote (TextQuoteSelector).')
    expect(report.orphaned.find((o) => o.id === 'http://example.org/anno1')!.reason).toBe('It annotates the whole of http://example.com/page1, not a passage.')
  })
})

describe('reading annotation files', () => {
  it('fails with a sentence naming the file for anything that holds no annotations', () => {
    const message = (json: unknown) => {
      const result = parseAnnotations(json, 'notes.json')
      return result.ok ? 'parsed' : result.message
    }
    expect(message({ title: 'My notes' })).toBe('notes.json is not W3C Web Annotation JSON: it has no annotations.')
    expect(message(42)).toBe('notes.json is not W3C Web Annotation JSON: it holds a number, not annotations.')
    expect(message(null)).toBe('notes.json is not W3C Web Annotation JSON: it holds null, not annotations.')
    expect(message(['a', 'b'])).toBe('notes.json is not W3C Web Annotation JSON: it is an array without annotations (Item 1 is not an annotation).')
    expect(message({ type: 'AnnotationCollection', id: 'http://example.org/c', total: 0 })).toBe('notes.json holds no annotations: there is nothing to import.')
    expect(message({ type: 'AnnotationCollection', id: 'http://example.org/c', first: 'http://example.org/c/page1' })).toBe(
      'notes.json is not W3C Web Annotation JSON: it has no annotations (The collection’s annotations are on pages that are not in the file (first: http://example.org/c/page1)).'
    )
    const text = parseAnnotationsText('{"rows": [', 'notes.json')
    expect(!text.ok && text.message).toMatch(/^notes\.json is not W3C Web Annotation JSON: it is not valid JSON \(.+\)\.$/)
    expect(!text.ok && text.code).toBe('bad-input')
  })
})
