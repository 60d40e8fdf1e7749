import { unzipSync } from 'fflate'
import { JSDOM } from 'jsdom'
import mammoth from 'mammoth'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { applyChanges, type Change } from '../../data/changes'
import { layout, type Block } from '../../data/document'
import { buildDocument } from '../../data/import'
import { ANNOTATION_DEFAULTS, newProject, type Annotation, type ArticleDocument, type Project, type SourceRecord } from '../../data/project'
import type { AnnotationKind } from '../../data/vocabulary'
import { sha256 } from '../../main/attachments'
import { toDocx } from '../../main/export/docx'

const FIXTURES = join(resolve(__dirname, '..'), 'fixtures', 'bundle')
const now = '2026-02-03T10:00:00.000Z'
const options = { generatedAt: now, version: '0.1.0' }

async function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, name), 'utf8')
}

/** A document made from text the way the importer makes it. */
function document(id: string, fileName: string, text: string, extra: Partial<ArticleDocument> = {}): ArticleDocument {
  const bytes = new TextEncoder().encode(text)
  const format = fileName.endsWith('.md') ? 'markdown' : 'text'
  const doc = buildDocument({
    id,
    fileName,
    format,
    text,
    original: { fileName, mediaType: format === 'markdown' ? 'text/markdown' : 'text/plain', size: bytes.length, sha256: sha256(bytes), importedAt: now }
  })
  if (!doc.ok) throw new Error(doc.message)
  return { ...doc.value, ...extra }
}

/** An annotation on the `nth` occurrence of `exact` in a document. */
function passage(doc: ArticleDocument, exact: string, id: string, kind: AnnotationKind, fields: Partial<Annotation> = {}, nth = 0): Annotation {
  let start = -1
  for (let i = 0; i <= nth; i++) start = doc.text.indexOf(exact, start + 1)
  if (start < 0) throw new Error(`“${exact}” is not in ${doc.id}`)
  return {
    ...ANNOTATION_DEFAULTS,
    tags: [],
    ...fields,
    id,
    documentId: doc.id,
    kind,
    start,
    end: start + exact.length,
    quote: quoteAt(doc.text, start, start + exact.length),
    createdAt: now,
    modifiedAt: fields.modifiedAt ?? now
  }
}

function source(id: string, title: string, fields: Partial<SourceRecord> = {}): SourceRecord {
  return { id, title, url: '', publisher: '', author: '', date: '', accessed: '', origin: null, reliability: null, notes: '', attachment: null, createdAt: now, modifiedAt: now, ...fields }
}

/** A project holding `documents`, changed by `changes` (which must apply). */
function projectOf(documents: ArticleDocument[], changes: Change[]): Project {
  const base = { ...newProject('p1', documents[0]!, now), title: 'Port and trade checks', documents }
  const applied = applyChanges(base, changes, now)
  if (!applied.ok) throw new Error(applied.message)
  return applied.value
}

/** What a second reader finds in a Word file: its parts, parsed as XML (which fails on a file that
 *  is not well-formed), each comment's text and the text its range covers in the body. */
interface WordFile {
  readonly parts: Record<string, Uint8Array>
  readonly documentXml: string
  readonly comments: { id: number; author: string; initials: string; date: string; text: string }[]
  readonly ranges: Map<number, string>
  readonly references: number
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!
  )
}

function readWord(bytes: Uint8Array, parseXml = true): WordFile {
  const parts = unzipSync(bytes)
  const text = (name: string) => new TextDecoder().decode(parts[name])
  const documentXml = text('word/document.xml')
  const commentsXml = text('word/comments.xml')
  if (parseXml) {
    for (const name of Object.keys(parts).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
      // jsdom's XML parser throws on anything that is not well-formed XML 1.0.
      new JSDOM(text(name), { contentType: 'application/xml' })
    }
  }
  const comments = [...commentsXml.matchAll(/<w:comment ([^>]*)>([\s\S]*?)<\/w:comment>/g)].map(([, attributes, inner]) => {
    const attr = (name: string) => unescapeXml(new RegExp(`w:${name}="([^"]*)"`).exec(attributes!)?.[1] ?? '')
    const paragraphs = inner!.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join(''))
    return { id: Number(attr('id')), author: attr('author'), initials: attr('initials'), date: attr('date'), text: paragraphs.filter(Boolean).join('\n') }
  })
  // Walk the body once: text inside each open comment range is collected, line breaks as \n.
  const open = new Map<number, string[]>()
  const ranges = new Map<number, string>()
  let references = 0
  for (const m of documentXml.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>|<w:commentRangeEnd w:id="(\d+)"\/>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:commentReference w:id="\d+"\/>/g)) {
    if (m[1] !== undefined) open.set(Number(m[1]), [])
    else if (m[2] !== undefined) {
      const id = Number(m[2])
      ranges.set(id, open.get(id)!.join(''))
      open.delete(id)
    } else if (m[0].startsWith('<w:commentReference')) references++
    else {
      const piece = m[3] !== undefined ? unescapeXml(m[3]) : '\n'
      for (const buffer of open.values()) buffer.push(piece)
    }
  }
  return { parts, documentXml, comments, ranges, references }
}

