import mammoth from 'mammoth'
import { DOCX_LIMITS, inspectZip, misstatedEntry } from './zip'

/** Convert a Word file to HTML with mammoth, after checking the archive before anything is
 *  inflated. Fails with a sentence that follows the file's name. */
export async function docxToHtml(bytes: Uint8Array): Promise<{ ok: true; html: string } | { ok: false; problem: string }> {
  const zip = inspectZip(bytes, DOCX_LIMITS)
  if (!zip.ok) return zip
  if (!zip.entries.some((e) => e.name === 'word/document.xml')) {
    return { ok: false, problem: 'is not a Word file: it has no word/document.xml' }
  }
  // mammoth inflates every entry whole, whatever its directory says: the sizes are checked first.
  const lie = misstatedEntry(bytes, zip.entries)
  if (lie) return { ok: false, problem: `is a damaged Word file (${JSON.stringify(lie.name)} does not inflate to what its directory entry says)` }
  try {
    // Images are dropped: an imported article keeps its text.
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })
    return { ok: true, html: result.value }
  } catch (error) {
    return { ok: false, problem: `is a damaged Word file (${error instanceof Error ? error.message : String(error)})` }
  }
}
