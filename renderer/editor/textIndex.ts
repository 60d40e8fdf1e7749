import type { Node } from 'prosemirror-model'

interface Run {
  /** Offset of the text block's first character in the plain text. */
  readonly start: number
  readonly end: number
  /** ProseMirror position of the text block's content start. */
  readonly pos: number
}

/** A span of editor positions inside one text block. */
export interface PosRange {
  readonly from: number
  readonly to: number
}

/** Translates between plain-text offsets (the stored coordinates of annotations) and editor
 *  positions, for one document. Built once per document from the text block starts of the editor
 *  doc and the runs of `layout()`; lookups are binary searches. */
export class TextIndex {
  private constructor(private readonly runs: readonly Run[]) {}

  /** Pair the nth text block of `doc` with the nth run of the plain text layout. */
  static build(doc: Node, runs: readonly { start: number; end: number }[]): TextIndex {
    const starts: number[] = []
    doc.descendants((node, pos) => {
      if (node.isTextblock) {
        starts.push(pos + 1)
        return false
      }
      return true
    })
    if (starts.length < runs.length) throw new RangeError(`The editor has ${starts.length} text blocks for ${runs.length} runs of text`)
    return new TextIndex(runs.map((r, i) => ({ start: r.start, end: r.end, pos: starts[i]! })))
  }

  /** Index of the last run whose `key` is at or before `value`, or -1. Runs are sorted by both
   *  their text offset and their editor position. */
  private lastRunAtOrBefore(key: 'start' | 'pos', value: number): number {
    let lo = 0
    let hi = this.runs.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.runs[mid]![key] <= value) {
        found = mid
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    return found
  }

  /** The plain-text offset of an editor position. Positions between text blocks go to the end of
   *  the block before them (or the start of the first block). */
  offsetAt(pos: number): number {
    const i = this.lastRunAtOrBefore('pos', pos)
    if (i < 0) return this.runs[0]?.start ?? 0
    const run = this.runs[i]!
    return run.start + Math.max(0, Math.min(pos - run.pos, run.end - run.start))
  }

  /** The editor ranges, one per text block, that cover plain text `[start, end)`. Separators
   *  between blocks have no editor range. */
  rangesFor(start: number, end: number): PosRange[] {
    const ranges: PosRange[] = []
    for (let i = Math.max(0, this.lastRunAtOrBefore('start', start)); i < this.runs.length; i++) {
      const run = this.runs[i]!
      if (run.start >= end) break
      const from = Math.max(start, run.start)
      const to = Math.min(end, run.end)
      if (from < to) ranges.push({ from: run.pos + (from - run.start), to: run.pos + (to - run.start) })
    }
    return ranges
  }

  /** The editor position of a plain-text offset, for scrolling to a passage. */
  posAt(offset: number): number {
    const i = Math.max(0, this.lastRunAtOrBefore('start', offset))
    const run = this.runs[i]
    if (!run) return 0
    return run.pos + Math.max(0, Math.min(offset - run.start, run.end - run.start))
  }
}