/** A quote as Word can show it: without characters XML cannot hold, and (since paragraph breaks
 *  are not text in Word) without line breaks. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '').replace(/[\r\n]/g, '')
}

/** The annotations in the order the export numbers its comments: by document, then reading order,
 *  longer ranges first. */
function readingOrder(project: Project, documentIds = project.documents.map((d) => d.id)): Annotation[] {
  return documentIds.flatMap((id) =>
    project.annotations.filter((a) => a.documentId === id).sort((x, y) => x.start - y.start || y.end - x.end || (x.id < y.id ? -1 : 1))
  )
}

/** Every annotation has one comment, and each comment's range covers exactly its quote. */
function expectEveryAnnotationCommented(word: WordFile, annotations: readonly Annotation[]): void {
  expect(word.comments).toHaveLength(annotations.length)
  expect(word.references).toBe(annotations.length)
  for (const [i, a] of annotations.entries()) {
    expect(word.ranges.get(i)?.replace(/\n/g, ''), `the range of comment ${i} (${a.id})`).toBe(visible(a.quote.exact))
  }
}

describe('exporting to Word', async () => {
  const nation = document('d1', 'nationpress.txt', await fixture('nationpress.txt'))
  const brief = document('d2', 'port-brief.md', await fixture('port-brief.md'))
  const gatestone = source('s1', 'Gatestone Institute report', { publisher: 'Gatestone Institute', reliability: 'C', url: 'https://www.gatestoneinstitute.org/report' })
  const customs = source('s2', 'Pakistan customs statistics 2024', { publisher: 'Pakistan Bureau of Statistics', reliability: 'A' })
  const trade = passage(nation, 'amounts to approximately US$2.8 billion', 'c1', 'claim', {
    verdict: 'Mostly false',
    claimant: 'Gatestone Institute',
    claimDate: '2026-01-08',
    claimType: 'statistic',
    status: 'researching',
    ruling: 'Customs data put the trade at US$1.9 billion.',
    confidence: 'moderate',
    note: 'Check the fiscal year used.',
    modifiedAt: '2026-01-20T09:30:00.000Z'
  })
  const first = passage(nation, 'it was the first nation to recognize the Islamic Republic of Iran', 'c2', 'claim', { verdict: 'True', status: 'published', confidence: 'high' })
  const nested = passage(nation, 'recognize the Islamic Republic', 'n1', 'note', { note: 'Recognition came in February 1979.' })
  const overlapping = passage(nation, 'Islamic Republic of Iran after Ayatollah', 'e1', 'evidence', { credibility: '2', confidence: 'low' })
  const cited = passage(nation, 'Gatestone Institute', 's-a1', 'source', { sourceId: 's1' })
  // From the middle of one paragraph to the middle of the next.
  const [before, after] = layout(nation.blocks).runs.slice(10, 12)
  const spanning: Annotation = {
    ...passage(nation, nation.text.slice(before!.end - 40, before!.end), 'n2', 'note', { note: 'Spans two paragraphs.' }),
    end: after!.start + 30,
    quote: quoteAt(nation.text, before!.end - 40, after!.start + 30)
  }
  const bold = passage(brief, 'handled 4.1 million containers in 2024', 'c3', 'claim', { verdict: 'Pants on fire' })
  const linked = passage(brief, 'port authority', 's-a2', 'source')
  const inQuote = passage(brief, 'We have never seen growth like this', 'c4', 'claim', { claimant: 'The minister' })
  const inList = passage(brief, '9 percent according to the dockers', 'e2', 'evidence')
  const inCode = passage(brief, '4_100_000\ngrowth', 'n3', 'note')
  const heading = passage(brief, 'Port traffic', 'n4', 'note')
  const project = projectOf(
    [nation, brief],
    [
      { op: 'addSource', source: gatestone },
      { op: 'addSource', source: customs },
      ...[trade, first, nested, overlapping, cited, spanning, bold, linked, inQuote, inList, inCode, heading].map((annotation) => ({ op: 'addAnnotation' as const, annotation })),
      { op: 'addLink', link: { id: 'l1', claimId: 'c1', target: { type: 'source', id: 's2' }, stance: 'refutes', note: 'Table 4', createdAt: now, modifiedAt: now } },
      { op: 'addLink', link: { id: 'l2', claimId: 'c1', target: { type: 'annotation', id: 'e1' }, stance: 'context', note: '', createdAt: now, modifiedAt: now } }
    ]
  )
  const withPublication = { ...project, settings: { ...project.settings, publication: { organization: 'Desk Check', organizationUrl: '', reviewUrl: '', author: 'Amira Haddad' } } }

  it('gives every annotation one native comment whose range covers exactly its passage, nested, overlapping and across paragraphs', async () => {
    const word = readWord(await toDocx(withPublication, options))
    expectEveryAnnotationCommented(word, readingOrder(withPublication))
  })

  it('pulls ranges that begin or end between paragraphs onto the text beside them', async () => {
    const text = 'First paragraph.\n\nSecond paragraph.\n\nThird.'
    const doc = document('sep', 'sep.txt', text)
    const at = (start: number, end: number, id: string): Annotation => ({ ...passage(doc, 'First', id, 'note'), start, end, quote: quoteAt(doc.text, start, end) })
    const separator = doc.text.indexOf('\n\n')
    const annotations = [
      at(separator, separator + 8, 'begins-between'),
      at(6, separator + 1, 'ends-between'),
      at(separator, separator + 2, 'only-the-break'),
      at(0, doc.text.length, 'everything')
    ]
    const p = projectOf([doc], annotations.map((annotation) => ({ op: 'addAnnotation' as const, annotation })))
    const word = readWord(await toDocx(p, options))
    expectEveryAnnotationCommented(word, readingOrder(p))
    const order = readingOrder(p).map((a) => a.id)
    expect(word.ranges.get(order.indexOf('begins-between'))).toBe('Second')
    expect(word.ranges.get(order.indexOf('ends-between'))).toBe('paragraph.')
    expect(word.ranges.get(order.indexOf('only-the-break'))).toBe('')
    expect(word.ranges.get(order.indexOf('everything'))).toBe('First paragraph.Second paragraph.Third.')
  })

  it('writes in each comment the verdict with its rating, claimant, status, ruling, confidence, cited source, links and note', async () => {
    const word = readWord(await toDocx(withPublication, options))
    const order = readingOrder(withPublication)
    const comment = (id: string) => word.comments[order.findIndex((a) => a.id === id)]!
    expect(comment('c1').text).toBe(
      [
        'Claim',
        'Verdict: Mostly false (rating 2 of 5)',
        'Confidence: Moderate',
        'Claimant: Gatestone Institute, on 2026-01-08',
        'Claim type: Statistic',
        'Status: Researching',
        'Ruling: Customs data put the trade at US$1.9 billion.',
        'Refutes: the source Pakistan customs statistics 2024 (Pakistan Bureau of Statistics); reliability A — Completely reliable (Table 4)',
        'Context: the evidence “Islamic Republic of Iran after Ayatollah” in “Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?”',
        'Note: Check the fiscal year used.'
      ].join('\n')
    )
    expect(comment('c1')).toMatchObject({ author: 'Amira Haddad', initials: 'AH', date: '2026-01-20T09:30:00.000Z' })
    expect(comment('s-a1').text).toBe('Source\nSource: Gatestone Institute report (Gatestone Institute); reliability C — Fairly reliable')
    expect(comment('e1').text).toBe('Evidence\nConfidence: Low\nCredibility: 2 — Probably true\nContext for the claim: “amounts to approximately US$2.8 billion”')
    expect(comment('c3').text).toContain('Verdict: Pants on fire (not on the scale)')
    expect(comment('c4').text).toContain('Claimant: The minister')
  })

  it('signs comments with the organisation, or Factwork when the publication names nobody', async () => {
    const organisation = { ...project, settings: { ...project.settings, publication: { ...withPublication.settings.publication, author: '' } } }
    expect(readWord(await toDocx(organisation, options)).comments[0]).toMatchObject({ author: 'Desk Check', initials: 'DC' })
    expect(readWord(await toDocx(project, options)).comments[0]).toMatchObject({ author: 'Factwork', initials: 'F' })
  })

  it('keeps headings, quotes, lists, emphasis, code and links, shades passages by kind and lists claims and sources after the article', async () => {
    const bytes = await toDocx(withPublication, options)
    const word = readWord(bytes)
    const xml = word.documentXml
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>')
    expect(xml).toMatch(/<w:ind w:start="720"\/>[\s\S]*?never seen growth/)
    expect(xml).toMatch(/<w:numPr><w:ilvl w:val="1"\/>/)
    expect(xml).toContain('w:fill="FBE2A1"')
    expect(xml).toContain('w:fill="C6E7CF"')
    expect(xml).toContain('w:fill="EBD3EF"')
    expect(xml).toContain('w:fill="CADDFC"')
    expect(xml).toContain('<w:rFonts w:ascii="Courier New"')
    const rels = new TextDecoder().decode(word.parts['word/_rels/document.xml.rels'])
    expect(rels).toContain('Target="https://port.example/annual-report"')
    expect(rels).toContain('Target="mailto:desk@port.example"')
    const core = new TextDecoder().decode(word.parts['docProps/core.xml'])
    expect(core).toContain('<dc:title>Port and trade checks</dc:title>')
    expect(core).toContain('<dc:creator>Amira Haddad</dc:creator>')
    expect(core).toMatch(/<dc:description>Fact-check of “Port and trade checks”: 4 claims and 12 annotations in all, 2 sources\./)

    // A second reader: mammoth renders the article, the comments and the tables.
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: ['comment-reference => sup'] })).value
    expect(html).toMatch(/<h1>Port traffic<sup><a href="#comment-\d+" id="comment-ref-\d+">\[AH\d+\]<\/a><\/sup> brief<\/h1>/)
    expect(html).toContain('<strong>4.1 million containers</strong>')
    expect(html).toContain('<a href="https://port.example/annual-report">port authority</a>')
    expect(html).toMatch(/<ol><li>The container count of 4\.1 million\.<\/li><li>The growth rate:<ul><li>12 percent/)
    expect(html.match(/<sup><a href="#comment-\d+"/g)).toHaveLength(12)
    expect(html).toContain('<p><strong>Verdict: </strong>Mostly false (rating 2 of 5)</p>')
    expect(html).toContain('<h1>Claims</h1>')
    expect(html).toMatch(/<tr><td><p>amounts to approximately US\$2\.8 billion<\/p><p>Is Pakistan an Unreliable US Ally[^<]*<\/p><\/td><td><p>Gatestone Institute, 2026-01-08<\/p><\/td><td><p>Mostly false \(rating 2 of 5\)<\/p><\/td><td><p>Customs data put the trade at US\$1\.9 billion\.<\/p><\/td><td><p>Moderate<\/p><\/td><td><p>Researching<\/p><\/td><\/tr>/)
    expect(html).toContain('<h1>Sources</h1>')
    expect(html).toContain('<td><p>C — Fairly reliable</p></td>')
  })

  it('exports one document with its own claims and only the sources it cites', async () => {
    const word = readWord(await toDocx(withPublication, { ...options, documentId: 'd2' }))
    expectEveryAnnotationCommented(word, readingOrder(withPublication, ['d2']))
    expect(word.documentXml).not.toContain('Gatestone')
    const core = new TextDecoder().decode(word.parts['docProps/core.xml'])
    expect(core).toContain('<dc:title>Port traffic brief</dc:title>')
  })

  it('keeps Arabic text and lays right-to-left paragraphs out right to left', async () => {
    const arabic = document('ar', 'wheat-ar.md', await fixture('wheat-ar.md'))
    const claim = passage(arabic, 'ارتفعت بنسبة ١٢ في المئة', 'c-ar', 'claim', { claimant: 'وزارة التجارة', verdict: 'Half true' })
    const latin = passage(arabic, 'من Ukraine ستستأنف', 'n-ar', 'note')
    const rtl = projectOf([arabic], [claim, latin].map((annotation) => ({ op: 'addAnnotation' as const, annotation })))
    const bytes = await toDocx(rtl, options)
    const word = readWord(bytes)
    expectEveryAnnotationCommented(word, readingOrder(rtl))
    const paragraphs = word.documentXml.split('</w:p>')
    const arabicParagraph = paragraphs.find((p) => p.includes('قالت وزارة التجارة'))!
    expect(arabicParagraph).toContain('<w:bidi/>')
    expect(arabicParagraph).toContain('<w:rtl/>')
    expect(paragraphs.find((p) => p.includes('Highlights'))).not.toContain('<w:bidi/>')
    expect(word.comments[0]!.text).toContain('Claimant: وزارة التجارة')
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value
    expect(html).toContain('الواردات من Ukraine ستستأنف في مارس')
  })

  it('writes a valid file from hostile text: markup characters kept as text, characters XML forbids left out', async () => {
    const text = 'Headline <b>&amp;</b>\n\nA <script>alert("x")</script> & \'quoted\' \u0001bell\u000b tab\there ]]> \uD800 lone \uFFFF end.\n\nSecond\u0000 paragraph.'
    const hostile = document('h', 'hostile.txt', text)
    const scriptPassage = passage(hostile, '<script>alert("x")</script> & \'quoted\' \u0001bell\u000b', 'h1', 'claim', {
      note: 'Note with <w:t>markup</w:t> & \u0002control\u001f characters',
      claimant: '"><w:p>',
      ruling: '\uDC00]]>'
    })
    const across = passage(hostile, '\uFFFF end.\n\nSecond\u0000', 'h2', 'note')
    const bad = projectOf([hostile], [scriptPassage, across].map((annotation) => ({ op: 'addAnnotation' as const, annotation })))
    const publication = { organization: 'A & B <Fact> "Check"', organizationUrl: '', reviewUrl: '', author: '\u0007' }
    const bytes = await toDocx({ ...bad, title: 'Title \u0003 <x>', settings: { ...bad.settings, publication } }, options)
    const word = readWord(bytes)
    expectEveryAnnotationCommented(word, readingOrder(bad))
    expect(word.ranges.get(0)).toBe('<script>alert("x")</script> & \'quoted\' bell')
    expect(word.comments[0]).toMatchObject({ author: 'A & B <Fact> "Check"', initials: 'A&B<' })
    expect(word.comments[0]!.text).toContain('Note: Note with <w:t>markup</w:t> & control characters')
    expect(word.comments[0]!.text).toContain('Claimant: "><w:p>')
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value
    expect(html).toContain('A &lt;script&gt;alert("x")&lt;/script&gt; &amp;')
    expect(html).not.toContain('<script>')
  })

  it('exports a 1 MB article with 10,000 overlapping annotations, each with its comment', async () => {
    const { project: large, seconds } = await largeProject()
    const started = performance.now()
    const cpu = process.cpuUsage()
    const bytes = await toDocx(large, options)
    const elapsed = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    console.log(
      `Word export of a ${(large.documents[0]!.text.length / 1e6).toFixed(2)} MB article with ${large.annotations.length} annotations: ${elapsed.toFixed(2)} s (${((used.user + used.system) / 1e6).toFixed(2)} s of CPU), ${(bytes.length / 1e6).toFixed(2)} MB (project built in ${seconds.toFixed(2)} s)`
    )
    const word = readWord(bytes, false)
    expectEveryAnnotationCommented(word, readingOrder(large))
  })
})

