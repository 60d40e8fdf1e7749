/** What a file's content and name say it is. */
export type DetectedFormat = 'text' | 'markdown' | 'html' | 'docx-or-zip' | 'pdf' | 'binary'

/** Recognise a file's format from its first bytes, then its name, then its text. `head` is the
 *  first few kilobytes of the file. */
export function detectFormat(fileName: string, head: Uint8Array): DetectedFormat {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'docx-or-zip'
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'pdf'
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)
  if (!utf16 && head.includes(0)) return 'binary'
  // Sniffing needs only ASCII: tags and Markdown markers. Other bytes become harmless noise.
  const sample = utf16 ? '' : String.fromCharCode(...head.subarray(0, 2048)).replace(/^\xEF\xBB\xBF/, '')
  // Saved pages may start with an XML prolog or comments ("saved from url=…"); pasted HTML often
  // starts with a meta tag or a bare block element.
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype html|html|head|body|meta|title|p|div|article|section|h[1-6]|table|ul|ol)[\s>]/i.test(sample)) return 'html'
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? ''
  if (['md', 'markdown', 'mdown', 'mkd'].includes(ext)) return 'markdown'
  if (['txt', 'text'].includes(ext)) return 'text'
  if (['html', 'htm', 'xhtml'].includes(ext)) return 'html'
  // An unknown extension: Markdown if it uses Markdown's structure, plain text otherwise.
  return /^(#{1,6} |\s*[-*] |>\s)|\]\([^)]+\)/m.test(sample) ? 'markdown' : 'text'
}
