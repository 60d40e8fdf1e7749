import type { ImportRequest } from '../data/api'

/** Base64 of bytes, in chunks so large files do not overflow the argument limit. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** An import request for a file the person picked or dropped. Bytes travel as base64 so the main
 *  process sees the original exactly and detects its format itself. */
export async function fileRequest(file: File): Promise<ImportRequest> {
  return { fileName: file.name, content: toBase64(new Uint8Array(await file.arrayBuffer())), encoding: 'base64' }
}

/** An import request for pasted text, or pasted rich text (HTML from a browser or a word
 *  processor), which the main process sanitises like any web page. */
export function pasteRequest(text: string, title?: string, html?: string | null): ImportRequest {
  const named = title?.trim() ? { title: title.trim() } : {}
  return html
    ? { fileName: 'Pasted text.html', content: html, encoding: 'utf8', pasted: true, ...named }
    : { fileName: 'Pasted text', content: text, encoding: 'utf8', pasted: true, ...named }
}
