import DiffMatchPatch from 'diff-match-patch'

/** The place in a text most like a quote, and how alike the two are: 1 is identical, 0 nothing in
 *  common. Offsets in UTF-16 code units, `end` exclusive. */
export interface FuzzyMatch {
  readonly start: number
  readonly end: number
  readonly similarity: number
}

/** Quotes shorter than this are placed only where they occur exactly: a short quote with an
 *  error or two matches too many places to be placed safely. */
export const FUZZY_MIN_LENGTH = 10

/** The least similarity at which a passage is taken to be the quote after an edit: a fixed typo
 *  or a word inserted in a sentence stays well above it; unrelated text of the same length falls
 *  well below. */
export const FUZZY_MIN_SIMILARITY = 0.75

/** Bitap, the search behind diff-match-patch's `match_main`, works on patterns of at most this
 *  many characters. */
const BITAP_BITS = 32

/** How alike two strings are: one less their Levenshtein distance over the longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  const longest = Math.max(a.length, b.length)
  if (longest === 0) return 1
  const dmp = new DiffMatchPatch()
  return 1 - dmp.diff_levenshtein(dmp.diff_main(a, b, false)) / longest
}

/** Where in the quote to take the patterns Bitap searches for: the whole quote when it is short
 *  enough, else its head, its tail and its middle, so that an edit in one of them still leaves
 *  the others to find it by. */
function probeOffsets(length: number): number[] {
  if (length <= BITAP_BITS) return [0]
  return [...new Set([0, length - BITAP_BITS, Math.floor((length - BITAP_BITS) / 2)])]
}

/** Letters and digits, of any script: what words are made of. */
const WORD = /[\p{L}\p{N}]/u

/** Edits between `exact` and `text[start, end)`, less a bonus of one and a half edits for each
 *  end of the passage that, like the quote's, does not cut a word: so "partner" beats "partne"
 *  for a quote that read "partnre", though "partne" is one edit closer. Lower is better. */
function cost(dmp: DiffMatchPatch, text: string, exact: string, start: number, end: number): { edits: number; score: number } {
  const edits = dmp.diff_levenshtein(dmp.diff_main(exact, text.slice(start, end), false))
  const cutsWord = (inside: string, outside: string | undefined) => outside !== undefined && WORD.test(inside) && WORD.test(outside)
  const whole = Number(!cutsWord(exact[0]!, text[start - 1])) + Number(!cutsWord(exact[exact.length - 1]!, text[end]))
  return { edits, score: edits - 1.5 * whole }
}

/** The passage of `text` near `estimate` that best matches `exact`: the quote is aligned with a
 *  window around the estimated start, and the ends found are then nudged by a few characters
 *  to where the passage is most like the quote. */
function alignNear(dmp: DiffMatchPatch, text: string, exact: string, estimate: number): FuzzyMatch | null {
  const slack = Math.ceil(exact.length / 4) + 8
  const from = Math.max(0, estimate - slack)
  const to = Math.min(text.length, estimate + exact.length + slack)
  if (from >= to) return null
  const diffs = dmp.diff_main(exact, text.slice(from, to), false)
  // Without this, a letter or two of the quote may pair with letters of the context around it.
  dmp.diff_cleanupSemantic(diffs)
  // The passage runs from the first to the last stretch the quote and the window share; what the
  // window has before and after it is context, not part of the passage.
  let position = 0
  let first = -1
  let last = -1
  for (const [op, part] of diffs) {
    if (op === DiffMatchPatch.DIFF_EQUAL) {
      if (first < 0) first = position
      last = position + part.length
    }
    if (op !== DiffMatchPatch.DIFF_DELETE) position += part.length
  }
  if (first < 0) return null
  const rough = { start: from + first, end: from + last }
  const similarityOf = (edits: number, start: number, end: number) => 1 - edits / Math.max(exact.length, end - start)
  let best = { ...rough, ...cost(dmp, text, exact, rough.start, rough.end) }
  // Nudging cannot lift a passage this unlike the quote above the bar; spare the work.
  if (similarityOf(best.edits, best.start, best.end) >= FUZZY_MIN_SIMILARITY - 0.1) {
    for (let ds = -3; ds <= 3; ds++) {
      for (let de = -3; de <= 3; de++) {
        const start = rough.start + ds
        const end = rough.end + de
        if (start < 0 || end > text.length || start >= end || (ds === 0 && de === 0)) continue
        const candidate = cost(dmp, text, exact, start, end)
        if (candidate.score < best.score) best = { start, end, ...candidate }
      }
    }
  }
  return { start: best.start, end: best.end, similarity: similarityOf(best.edits, best.start, best.end) }
}

