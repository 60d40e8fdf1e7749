import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { layout, type Block } from '../../data/document'
import { toHtml } from '../../data/export/html'
import type { ArticleDocument, Project } from '../../data/project'
import { readExportedHtml } from '../../main/import/exported'
import { importBytes } from '../../main/importer'
import { hostileProject, now, passage, richProject } from '../fixtures/export/projects'

const FIXTURES = join(resolve(__dirname, '..'), 'fixtures')
const options = { generatedAt: '2026-03-01T10:15:00.000Z', version: '0.1.0' }

/** JSON-LD items as the W3C and ClaimReview exports make them, with strings that try to end the
 *  script element or open a comment. */
const jsonLd: unknown[] = [
  {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: 'Notes </script><script>alert(1)</script>',
    first: { type: 'AnnotationPage', items: [{ type: 'Annotation', body: { type: 'TextualBody', value: '<!-- not a comment --> & </SCRIPT >' } }] }
  },
  { '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: 'ارتفعت بنسبة ١٢ في المئة', reviewRating: { '@type': 'Rating', ratingValue: 3, alternateName: 'Half true' } },
  ['</script', '<\u2028\u2029>', null, true, 1.5, { nested: ['<b>'] }]
]

/** Export `project` to a file in a temporary folder, read the file back. */
async function roundTrip(project: Project, extra: unknown[] = jsonLd) {
  const dir = await mkdtemp(join(tmpdir(), 'factwork-exported-'))
  const file = join(dir, 'export.html')
  await writeFile(file, toHtml(project, { ...options, jsonLd: extra }), 'utf8')
  const page = readExportedHtml(await readFile(file, 'utf8'))
  if (!page) throw new Error('The export was not recognised')
  return page
}

async function imported(fileName: string, bytes: Uint8Array, id: string): Promise<ArticleDocument> {
  const doc = await importBytes(fileName, bytes, { documentId: id, now })
  if (!doc.ok) throw new Error(doc.message)
  return doc.value
}

/** A project over the given documents, with an overlapping pair of annotations on each. */
function projectOf(documents: ArticleDocument[]): Project {
  const base = richProject()
  const annotations = documents.flatMap((d) => {
    const words = d.text.match(/\S+/gu) ?? []
    if (words.length < 6) return []
    const [a, b] = [words[2]!, words[5]!]
    return [passage(d, `${d.id}-1`, 'claim', a, { to: b, verdict: 'False' }), passage(d, `${d.id}-2`, 'note', words[4]!, { after: a })]
  })
  return { ...base, documents, annotations, links: [], orphans: [] }
}

function expectSameDocuments(read: readonly { id: string; text: string; blocks: Block[]; title: string }[], documents: readonly ArticleDocument[]) {
  expect(read.map((d) => d.id)).toEqual(documents.map((d) => d.id))
  for (const [i, d] of documents.entries()) {
    expect(read[i]!.text).toBe(d.text)
    expect(read[i]!.blocks).toEqual(d.blocks)
    expect(read[i]!.title).toBe(d.title)
  }
}

describe('reading an exported HTML page back', () => {
  it('gives back each document of a rich project with exactly its text, blocks and metadata', async () => {
    const project = richProject()
    const page = await roundTrip(project)
    expect(page.generator).toBe('Factwork 0.1.0')
    expect(page.title).toBe(project.title)
    expect(page.problems).toEqual([])
    expectSameDocuments(page.documents, project.documents)
    for (const [i, d] of project.documents.entries()) {
      const read = page.documents[i]!
      expect(read.format).toBe(d.format)
      expect(read.original).toEqual(d.original)
      expect(read.meta).toEqual(Object.fromEntries((['lang', 'dir', 'byline', 'siteName', 'publishedTime', 'url'] as const).flatMap((k) => (d[k] ? [[k, d[k]]] : []))))
      expect(layout(read.blocks).text).toBe(d.text)
    }
    // The Arabic document keeps its direction and language.
    expect(page.documents[2]!.meta).toMatchObject({ lang: 'ar', dir: 'rtl' })
  })

  it('gives back every JSON-LD item deep-equal, including strings that try to close the script', async () => {
    const page = await roundTrip(richProject())
    expect(page.jsonLd).toEqual(jsonLd)
  })

  it('gives back saved news pages, an Arabic page and a Word file exactly as they were imported', { timeout: 90_000 }, async () => {
    const readability = join(FIXTURES, 'readability')
    const names = (await readdir(readability, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    const documents = await Promise.all(
      names.map(async (name) => imported('source.html', new Uint8Array(await readFile(join(readability, name, 'source.html'))), `page-${name}`))
    )
    documents.push(await imported('arabic-article.html', new Uint8Array(await readFile(join(FIXTURES, 'arabic-article.html'))), 'page-arabic'))
    const word = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Ministry revises jobless figures', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ children: [new TextRun('Unemployment fell to '), new TextRun({ text: '4.2 percent', bold: true }), new TextRun({ text: ' in the third quarter.', italics: true })] }),
            new Paragraph({ text: 'Method', heading: HeadingLevel.HEADING_3 }),
            new Paragraph({ text: 'The survey changed twice since 2019.', bullet: { level: 0 } })
          ]
        }
      ]
    })
    documents.push(await imported('figures.docx', new Uint8Array(await Packer.toBuffer(word)), 'word'))
    const page = await roundTrip(projectOf(documents))
    expect(page.documents).toHaveLength(names.length + 2)
    expectSameDocuments(page.documents, documents)
    expect(page.documents.find((d) => d.id === 'page-arabic')!.meta).toMatchObject({ dir: 'rtl', lang: 'ar' })
  })

  it('keeps white space, empty blocks, line breaks, skipped heading levels and characters HTML cannot carry', async () => {
    const blocks: Block[] = [
      { type: 'heading', level: 1, content: [{ text: '  Spaced   title  ' }] },
      { type: 'heading', level: 4, content: [{ text: 'Four, after one' }] },
      { type: 'paragraph', content: [{ text: '\tTab, two  spaces, NBSP\u00a0here,\nline break, ' }, { text: 'bold', marks: ['strong', 'em'] }, { text: ' trailing  ' }] },
      { type: 'paragraph', content: [] },
      { type: 'paragraph', content: [{ text: 'Controls \u0001\u0008\u000b\u001f\u007f\u0085, CR\r, CRLF\r\n, NUL \u0000, noncharacter \ufdd0\uffff, lone \ud800 surrogate, emoji 🧪, RLM \u200f.' }] },
      { type: 'code', content: [{ text: '\n\n  indented code\n\twith tab\n' }] },
      { type: 'code', content: [] },
      {
        type: 'list',
        ordered: true,
        items: [
          [{ type: 'paragraph', content: [] }],
          [
            { type: 'paragraph', content: [{ text: 'Item with ' }, { text: 'a link', href: 'https://example.org/a?b=1&c=2#frag' }, { text: ' and ' }, { text: 'code', marks: ['code'] }] },
            { type: 'quote', blocks: [{ type: 'heading', level: 2, content: [{ text: 'Heading in a quote' }] }, { type: 'list', ordered: false, items: [[{ type: 'paragraph', content: [{ text: 'deep' }] }]] }] }
          ]
        ]
      },
      { type: 'heading', level: 6, content: [] },
      { type: 'paragraph', content: [{ text: '<b>not bold</b> &amp; [x](y) ', marks: ['em'] }, { text: 'mailto', href: 'mailto:desk@example.org' }] }
    ]
    const base = richProject()
    const { original } = base.documents[0]!
    const doc: ArticleDocument = { id: 'odd', title: 'Odd', format: 'html', original, blocks, text: layout(blocks).text, lang: 'x-odd', dir: 'auto' }
    const annotations = [
      passage(doc, 'o1', 'claim', 'two  spaces', { to: 'line break' }),
      passage(doc, 'o2', 'note', '\u0001', { to: 'CR\r' }),
      passage(doc, 'o3', 'evidence', 'indented', { to: 'deep' })
    ]
    const page = await roundTrip({ ...base, documents: [doc], annotations, links: [], orphans: [] })
    expectSameDocuments(page.documents, [doc])
    expect(page.documents[0]!.meta).toEqual({ lang: 'x-odd', dir: 'auto' })
  })

  it('gives back documents whose text and titles are hostile payloads', async () => {
    const vectors = JSON.parse(await readFile(join(FIXTURES, 'xss-vectors.json'), 'utf8')) as { payload: string }[]
    const project = hostileProject(vectors.map((v) => v.payload))
    const page = await roundTrip(project, [])
    expectSameDocuments(page.documents, project.documents)
    expect(page.documents[0]!.meta.url).toBe(project.documents[0]!.url)
  })

  it('sanitises a hostile page that pretends to be an export', () => {
    const html = `<!DOCTYPE html><html><head><meta name="generator" content="Factwork 9.9">
      <script type="application/ld+json">{"ok": true}</script><script type="application/ld+json">{broken</script></head><body>
      <section data-document="evil"><h2 data-field="title">Evil <img src=x onerror="alert(1)"></h2>
      <article class="fw-article" data-heading-levels="9 x">
        <h3 onclick="alert(2)">Heading</h3>
        <p>Text <script>alert(3)</script><img src="x" onerror="alert(4)"><a href="javascript:alert(5)">click</a>
        <a href="https://example.org/" onmouseover="alert(6)">safe</a><iframe src="https://evil.example/"></iframe>
        <svg><a xlink:href="javascript:alert(7)"><text>svg</text></a></svg><style>p { color: red }</style>
        <form action="https://evil.example/"><input value="typed"><button>send</button></form><abbr>␀</abbr></p>
      </article></section></body></html>`
    const page = readExportedHtml(html)
    expect(page).not.toBeNull()
    const [doc] = page!.documents
    const json = JSON.stringify(doc!.blocks)
    expect(json).not.toMatch(/alert|onerror|onclick|script|iframe|javascript/i)
    const hrefs = [...json.matchAll(/"href":"([^"]*)"/g)].map((m) => m[1])
    expect(hrefs).toEqual(['https://example.org/'])
    expect(doc!.text).toContain('Text')
    expect(doc!.text).toContain('safe')
    expect(doc!.text).toContain('\u0000')
    expect(doc!.title).toBe('Evil ')
    expect(doc!.original).toBeNull()
    expect(page!.jsonLd).toEqual([{ ok: true }])
    expect(page!.problems).toEqual([
      'Document 1 of the page: its heading levels are not recorded; the levels shown on the page are kept.',
      expect.stringMatching(/^JSON-LD block 2 of the page is not valid JSON: /)
    ])
  })

  it('returns null for a page that is not a Factwork export', async () => {
    const page = await readFile(join(FIXTURES, 'readability', 'bbc-1', 'source.html'), 'utf8')
    expect(readExportedHtml(page)).toBeNull()
    expect(readExportedHtml('<!DOCTYPE html><meta name="generator" content="Factworkshop 2"><p>x</p>')).toBeNull()
    expect(readExportedHtml('')).toBeNull()
  })
})
