import type { Block } from '../../data/document'

/** The most pages Factwork reads from one PDF. */
export const MAX_PDF_PAGES = 2000

/** One line of a page as pdf.js lays it out: its text, the height of its largest glyphs, and the
 *  baseline's distance from the top of the page, in PDF units. */
interface Line {
  text: string
  size: number
  top: number
}

/** The parts of a pdf.js text item this importer reads. */
interface TextItem {
  readonly str: string
  readonly hasEOL: boolean
  readonly transform: readonly number[]
  readonly height: number
}

/** Lines that are only a page number ("12", "Page 3", "3 of 10") at the top or bottom of a page. */
const PAGE_NUMBER = /^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?\s*$/i

/** Gather a page's text items into lines. pdf.js marks the end of a line with `hasEOL`; a change
 *  of baseline ends one too. */
function linesOf(items: readonly TextItem[], pageHeight: number): Line[] {
  const lines: Line[] = []
  let current: Line | null = null
  for (const item of items) {
    const baseline = pageHeight - (item.transform[5] ?? 0)
    const size = Math.abs(item.transform[3] ?? item.height) || item.height
    if (current && item.str && Math.abs(baseline - current.top) > size * 0.5 && current.text.trim()) {
      lines.push(current)
      current = null
    }
    if (item.str) {
      if (!current) current = { text: '', size: 0, top: baseline }
      current.text += item.str
      if (item.str.trim()) current.size = Math.max(current.size, size)
    }
    if (item.hasEOL && current) {
      lines.push(current)
      current = null
    }
  }
  if (current) lines.push(current)
  return lines.filter((l) => l.text.trim().length > 0)
}

/** The most common line height: the body text's size. */
function bodySize(lines: readonly Line[]): number {
  const counts = new Map<number, number>()
  for (const l of lines) {
    const key = Math.round(l.size)
    counts.set(key, (counts.get(key) ?? 0) + l.text.length)
  }
  let best = 0
  let bestCount = -1
  for (const [size, count] of counts) {
    if (count > bestCount) {
      best = size
      bestCount = count
    }
  }
  return best || 12
}

/** Join the lines of one paragraph: a space between lines, none after a hyphen that ends a line
 *  and runs into a lower-case word (the hyphen is kept: "twenty-" + "foot"). */
function joinLines(lines: readonly string[]): string {
  let text = ''
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim()
    if (!text) text = line
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line)) text += line
    else text += ` ${line}`
  }
  return text
}

/** Turn the lines of every page into blocks: a paragraph ends where the gap to the next line is
 *  clearly larger than the line spacing or the text size changes; lines set larger than the body
 *  text are headings, the largest size level 1. Page numbers are left out. */
export function pdfLinesToBlocks(pages: readonly Line[][]): Block[] {
  const all = pages.flat()
  const body = bodySize(all)
  const headingSizes = [...new Set(all.map((l) => Math.round(l.size)).filter((s) => s >= body * 1.2))].sort((a, b) => b - a)
  const levelOf = (size: number) => {
    const at = headingSizes.indexOf(Math.round(size))
    return at < 0 ? 0 : Math.min(at + 1, 6)
  }
  const blocks: Block[] = []
  let paragraph: string[] = []
  let paragraphSize = 0
  const flush = () => {
    const text = joinLines(paragraph)
    if (text) {
      const level = levelOf(paragraphSize)
      blocks.push(level ? { type: 'heading', level, content: [{ text }] } : { type: 'paragraph', content: [{ text }] })
    }
    paragraph = []
  }
  for (const lines of pages) {
    const kept = lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && PAGE_NUMBER.test(l.text)))
    for (const [i, line] of kept.entries()) {
      const previous = i > 0 ? kept[i - 1]! : null
      const gap = previous ? line.top - previous.top : Infinity
      const sameSize = previous !== null && Math.abs(line.size - previous.size) < 0.5
      // A new page continues the paragraph only if the text runs on (no sentence end).
      const runsOn = i === 0 && paragraph.length > 0 && !/[.!?:"”’)]$/.test(paragraph[paragraph.length - 1]!.trim()) && levelOf(line.size) === 0
      if (!runsOn && (previous === null || !sameSize || gap > line.size * 1.75 || gap < 0)) flush()
      if (paragraph.length === 0) paragraphSize = line.size
      paragraph.push(line.text)
    }
  }
  flush()
  return blocks
}

/** What a PDF gives: its blocks and the title its metadata states. */
export interface PdfText {
  readonly blocks: Block[]
  readonly title: string | null
  readonly lang: string | null
}

/** Extract the text of a PDF with Mozilla's pdf.js, without running anything the file contains
 *  (no eval, no fonts loaded, no scripts). Fails with a sentence to follow the file's name when
 *  the file is damaged, protected by a password, or too long. */
export async function pdfToBlocks(bytes: Uint8Array): Promise<{ ok: true; pdf: PdfText } | { ok: false; problem: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0
  })
  let doc
  try {
    doc = await task.promise
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'PasswordException') return { ok: false, problem: 'is protected by a password; remove the protection and import it again' }
    return { ok: false, problem: `is a damaged PDF (${error instanceof Error ? error.message : String(error)})` }
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) return { ok: false, problem: `has ${doc.numPages} pages; Factwork imports PDFs of up to ${MAX_PDF_PAGES}` }
    const pages: Line[][] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const height = page.view[3] ?? 0
      const content = await page.getTextContent()
      pages.push(linesOf(content.items.filter((i): i is TextItem & (typeof content.items)[number] => 'str' in i), height))
      page.cleanup()
    }
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as { Title?: unknown; Language?: unknown }
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.replace(/\s+/g, ' ').trim() : null
    const lang = typeof info.Language === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(info.Language) ? info.Language : null
    return { ok: true, pdf: { blocks: pdfLinesToBlocks(pages), title, lang } }
  } finally {
    await doc.destroy()
  }
}
