import { JSDOM, VirtualConsole } from 'jsdom'
import { layout, type Block } from '../../data/document'
import { HTML_GENERATOR } from '../../data/export/html'
import { ARTICLE_CLASS, DOCUMENT_ATTRIBUTE, FIELD_ATTRIBUTE, HEADING_LEVELS_ATTRIBUTE } from '../../data/export/htmlArticle'
import { characterShownAs } from '../../data/export/htmlCharacters'
import { DocumentFormat, Original, type ArticleDocument } from '../../data/project'
import { flattenDeepMarkup } from './deepMarkup'
import { domToBlocks } from './domToBlocks'
import { closePage, sanitize } from './sanitize'

/** One document read back from a Factwork HTML export. */
export interface ExportedDocument {
  /** The document's id in the project it was exported from. */
  readonly id: string
  readonly title: string
  /** How the document first arrived, when the page says so and it is a known format. */
  readonly format: DocumentFormat | null
  readonly blocks: Block[]
  /** `layout(blocks).text`: for a page Factwork wrote, exactly the exported document's text. */
  readonly text: string
  /** The document's original file as the page describes it, or null when the description is
   *  missing or not valid. */
  readonly original: Original | null
  /** Language, direction, byline, site, publication time and address: only those the page gives. */
  readonly meta: Partial<Pick<ArticleDocument, 'lang' | 'dir' | 'byline' | 'siteName' | 'publishedTime' | 'url'>>
}

/** What a Factwork HTML export holds. */
export interface ExportedPage {
  /** The generator named by the page, such as "Factwork 0.1.0". */
  readonly generator: string
  readonly title: string
  readonly documents: readonly ExportedDocument[]
  /** Every JSON-LD data block of the page, parsed, in page order. */
  readonly jsonLd: readonly unknown[]
  /** Sentences naming what could not be read: a JSON-LD block that is not JSON, say. */
  readonly problems: readonly string[]
}

/** Read a page written by `toHtml` (data/export/html.ts) back into documents. Returns null when
 *  the page is not a Factwork export (its `generator` meta does not name Factwork).
 *
 *  Each document's text is rebuilt from its article element only, sanitised with DOMPurify like
 *  any imported page and walked with `domToBlocks` keeping white space, so a page Factwork wrote
 *  gives back exactly the exported blocks and text. A page that only pretends to be an export is
 *  sanitised all the same: scripts never run, nothing is fetched, and only structure, emphasis and
 *  http(s) or mailto links reach the blocks. Metadata is read as text. */
export function readExportedHtml(html: string): ExportedPage | null {
  // A page Factwork wrote nests a dozen elements deep; one nested thousands deep is read flatter.
  const dom = new JSDOM(flattenDeepMarkup(html), { virtualConsole: new VirtualConsole() })
  try {
    const doc = dom.window.document
    const generator = doc.querySelector('meta[name="generator" i]')?.getAttribute('content')?.trim() ?? ''
    if (generator !== HTML_GENERATOR && !generator.startsWith(`${HTML_GENERATOR} `)) return null
    const problems: string[] = []
    const documents = [...doc.querySelectorAll(`section[${DOCUMENT_ATTRIBUTE}]`)].flatMap((section, i) => {
      const article = section.querySelector(`article.${ARTICLE_CLASS}`)
      if (!article) {
        problems.push(`Document ${i + 1} of the page has no article text.`)
        return []
      }
      const read = readDocument(dom, section, article)
      if (read.problem) problems.push(`Document ${i + 1} of the page: ${read.problem}`)
      return [read.document]
    })
    const jsonLd = [...doc.querySelectorAll('script[type="application/ld+json" i]')].flatMap((script, i) => {
      try {
        return [JSON.parse(script.textContent ?? '') as unknown]
      } catch (error) {
        problems.push(`JSON-LD block ${i + 1} of the page is not valid JSON: ${(error as Error).message}`)
        return []
      }
    })
    const title = doc.querySelector('h1')?.textContent?.trim() || doc.title.trim()
    return { generator, title, documents, jsonLd, problems }
  } finally {
    closePage(dom)
  }
}

function readDocument(dom: JSDOM, section: Element, article: Element): { document: ExportedDocument; problem: string | null } {
  // Fields are read outside the article only: the article holds nothing but the document's text.
  const fields = new Map<string, string>()
  for (const el of section.querySelectorAll(`[${FIELD_ATTRIBUTE}]`)) {
    if (article.contains(el)) continue
    const name = el.getAttribute(FIELD_ATTRIBUTE)!
    const data = el.tagName === 'DATA' ? el : el.querySelector('data')
    if (!fields.has(name)) fields.set(name, data?.getAttribute('value') ?? el.textContent ?? '')
  }
  // The parser turns a literal carriage return into a line feed; as a reference it survives.
  const body = sanitize(dom, article.innerHTML.replace(/\r/g, '&#13;'))
  // Characters HTML cannot carry were written as <abbr>s showing them.
  for (const abbr of body.querySelectorAll('abbr')) {
    const c = characterShownAs(abbr.textContent ?? '')
    if (c !== null) abbr.replaceWith(c)
  }
  const read = domToBlocks(body, { whitespace: 'preserve' })
  const levels = (article.getAttribute(HEADING_LEVELS_ATTRIBUTE) ?? '').split(' ').filter(Boolean).map(Number)
  const headings = countHeadings(read)
  const levelsFit = levels.length === headings && levels.every((n) => Number.isInteger(n) && n >= 1 && n <= 6)
  const blocks = levelsFit ? withHeadingLevels(read, [...levels]) : read
  const format = DocumentFormat.safeParse(fields.get('format'))
  const original = Original.safeParse({
    fileName: fields.get('original.fileName'),
    mediaType: fields.get('original.mediaType'),
    size: Number(fields.get('original.size')),
    importedAt: fields.get('original.importedAt'),
    sha256: fields.get('original.sha256')
  })
  const dir = fields.get('dir')
  const meta = Object.fromEntries((['lang', 'byline', 'siteName', 'publishedTime', 'url'] as const).flatMap((k) => (fields.has(k) ? [[k, fields.get(k)!]] : [])))
  const document: ExportedDocument = {
    id: section.getAttribute(DOCUMENT_ATTRIBUTE) ?? '',
    title: fields.get('title') ?? '',
    format: format.success ? format.data : null,
    blocks,
    text: layout(blocks).text,
    original: original.success ? original.data : null,
    meta: { ...meta, ...(dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? { dir } : {}) }
  }
  return { document, problem: levelsFit || headings === 0 ? null : 'its heading levels are not recorded; the levels shown on the page are kept.' }
}

function countHeadings(blocks: readonly Block[]): number {
  return blocks.reduce(
    (n, b) => n + (b.type === 'heading' ? 1 : b.type === 'quote' ? countHeadings(b.blocks) : b.type === 'list' ? b.items.reduce((m, item) => m + countHeadings(item), 0) : 0),
    0
  )
}

/** `blocks` with their headings' levels taken, in reading order, from `levels` (consumed). */
function withHeadingLevels(blocks: readonly Block[], levels: number[]): Block[] {
  return blocks.map((b): Block => {
    if (b.type === 'heading') return { ...b, level: levels.shift()! }
    if (b.type === 'quote') return { ...b, blocks: withHeadingLevels(b.blocks, levels) }
    if (b.type === 'list') return { ...b, items: b.items.map((item) => withHeadingLevels(item, levels)) }
    return b
  })
}