/** Texts up to this long are searched whole by Bitap; longer ones only near the hint, the rest
 *  being covered by seeds (below). Bitap's cost grows with the text times the errors allowed. */
const BITAP_WHOLE_TEXT = 16_384
const BITAP_WINDOW = 4_096

/** Where the quote may start in a text of any length, found fast: pieces of the quote that still
 *  occur verbatim vote for the start they imply, and the places with most votes win. A passage
 *  three-quarters like the quote keeps many pieces intact. Pieces that occur too often to mean
 *  anything ("the ") do not vote. */
function seedEstimates(text: string, exact: string, slack: number): number[] {
  const size = Math.min(16, Math.max(5, Math.floor(exact.length / 4)))
  const offsets = new Set<number>()
  for (let o = 0; o + size <= exact.length && offsets.size < 24; o += size) offsets.add(o)
  offsets.add(exact.length - size)
  const votes = new Map<number, Set<number>>()
  for (const offset of offsets) {
    const piece = exact.slice(offset, offset + size)
    const found: number[] = []
    for (let at = text.indexOf(piece); at !== -1 && found.length <= 50; at = text.indexOf(piece, at + 1)) found.push(at)
    if (found.length > 50) continue
    for (const at of found) {
      const start = Math.max(0, at - offset)
      votes.set(start, (votes.get(start) ?? new Set()).add(offset))
    }
  }
  // Pieces of one passage vote for starts a few characters apart when the text gained or lost
  // some: group starts within `slack` and count the distinct pieces of each group.
  const starts = [...votes.keys()].sort((a, b) => a - b)
  const groups: { start: number; pieces: Set<number> }[] = []
  for (const start of starts) {
    const last = groups[groups.length - 1]
    if (last && start - last.start <= slack) for (const piece of votes.get(start)!) last.pieces.add(piece)
    else groups.push({ start, pieces: new Set(votes.get(start)) })
  }
  return groups
    .sort((a, b) => b.pieces.size - a.pieces.size)
    .slice(0, 4)
    .map((g) => g.start)
}

/** Find the passage of `text` most like `exact`, preferring places near `hint` (a code-unit offset
 *  where the quote used to start; 0 when unknown). Returns `null` when the quote is shorter than
 *  `FUZZY_MIN_LENGTH` or nothing is at least `FUZZY_MIN_SIMILARITY` alike. Exact occurrences are
 *  found too, but `reanchor` finds them faster and weighs their context: call this after it.
 *
 *  Candidates come from Bitap (diff-match-patch's `match_main`) on the head, middle and tail of
 *  the quote, over the whole text when it is short and near the hint otherwise, and from pieces of
 *  the quote found verbatim; each is then aligned with the quote and scored by edit distance. */
export function fuzzyFind(text: string, exact: string, hint = 0): FuzzyMatch | null {
  if (exact.length < FUZZY_MIN_LENGTH || text.length === 0) return null
  const dmp = new DiffMatchPatch()
  // A slightly worse alignment of a long quote is better than a long wait.
  dmp.Diff_Timeout = 0.2
  dmp.Match_Threshold = 0.5
  const whole = text.length <= BITAP_WHOLE_TEXT
  const from = whole ? 0 : Math.max(0, Math.min(text.length, hint) - BITAP_WINDOW)
  const searched = whole ? text : text.slice(from, hint + exact.length + BITAP_WINDOW)
  // The hint may be far off (another version of the article, another tool's offsets): distance
  // may cost a match at most a quarter of the errors it is allowed.
  dmp.Match_Distance = Math.max(1000, searched.length * 4)
  const estimates = new Set<number>()
  for (const offset of searched.length ? probeOffsets(exact.length) : []) {
    const pattern = exact.slice(offset, offset + BITAP_BITS)
    const at = dmp.match_main(searched, pattern, Math.min(searched.length, Math.max(0, hint - from + offset)))
    if (at >= 0) estimates.add(Math.max(0, from + at - offset))
  }
  for (const estimate of seedEstimates(text, exact, Math.ceil(exact.length / 4) + 8)) estimates.add(estimate)
  let best: FuzzyMatch | null = null
  for (const estimate of estimates) {
    const match = alignNear(dmp, text, exact, estimate)
    if (!match) continue
    const closer = best !== null && Math.abs(match.start - hint) < Math.abs(best.start - hint)
    if (!best || match.similarity > best.similarity || (match.similarity === best.similarity && closer)) best = match
  }
  return best && best.similarity >= FUZZY_MIN_SIMILARITY ? best : null
}
