/** Offsets in a text counted two ways: in UTF-16 code units, Factwork's coordinates (and
 *  JavaScript's), and in Unicode code points, which W3C TextPositionSelectors count. They differ
 *  only after characters outside the Basic Multilingual Plane (many emoji, rare CJK), which take
 *  two code units each. */
export interface OffsetMap {
  /** The code-point offset of a code-unit offset. */
  toCodePoints(offset: number): number
  /** The code-unit offset of a code-point offset. */
  toCodeUnits(offset: number): number
}

/** Number of items of the ascending `list` that are below `value`. */
function countBelow(list: readonly number[], value: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (list[mid]! < value) low = mid + 1
    else high = mid
  }
  return low
}

/** The offset conversions for `text`, built once per text in linear time; each conversion is then
 *  a binary search over the text's surrogate pairs. */
export function offsetMap(text: string): OffsetMap {
  const pairUnits: number[] = []
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairUnits.push(i)
        i++
      }
    }
  }
  if (pairUnits.length === 0) return { toCodePoints: (offset) => offset, toCodeUnits: (offset) => offset }
  // The code-point offset of the k-th pair is its code-unit offset less the k pairs before it.
  const pairPoints = pairUnits.map((unit, k) => unit - k)
  return {
    toCodePoints: (offset) => offset - countBelow(pairUnits, offset - 1),
    toCodeUnits: (offset) => offset + countBelow(pairPoints, offset)
  }
}
