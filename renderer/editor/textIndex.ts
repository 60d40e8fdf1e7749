import type { Node } from 'prosemirror-model'
import type { Transaction } from 'prosemirror-state'

/** One text block: where its text lies in the plain text and where its content starts in the
 *  editor, both relative to the start of its chunk. */
interface Run {
  readonly start: number
  readonly end: number
  readonly pos: number
}

/** The text blocks of one top-level node of the editor document (a section). `length` counts the
 *  plain text from the end of the previous chunk's last block to the end of this chunk's last
 *  block, the blank line before its first block included; `size` is the node's size. */
interface Chunk {
  readonly runs: readonly Run[]
  readonly length: number
  readonly size: number
}

/** A span of editor positions inside one text block. */
export interface PosRange {
  readonly from: number
  readonly to: number
}

/** A text block as the index knows it, in absolute coordinates. */
export interface BlockSpan {
  /** Offset of the block's first character in the plain text. */
  readonly start: number
  readonly end: number
  /** Editor position of the block's content start. */
  readonly pos: number
}

/** Prefix sums that can be changed one entry at a time (a Fenwick tree), so that finding a chunk
 *  and shifting everything after an edit cost a logarithm of the number of chunks. */
class Sums {
  private readonly tree: Float64Array
  constructor(values: readonly number[]) {
    this.tree = new Float64Array(values.length + 1)
    values.forEach((v, i) => {
      this.tree[i + 1]! += v
      const parent = i + 1 + ((i + 1) & -(i + 1))
      if (parent <= values.length) this.tree[parent]! += this.tree[i + 1]!
    })
  }

  get count(): number {
    return this.tree.length - 1
  }

  /** The sum of the first `n` values. */
  before(n: number): number {
    let sum = 0
    for (let i = n; i > 0; i -= i & -i) sum += this.tree[i]!
    return sum
  }

  add(index: number, delta: number): void {
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta
  }

  /** The largest `n` whose sum of the first `n` values is at most `value`. */
  countUpTo(value: number): number {
    let n = 0
    let rest = value
    for (let step = 1 << Math.floor(Math.log2(this.count || 1)); step > 0; step >>= 1) {
      if (n + step <= this.count && this.tree[n + step]! <= rest) {
        n += step
        rest -= this.tree[n]!
      }
    }
    return n
  }
}

/** The text blocks of one top-level node, laid out as `layout()` lays out blocks: a line break
 *  between items of one list, a blank line before any other text block except the document's
 *  first. `pos` is where the node starts. */
function chunkOf(node: Node, pos: number, firstOfDocument: boolean): Chunk {
  const runs: Run[] = []
  let offset = 0
  let first = firstOfDocument
  let itemBreak = false
  const walk = (parent: Node, contentStart: number): void => {
    parent.forEach((child, childOffset, index) => {
      const at = contentStart + childOffset
      if (child.isTextblock) {
        if (!first) offset += itemBreak ? 1 : 2
        first = false
        itemBreak = false
        runs.push({ start: offset, end: offset + child.content.size, pos: at + 1 - pos })
        offset += child.content.size
      } else {
        if (child.type.name === 'list_item' && index > 0) itemBreak = true
        walk(child, at + 1)
      }
    })
  }
  walk(node, pos + 1)
  if (runs.length === 0) throw new RangeError('Every section of the article must hold a text block')
  return { runs, length: offset, size: node.nodeSize }
}

/** Translates between plain-text offsets (the stored coordinates of annotations) and editor
 *  positions, for one document. The text blocks are kept per section, with the sections' lengths
 *  in prefix sums: lookups are binary searches, and following an edit redoes only the sections it
 *  touched, so typing in a long article costs the same as in a short one. */
export class TextIndex {
  private chunks: Chunk[]
  private lengths: Sums
  private sizes: Sums

  private constructor(chunks: Chunk[]) {
    this.chunks = chunks
    this.lengths = new Sums(chunks.map((c) => c.length))
    this.sizes = new Sums(chunks.map((c) => c.size))
  }

  /** The index of an editor document whose top-level nodes hold its text blocks. Throws
   *  `RangeError` when the document's text blocks do not match the plain text's `runs` (from
   *  `layout()`) one for one; only an article without text may have its one empty paragraph. */
  static build(doc: Node, runs: readonly { start: number; end: number }[]): TextIndex {
    const chunks: Chunk[] = []
    doc.forEach((node, offset, i) => chunks.push(chunkOf(node, offset, i === 0)))
    const index = new TextIndex(chunks)
    const blocks = index.blockCount
    if (blocks !== runs.length && !(runs.length === 0 && index.length === 0)) {
      throw new RangeError(`The editor has ${blocks} text blocks for ${runs.length} runs of text`)
    }
    let i = 0
    for (const block of index.blocks()) {
      const run = runs[i++]
      if (run && (block.start !== run.start || block.end !== run.end)) {
        throw new RangeError(`Text block ${i} of the editor lies at ${block.start}–${block.end}, its text at ${run.start}–${run.end}`)
      }
    }
    return index
  }

  /** How many text blocks the document has. */
  get blockCount(): number {
    return this.chunks.reduce((n, c) => n + c.runs.length, 0)
  }

