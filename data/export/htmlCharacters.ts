import { h, UNWRITABLE, type Child } from './htmlMarkup'

/* A document's text must come back from an exported page exactly, but HTML cannot carry some
   characters (`UNWRITABLE`: control characters other than tab, line feed and form feed, carriage
   returns, noncharacters, unpaired surrogates). The article writes each as an `<abbr>` showing
   its Control Pictures symbol (U+2400 …) or, for the others, its code point as `U+XXXX`; the
   reader of exported pages (main/import/exported.ts) turns them back. */

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** What an article's `<abbr>` shows for a character it cannot carry. */
function shownAs(c: string): string {
  const code = c.codePointAt(0)!
  return code < 0x20 ? String.fromCodePoint(0x2400 + code) : code === 0x7f ? '\u2421' : codePoint(c)
}

/** The character an article's `<abbr>` stands for, given the text it shows, or null when the text
 *  is not one `shownAs` writes. */
export function characterShownAs(shown: string): string | null {
  const code = shown.length === 1 ? shown.charCodeAt(0) : -1
  let c: string | null = null
  if (code >= 0x2400 && code < 0x2420) c = String.fromCharCode(code - 0x2400)
  else if (code === 0x2421) c = '\x7f'
  else if (/^U\+[0-9A-F]{4,6}$/.test(shown) && parseInt(shown.slice(2), 16) <= 0x10ffff) c = String.fromCodePoint(parseInt(shown.slice(2), 16))
  return c !== null && new RegExp(UNWRITABLE.source, 'u').test(c) ? c : null
}

/** A document's text for the article, with characters HTML cannot carry written as `<abbr>`s. */
export function articleText(text: string): Child[] {
  const parts: Child[] = []
  let last = 0
  for (const match of text.matchAll(UNWRITABLE)) {
    parts.push(text.slice(last, match.index), h('abbr', { class: 'fw-char', title: `Character ${codePoint(match[0])}` }, shownAs(match[0])))
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  return parts
}
