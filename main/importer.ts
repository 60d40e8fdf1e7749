import { MAX_IMPORT_BYTES } from '../data/api'
import { blockText, layout } from '../data/document'
import { buildDocument, detectFormat, documentFromBlocks } from '../data/import'
import type { ArticleDocument, DocumentFormat } from '../data/project'
import { fail, type Result } from '../data/result'
import { sha256 } from './attachments'

/** What an import needs besides the bytes. */
export interface ImportOptions {
  readonly documentId: string
  readonly now: string
  readonly pasted?: boolean
  readonly title?: string
}

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  paste: 'text/plain',
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf'
}

/** Windows-1252's characters for bytes 0x80–0x9F (where it differs from Latin-1); undefined bytes
 *  keep their Latin-1 meaning. Node's own decoder maps this range wrongly in some versions. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

/** Decode Windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 0x4000) {
    const chunk = bytes.subarray(i, i + 0x4000)
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)))
  }
  return out
}

/** Decode text the way editors guess it: a BOM decides; otherwise UTF-8, and Windows-1252 for
 *  files that are not valid UTF-8 (older Windows text files). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return decodeWindows1252(bytes)
  }
}

/** Decode a saved web page: a BOM decides; then valid UTF-8; then the encoding the page declares
 *  in a `<meta charset>` or `http-equiv` tag in its first kilobytes (Shift_JIS, GBK, EUC-KR,
 *  Windows-1251 …); then Windows-1252. */
export function decodeHtml(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return decodeText(bytes)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    // Not UTF-8: look for the page's own declaration.
  }
  const head = String.fromCharCode(...bytes.subarray(0, 2048))
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head)?.[1]
  if (declared) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(bytes)
    } catch {
      // An encoding this runtime does not know: fall back below.
    }
  }
  return decodeWindows1252(bytes)
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Turn an imported file's bytes into a document: plain text, Markdown, a saved web page
 *  (Readability, then DOMPurify) or a Word file (mammoth, then DOMPurify). The format is
 *  recognised from the content first, the name second. Fails with a sentence naming the file when
 *  it is too large, not a format Factwork reads, damaged, or has no text. */
export async function importBytes(fileName: string, bytes: Uint8Array, options: ImportOptions): Promise<Result<ArticleDocument>> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return fail('too-large', `${fileName} is ${megabytes(bytes.byteLength)}; Factwork imports articles of up to ${megabytes(MAX_IMPORT_BYTES)}.`)
  }
  if (bytes.byteLength === 0) return fail('bad-input', `${fileName} is empty.`)
  const detected = detectFormat(fileName, bytes.subarray(0, 4096))
  const supported = 'Factwork imports web pages (.html), Word files (.docx), PDFs, Markdown and plain text.'
  const original = (format: DocumentFormat) => ({
    fileName,
    mediaType: MEDIA_TYPES[format],
    size: bytes.byteLength,
    sha256: sha256(bytes),
    importedAt: options.now
  })
  switch (detected) {
    case 'pdf': {
      const { pdfToBlocks } = await import('./import/pdf')
      const pdf = await pdfToBlocks(bytes)
      if (!pdf.ok) return fail('bad-input', `${fileName} ${pdf.problem}.`)
      if (layout(pdf.pdf.blocks).text.trim().length === 0) {
        return fail('bad-input', `${fileName} has no text to annotate: it holds only images (a scanned PDF needs text recognition first).`)
      }
      // Metadata titles are often a word processor's file name; a first heading is the headline then.
      const firstHeading = pdf.pdf.blocks.find((b) => b.type === 'heading')
      const metaTitle = pdf.pdf.title && !/\.(docx?|pdf|odt|indd|pages)$/i.test(pdf.pdf.title) ? pdf.pdf.title : null
      const headline = metaTitle ?? (firstHeading && firstHeading.type === 'heading' ? blockText(firstHeading) : null)
      return documentFromBlocks({ id: options.documentId, fileName, format: 'pdf', blocks: pdf.pdf.blocks, headline, meta: { lang: pdf.pdf.lang }, original: original('pdf'), title: options.title })
    }
    case 'binary':
      return fail('bad-input', `${fileName} is not a document Factwork reads: it contains binary data. ${supported}`)
    case 'docx-or-zip': {
      // Each reader is loaded when first needed: the command line starts without them.
      const { docxToHtml } = await import('./import/docx')
      const { readPage } = await import('./import/pageReader')
      const html = await docxToHtml(bytes)
      if (!html.ok) return fail('bad-input', `${fileName} ${html.problem}.`)
      const read = await readPage(`<!doctype html><html><body>${html.html}</body></html>`)
      if (!read.ok) return fail('bad-input', `${fileName} ${read.problem}.`)
      const { blocks, meta } = read.page
      return documentFromBlocks({ id: options.documentId, fileName, format: 'docx', blocks, headline: meta.title, original: original('docx'), title: options.title })
    }
    case 'html': {
      const { readPage } = await import('./import/pageReader')
      const read = await readPage(decodeHtml(bytes))
      if (!read.ok) return fail('bad-input', `${fileName} ${read.problem}.`)
      const { blocks, meta } = read.page
      const format: DocumentFormat = options.pasted ? 'paste' : 'html'
      return documentFromBlocks({ id: options.documentId, fileName, format, blocks, headline: meta.title, meta, original: original(format), title: options.title })
    }
  }
  const format: DocumentFormat = options.pasted ? 'paste' : detected
  return buildDocument({ id: options.documentId, fileName, format, text: decodeText(bytes), title: options.title, original: original(format) })
}