  /** Every text block, in order. */
  *blocks(): Generator<BlockSpan> {
    let offset = 0
    let pos = 0
    for (const chunk of this.chunks) {
      for (const r of chunk.runs) yield { start: offset + r.start, end: offset + r.end, pos: pos + r.pos }
      offset += chunk.length
      pos += chunk.size
    }
  }

  /** The length of the plain text. */
  get length(): number {
    return this.lengths.before(this.chunks.length)
  }

  private span(chunk: number, run: number): BlockSpan {
    const r = this.chunks[chunk]!.runs[run]!
    const offset = this.lengths.before(chunk)
    const pos = this.sizes.before(chunk)
    return { start: offset + r.start, end: offset + r.end, pos: pos + r.pos }
  }

  /** The last text block whose `key` (its text start, or its content position) is at or before
   *  `value`, as chunk and run numbers; the first block when there is none. */
  private lastAtOrBefore(key: 'start' | 'pos', value: number): { chunk: number; run: number } {
    const sums = key === 'start' ? this.lengths : this.sizes
    let chunk = Math.min(this.chunks.length - 1, sums.countUpTo(value))
    for (; chunk >= 0; chunk--) {
      const runs = this.chunks[chunk]!.runs
      const local = value - sums.before(chunk)
      let lo = 0
      let hi = runs.length - 1
      let found = -1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (runs[mid]![key] <= local) {
          found = mid
          lo = mid + 1
        } else {
          hi = mid - 1
        }
      }
      if (found >= 0) return { chunk, run: found }
    }
    return { chunk: 0, run: 0 }
  }

  /** The plain-text offset of an editor position. Positions between text blocks go to the end of
   *  the block before them (or the start of the first block). */
  offsetAt(pos: number): number {
    const at = this.lastAtOrBefore('pos', pos)
    const block = this.span(at.chunk, at.run)
    return block.start + Math.max(0, Math.min(pos - block.pos, block.end - block.start))
  }

  /** The editor position of a plain-text offset. Offsets between text blocks go to the end of the
   *  block before them. */
  posAt(offset: number): number {
    const at = this.lastAtOrBefore('start', offset)
    const block = this.span(at.chunk, at.run)
    return block.pos + Math.max(0, Math.min(offset - block.start, block.end - block.start))
  }

  /** The text block whose text holds `offset` (its ends included), or null when the offset lies
   *  between two blocks or outside the text. */
  blockAt(offset: number): BlockSpan | null {
    const at = this.lastAtOrBefore('start', offset)
    const block = this.span(at.chunk, at.run)
    return offset >= block.start && offset <= block.end ? block : null
  }

  /** The editor ranges, one per text block, that cover plain text `[start, end)`. Separators
   *  between blocks have no editor range. */
  rangesFor(start: number, end: number): PosRange[] {
    const ranges: PosRange[] = []
    let { chunk, run } = this.lastAtOrBefore('start', start)
    let offset = this.lengths.before(chunk)
    let pos = this.sizes.before(chunk)
    for (; chunk < this.chunks.length; chunk++, run = 0) {
      const c = this.chunks[chunk]!
      for (; run < c.runs.length; run++) {
        const r = c.runs[run]!
        if (offset + r.start >= end) return ranges
        const from = Math.max(start, offset + r.start)
        const to = Math.min(end, offset + r.end)
        if (from < to) ranges.push({ from: pos + r.pos + (from - offset - r.start), to: pos + r.pos + (to - offset - r.start) })
      }
      offset += c.length
      pos += c.size
    }
    return ranges
  }

  /** Follow the changes of `tr` to the document, step by step: only the top-level nodes a step
   *  touched are read again. */
  follow(tr: Transaction): void {
    tr.steps.forEach((step, i) => {
      const before = tr.docs[i]!
      const after = i + 1 < tr.docs.length ? tr.docs[i + 1]! : tr.doc
      let from = Infinity
      let to = -Infinity
      step.getMap().forEach((oldStart, oldEnd) => {
        from = Math.min(from, oldStart)
        to = Math.max(to, oldEnd)
      })
      if (from > to) return
      this.replaceChunks(before, after, from, to)
    })
  }

  /** Read again the top-level nodes of `after` that stand where those of `before` overlapping
   *  `[from, to]` stood. */
  private replaceChunks(before: Node, after: Node, from: number, to: number): void {
    let first = Math.min(this.chunks.length - 1, this.sizes.countUpTo(from))
    // A change starting right at a node's start may have changed the end of the node before it.
    if (first > 0 && this.sizes.before(first) === from) first--
    const last = Math.min(this.chunks.length - 1, this.sizes.countUpTo(to))
    const count = last - first + 1 + (after.childCount - before.childCount)
    const made: Chunk[] = []
    let pos = this.sizes.before(first)
    for (let i = first; i < first + count; i++) {
      const node = after.child(i)
      made.push(chunkOf(node, pos, i === 0))
      pos += node.nodeSize
    }
    if (count === last - first + 1) {
      made.forEach((chunk, k) => {
        const old = this.chunks[first + k]!
        this.lengths.add(first + k, chunk.length - old.length)
        this.sizes.add(first + k, chunk.size - old.size)
        this.chunks[first + k] = chunk
      })
    } else {
      // Sections were joined: the rare edit that changes their number rebuilds the sums.
      this.chunks.splice(first, last - first + 1, ...made)
      this.lengths = new Sums(this.chunks.map((c) => c.length))
      this.sizes = new Sums(this.chunks.map((c) => c.size))
    }
  }
}
