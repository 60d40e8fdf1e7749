import { z } from 'zod'
import { fuzzyFind } from './fuzzy'

/** The W3C TextQuoteSelector part of an anchor: the annotated text and a little context. */
export const TextQuote = z.object({
  exact: z.string().min(1),
  prefix: z.string(),
  suffix: z.string()
})
export type TextQuote = z.infer<typeof TextQuote>

/** A place in a document's plain text, with the quote that lets it be found again.
 *  `start` is inclusive, `end` exclusive, both in UTF-16 code units. */
export interface TextAnchor {
  readonly start: number
  readonly end: number
  readonly quote: TextQuote
}

/** Characters of context kept on each side of a quote. */
export const QUOTE_CONTEXT = 32

/** The quote for `text[start, end)`. Throws `RangeError` when the range is empty or outside `text`. */
export function quoteAt(text: string, start: number, end: number): TextQuote {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= text.length)) {
    throw new RangeError(`Range ${start}–${end} does not lie inside a text of ${text.length} characters`)
  }
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - QUOTE_CONTEXT), start),
    suffix: text.slice(end, end + QUOTE_CONTEXT)
  }
}

/** Whether the anchor's offsets still point at its quote in `text`. */
export function anchorFits(text: string, anchor: TextAnchor): boolean {
  return anchor.start >= 0 && anchor.end <= text.length && text.slice(anchor.start, anchor.end) === anchor.quote.exact
}

/** Length of the common suffix of `a` and `b`. */
function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

/** Length of the common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

/** Find the anchor's quote in `text`. Offsets that still fit win; otherwise every exact occurrence
 *  is scored by how much of the prefix and suffix it shares, ties going to the occurrence nearest
 *  the old offsets. Returns `null` when the quote no longer occurs (the caller lists the
 *  annotation as orphaned). */
export function reanchor(text: string, anchor: TextAnchor): { start: number; end: number } | null {
  if (anchorFits(text, anchor)) return { start: anchor.start, end: anchor.end }
  const { exact, prefix, suffix } = anchor.quote
  let best: { start: number; score: number; distance: number } | null = null
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const score =
      commonSuffix(text.slice(Math.max(0, at - prefix.length), at), prefix) +
      commonPrefix(text.slice(at + exact.length, at + exact.length + suffix.length), suffix)
    const distance = Math.abs(at - anchor.start)
    if (!best || score > best.score || (score === best.score && distance < best.distance)) {
      best = { start: at, score, distance }
    }
  }
  return best ? { start: best.start, end: best.start + exact.length } : null
}

/** Where a quote was placed, and how: `offsets` when the old offsets still fit, `exact` when the
 *  quote occurs verbatim (chosen among several by its prefix and suffix), `fuzzy` when only a
 *  passage like it was found (an edited sentence, a fixed typo). `similarity` is 1 unless fuzzy. */
export interface Placement {
  readonly start: number
  readonly end: number
  readonly how: 'offsets' | 'exact' | 'fuzzy'
  readonly similarity: number
}

/** Place a quote in `text`: the offsets when they still fit, else the exact occurrence whose
 *  context fits best (`reanchor`), else the most similar passage (`fuzzyFind`), preferring places
 *  near the old offsets. `start` and `end` are hints only and may be absent. Returns `null` when
 *  nothing is close enough: the caller lists the annotation as an orphan. A fuzzy placement does
 *  not match `quote.exact`; take the new quote with `quoteAt`. */
export function placeQuote(text: string, quote: TextQuote, hint?: { readonly start: number; readonly end: number } | null): Placement | null {
  const anchor = { start: Math.max(0, hint?.start ?? 0), end: Math.max(0, hint?.end ?? 0), quote }
  if (anchorFits(text, anchor)) return { start: anchor.start, end: anchor.end, how: 'offsets', similarity: 1 }
  const exact = reanchor(text, anchor)
  if (exact) return { ...exact, how: 'exact', similarity: 1 }
  const fuzzy = fuzzyFind(text, quote.exact, anchor.start)
  return fuzzy ? { ...fuzzy, how: 'fuzzy' } : null
}