/** Workload W-L: a 1 MB article of 5,000 paragraphs with 10,000 annotations, one in ten crossing a
 *  paragraph break, up to five overlapping. Positions come from a fixed-seed generator. */
async function largeProject(): Promise<{ project: Project; seconds: number }> {
  const started = performance.now()
  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const words = (await fixture('nationpress.txt')).split(/\s+/).filter(Boolean)
  const blocks: Block[] = []
  for (let p = 0; p < 5000; p++) {
    let text = ''
    while (text.length < 200) text += `${words[Math.floor(random() * words.length)]} `
    blocks.push({ type: 'paragraph', content: [{ text: text.trim() }] })
  }
  const { text, runs } = layout(blocks)
  const doc: ArticleDocument = {
    id: 'big',
    title: 'Large article',
    format: 'text',
    blocks,
    text,
    original: { fileName: 'big.txt', mediaType: 'text/plain', size: text.length, sha256: 'b'.repeat(64), importedAt: now }
  }
  const kinds: AnnotationKind[] = ['claim', 'source', 'evidence', 'note']
  const annotations: Annotation[] = []
  for (let i = 0; i < 10_000; i++) {
    const run = runs[Math.floor(i / 2)]!
    const crossing = i % 10 === 9 && Math.floor(i / 2) + 1 < runs.length
    const start = run.start + Math.floor(random() * (run.end - run.start - 60))
    const end = crossing ? runs[Math.floor(i / 2) + 1]!.start + 20 : start + 10 + Math.floor(random() * 50)
    annotations.push({
      ...ANNOTATION_DEFAULTS,
      tags: [],
      id: `a${i}`,
      documentId: 'big',
      kind: kinds[i % 4]!,
      start,
      end,
      quote: quoteAt(text, start, end),
      verdict: i % 4 === 0 ? 'False' : null,
      note: i % 3 === 0 ? `Note ${i}` : '',
      createdAt: now,
      modifiedAt: now
    })
  }
  const project: Project = { ...newProject('big', doc, now), annotations }
  return { project, seconds: (performance.now() - started) / 1000 }
}
