/** Tokens for comparing extracted text: words, and single characters of scripts written without
 *  spaces (Chinese, Japanese), lower-cased, punctuation dropped. */
export function tokens(text: string): string[] {
  const out: string[] = []
  for (const word of text.toLowerCase().normalize('NFKC').split(/[\s\p{P}\p{S}]+/u)) {
    if (!word) continue
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(word)) out.push(...word)
    else out.push(word)
  }
  return out
}

/** Token F1 of `got` against `expected`: the harmonic mean of precision and recall over token
 *  multisets. */
export function tokenF1(got: string, expected: string): number {
  const a = tokens(got)
  const b = tokens(expected)
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0
  const counts = new Map<string, number>()
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1)
  let common = 0
  for (const t of a) {
    const n = counts.get(t) ?? 0
    if (n > 0) {
      common++
      counts.set(t, n - 1)
    }
  }
  if (common === 0) return 0
  const precision = common / a.length
  const recall = common / b.length
  return (2 * precision * recall) / (precision + recall)
}
