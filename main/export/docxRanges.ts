import type { Inline, TextRun as LaidOutRun } from '../../data/document'
import type { Annotation } from '../../data/project'

/** One piece of a text block as Word receives it, in reading order: a stretch of text with the
 *  inline run it comes from and the innermost annotation covering it, or the place where a
 *  comment's range starts or ends. */
export type Piece =
  | { readonly type: 'text'; readonly text: string; readonly inline: Inline; readonly cover: Annotation | null }
  | { readonly type: 'start'; readonly comment: number }
  | { readonly type: 'end'; readonly comment: number }

/** An annotation and the number of the Word comment that carries it. */
export interface Commented {
  readonly annotation: Annotation
  readonly comment: number
}

/** Where a comment's start or end lands: a text block and an offset inside it. */
interface Place {
  readonly block: number
  readonly at: number
}

/** A start or end of a comment range, and how it sorts among the others at the same place:
 *  ends of ranges closing there come first, then starts (outer ranges first), then the ends of
 *  ranges with nothing inside. */
interface Event {
  readonly at: number
  readonly order: 0 | 1 | 2
  readonly tie: number
  readonly type: 'start' | 'end'
  readonly item: Commented
}

/** The index of the first run whose end lies after `offset`, or `runs.length`. */
function firstEndingAfter(runs: readonly LaidOutRun[], offset: number): number {
  let lo = 0
  let hi = runs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (runs[mid]!.end > offset) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The index of the last run that starts before `offset`, or -1. */
function lastStartingBefore(runs: readonly LaidOutRun[], offset: number): number {
  let lo = 0
  let hi = runs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (runs[mid]!.start < offset) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Where a range starting at `offset` of the plain text begins in the blocks: an offset in the
 *  separator between two blocks moves to the start of the next block. */
function placeStart(runs: readonly LaidOutRun[], offset: number): Place {
  const i = firstEndingAfter(runs, offset)
  if (i === runs.length) {
    const last = runs.length - 1
    return { block: last, at: runs[last]!.end - runs[last]!.start }
  }
  const run = runs[i]!
  return { block: i, at: Math.max(offset, run.start) - run.start }
}

/** Where a range ending at `offset` ends in the blocks: an offset in a separator moves back to the
 *  end of the block before it. */
function placeEnd(runs: readonly LaidOutRun[], offset: number): Place {
  const i = lastStartingBefore(runs, offset)
  if (i < 0) return { block: 0, at: 0 }
  const run = runs[i]!
  return { block: i, at: Math.min(offset, run.end) - run.start }
}

const before = (a: Place, b: Place) => a.block < b.block || (a.block === b.block && a.at < b.at)

/** The active annotations, innermost last. Ended ones are dropped lazily when they reach the top,
 *  so that every annotation is pushed and popped once. */
class CoverStack {
  private readonly stack: Commented[] = []
  private readonly ended = new Set<number>()

  push(item: Commented): void {
    this.stack.push(item)
  }

  end(item: Commented): void {
    this.ended.add(item.comment)
  }

  top(): Annotation | null {
    while (this.stack.length && this.ended.has(this.stack[this.stack.length - 1]!.comment)) {
      this.ended.delete(this.stack.pop()!.comment)
    }
    return this.stack[this.stack.length - 1]?.annotation ?? null
  }
}

/** Cut every text block of a document into the pieces Word needs, in one pass over the blocks:
 *  each stretch of text between two boundaries (of inline runs or of annotations) becomes one
 *  text piece knowing its innermost covering annotation, and each annotation gets one start and
 *  one end, in order, so that comment ranges may overlap, nest and span blocks. `runs` are the
 *  blocks as `layout()` lays them out; `items` are the annotations of that document with their
 *  comment numbers. A range that starts or ends in the separator between blocks is pulled onto
 *  the text next to it; a range with no text of any block inside (a quote of only the separator)
 *  becomes an empty range at the start of the next block. Returns one list of pieces per run. */
export function cutBlocks(runs: readonly LaidOutRun[], items: readonly Commented[]): Piece[][] {
  if (runs.length === 0) return []
  const events: Event[][] = runs.map(() => [])
  for (const item of items) {
    const start = placeStart(runs, item.annotation.start)
    let end = placeEnd(runs, item.annotation.end)
    const empty = !before(start, end)
    if (empty) end = start
    events[start.block]!.push({ at: start.at, order: 1, tie: -item.annotation.end, type: 'start', item })
    events[end.block]!.push({ at: end.at, order: empty ? 2 : 0, tie: -item.annotation.start, type: 'end', item })
  }
  const covers = new CoverStack()
  return runs.map((run, b) => {
    const queue = events[b]!.sort((x, y) => x.at - y.at || x.order - y.order || x.tie - y.tie || x.item.comment - y.item.comment)
    const pieces: Piece[] = []
    let next = 0
    const flush = (upTo: number) => {
      for (; next < queue.length && queue[next]!.at <= upTo; next++) {
        const event = queue[next]!
        if (event.type === 'start') covers.push(event.item)
        else covers.end(event.item)
        pieces.push({ type: event.type, comment: event.item.comment })
      }
    }
    let offset = 0
    for (const inline of run.block.content) {
      const end = offset + inline.text.length
      let at = offset
      while (at < end) {
        flush(at)
        const stop = Math.min(end, next < queue.length ? queue[next]!.at : end)
        pieces.push({ type: 'text', text: inline.text.slice(at - offset, stop - offset), inline, cover: covers.top() })
        at = stop
      }
      offset = end
    }
    flush(Number.POSITIVE_INFINITY)
    return pieces
  })
}
