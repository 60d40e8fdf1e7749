import { z } from 'zod'
import { QUOTE_CONTEXT, TextQuote, anchorFits, quoteAt } from './anchor'
import { layout, type Block, type Inline, type TextBlock } from './document'
import type { Annotation, ArticleDocument, Orphan } from './project'
import { fail, ok, type Result } from './result'

/** One replacement in a document's plain text: `[from, to)` becomes `text`. Offsets are UTF-16
 *  code units of the text as it is just before this replacement. In `text`, a blank line ("\n\n")
 *  splits the paragraph, heading or quote line it lands in, except in a code block, where the
 *  text is kept as it is. */
export const TextEdit = z
  .object({
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
    text: z.string()
  })
  .refine((e) => e.from <= e.to, { message: 'A text edit must not end before it starts' })
export type TextEdit = z.infer<typeof TextEdit>

/** Where an annotation is to be put after an edit, whatever the edit did to it: undo uses it to
 *  bring back passages an edit shortened. */
export const AnchorFix = z.object({
  id: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  quote: TextQuote
})
export type AnchorFix = z.infer<typeof AnchorFix>

/** Why an annotation whose text was edited away waits among the orphans. */
export const EDITED_AWAY = 'its text was deleted while editing the document'

/** The blank line that splits text blocks in an edit's `text`. */
const BLOCK_BREAK = '\n\n'

/** Carry a plain-text offset through an edit exactly as ProseMirror's `StepMap.map` carries a
 *  position through a replacement: offsets before the edit stay, offsets after it move by the
 *  change in length. An offset at the start of a replaced range stays at its start and one at its
 *  end goes to the end of the new text; an offset inside it, or at a pure insertion, goes to the
 *  start when `assoc` is negative and to the end otherwise. */
export function mapOffset(offset: number, edit: TextEdit, assoc: 1 | -1): number {
  const { from, to } = edit
  if (offset < from) return offset
  if (offset > to) return offset + edit.text.length - (to - from)
  const side = from === to ? assoc : offset === from ? -1 : offset === to ? 1 : assoc
  return from + (side < 0 ? 0 : edit.text.length)
}

/** A text block in the tree of blocks, with where its text lies in the plain text. `path` leads
 *  to it: an index into the top-level blocks, then for a quote the index of a block inside it, or
 *  for a list the item's index and the index of a block inside the item, and so on down. */
interface Located {
  readonly block: TextBlock
  readonly start: number
  readonly end: number
  readonly path: readonly number[]
}

/** Every text block with its place, in reading order, laid out as `layout()` does: a line break
 *  between items of one list, a blank line between any other two text blocks. */
function locate(blocks: readonly Block[]): Located[] {
  const found: Located[] = []
  let offset = 0
  let first = true
  let itemBreak = false
  const walk = (list: readonly Block[], path: readonly number[]): void => {
    list.forEach((block, i) => {
      if (block.type === 'quote') {
        walk(block.blocks, [...path, i])
      } else if (block.type === 'list') {
        block.items.forEach((item, k) => {
          if (k > 0) itemBreak = true
          walk(item, [...path, i, k])
        })
      } else {
        if (!first) offset += itemBreak ? 1 : 2
        first = false
        itemBreak = false
        const length = block.content.reduce((n, run) => n + run.text.length, 0)
        found.push({ block, start: offset, end: offset + length, path: [...path, i] })
        offset += length
      }
    })
  }
  walk(blocks, [])
  return found
}

/** The located text block whose text contains `offset` (its ends included), or null when the
 *  offset falls between two blocks. */
function blockAt(located: readonly Located[], offset: number): Located | null {
  let lo = 0
  let hi = located.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const run = located[mid]!
    if (offset < run.start) hi = mid - 1
    else if (offset > run.end) lo = mid + 1
    else return run
  }
  return null
}

/** The blocks with the array that holds the text block at `path` (its last index) changed by
 *  `change`. */
function changeContainer(blocks: readonly Block[], path: readonly number[], change: (list: readonly Block[]) => Block[]): Block[] {
  if (path.length === 1) return change(blocks)
  const [i, ...rest] = path as [number, ...number[]]
  const block = blocks[i]!
  const next = [...blocks]
  if (block.type === 'quote') {
    next[i] = { ...block, blocks: changeContainer(block.blocks, rest, change) }
  } else if (block.type === 'list') {
    const [k, ...inner] = rest as [number, ...number[]]
    next[i] = { ...block, items: block.items.map((item, j) => (j === k ? changeContainer(item, inner, change) : item)) }
  } else {
    throw new RangeError(`Block ${i} holds no blocks`)
  }
  return next
}

const sameMarks = (a: Inline, b: Inline): boolean => {
  const x = a.marks ?? []
  const y = b.marks ?? []
  return a.href === b.href && x.length === y.length && x.every((m) => y.includes(m))
}

/** Runs with empty ones dropped and neighbours of the same marks and link joined, as the editor
 *  keeps its text nodes. */
function normalize(runs: readonly Inline[]): Inline[] {
  const out: Inline[] = []
  for (const run of runs) {
    if (run.text.length === 0) continue
    const last = out[out.length - 1]
    if (last && sameMarks(last, run)) out[out.length - 1] = { ...last, text: last.text + run.text }
    else out.push(run)
  }
  return out
}

/** The runs of `content` cut to characters `[from, to)` of its text. */
function cut(content: readonly Inline[], from: number, to: number): Inline[] {
  const out: Inline[] = []
  let at = 0
  for (const run of content) {
    const start = Math.max(from, at)
    const end = Math.min(to, at + run.text.length)
    if (start < end) out.push({ ...run, text: run.text.slice(start - at, end - at) })
    at += run.text.length
  }
  return out
}

/** The run holding character `index` of `content`, if any. */
function runAt(content: readonly Inline[], index: number): Inline | undefined {
  let at = 0
  for (const run of content) {
    if (index < at + run.text.length) return index >= at ? run : undefined
    at += run.text.length
  }
  return undefined
}

/** What new text typed at `from` looks like: the emphasis of the character before it, and its
 *  link only when the character after the edit is in the same link (typing at a link's edge does
 *  not extend it). None at the start of a block. */
export function inheritedStyle(before: Inline | undefined, after: Inline | undefined): Omit<Inline, 'text'> {
  if (!before) return {}
  const style: { marks?: Inline['marks']; href?: string } = {}
  if (before.marks?.length) style.marks = before.marks
  if (before.href !== undefined && after?.href === before.href) style.href = before.href
  return style
}

function textBlock(like: TextBlock, content: Inline[]): TextBlock {
  return like.type === 'heading' ? { type: 'heading', level: like.level, content } : { type: like.type, content }
}

/** Apply one replacement to blocks whose plain text is `located`. The blocks it touches must lie
 *  side by side in one container (the top level, one quote or one list item): they are joined
 *  into the first one, which takes the new text, and whatever lay between them goes. A blank line
 *  in the new text splits the block, and the new blocks take its type, except that a heading
 *  split at its very end is followed by paragraphs. The new text takes the style of the character
 *  before it (`inheritedStyle`) up to its first blank line, and none after it. Code blocks keep
 *  their text as typed and are never joined with other kinds of block. */
function replaceInBlocks(blocks: readonly Block[], located: readonly Located[], edit: TextEdit, name: string): Result<Block[]> {
  const a = blockAt(located, edit.from)
  const b = blockAt(located, edit.to)
  if (!a || !b) return fail('invalid-args', `An edit of “${name}” at ${edit.from}–${edit.to} starts or ends between two paragraphs.`)
  const container = a.path.slice(0, -1).join('/')
  if (b.path.slice(0, -1).join('/') !== container) {
    return fail('invalid-args', `An edit of “${name}” at ${edit.from}–${edit.to} would join text across a list or quote; edit one part at a time.`)
  }
  if (a !== b && (a.block.type === 'code') !== (b.block.type === 'code')) {
    return fail('invalid-args', `An edit of “${name}” at ${edit.from}–${edit.to} would join a code block with ordinary text.`)
  }
  const A = a.block
  const B = b.block
  const startA = edit.from - a.start
  const startB = edit.to - b.start
  const prefix = cut(A.content, 0, startA)
  const suffix = cut(B.content, startB, b.end - b.start)
  const code = A.type === 'code'
  const style = code ? {} : inheritedStyle(runAt(A.content, startA - 1), runAt(B.content, startB))
  const parts = code ? [edit.text] : edit.text.split(BLOCK_BREAK)
  const later: TextBlock = A.type === 'heading' && suffix.length === 0 ? { type: 'paragraph', content: [] } : A
  const made: TextBlock[] = parts.map((part, i) => {
    // Text after a blank line starts a new block, which has no text before it to take a style from.
    const inserted: Inline[] = part ? [{ ...(i === 0 ? style : {}), text: part }] : []
    const content = [...(i === 0 ? prefix : []), ...inserted, ...(i === parts.length - 1 ? suffix : [])]
    return textBlock(i === 0 ? A : later, normalize(code ? content.map((r) => ({ text: r.text })) : content))
  })
  const first = a.path[a.path.length - 1]!
  const last = b.path[b.path.length - 1]!
  return ok(changeContainer(blocks, a.path, (list) => [...list.slice(0, first), ...made, ...list.slice(last + 1)]))
}

/** Whether `[start, end)` of a document laid out as `runs` holds any character of a text block,
 *  rather than only the line breaks between blocks. */
function coversText(runs: readonly { start: number; end: number }[], start: number, end: number): boolean {
  let lo = 0
  let hi = runs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const run = runs[mid]!
    if (run.end <= start) lo = mid + 1
    else if (run.start >= end) hi = mid - 1
    else return Math.max(start, run.start) < Math.min(end, run.end)
  }
  return false
}

/** What edits did to a document and its annotations. */
export interface EditOutcome {
  readonly document: ArticleDocument
  /** The document's annotations that still have text, moved along, in their order. */
  readonly annotations: Annotation[]
  /** The document's annotations whose whole text was edited away, now waiting to be placed again;
   *  `start` and `end` both hold where their text was. */
  readonly orphaned: Orphan[]
  /** The ids of the annotations an edit came near (their quote was taken again, or they were
   *  orphaned) or that a fix placed; every other one only moved along. */
  readonly touched: ReadonlySet<string>
}

/** Apply `edits` in order to a document, keeping its blocks and its plain text in step
 *  (`layout(blocks).text === text` holds after each one), and carry the document's annotations
 *  along as the editor carries highlights: each start with `mapOffset(…, 1)`, each end with
 *  `mapOffset(…, -1)`, so text typed at either edge of a passage stays outside it. Quotes are taken
 *  again wherever an edit came within reach of their context. `fixes` then put the annotations
 *  they name exactly where they say (they must fit the new text). An annotation left with no text
 *  of any block becomes an orphan, never dropped. Fails, changing nothing, when an edit falls
 *  outside the text, starts or ends between two blocks, or joins blocks that do not sit side by
 *  side in one container. */
export function applyTextEdits(
  document: ArticleDocument,
  annotations: readonly Annotation[],
  edits: readonly TextEdit[],
  fixes: readonly AnchorFix[] = []
): Result<EditOutcome> {
  let blocks = document.blocks
  let text = document.text
  // Where each annotation has got to, and whether an edit came within reach of its quote.
  const starts = Float64Array.from(annotations, (a) => a.start)
  const ends = Float64Array.from(annotations, (a) => a.end)
  const near = new Uint8Array(annotations.length)
  for (const edit of edits) {
    if (edit.to > text.length || edit.from > edit.to) {
      return fail('invalid-args', `An edit of “${document.title}” at ${edit.from}–${edit.to} lies outside its ${text.length} characters.`)
    }
    const located = locate(blocks)
    if (located.length === 0) return fail('invalid-args', `“${document.title}” has no text to edit.`)
    const next = replaceInBlocks(blocks, located, edit, document.title)
    if (!next.ok) return next
    blocks = next.value
    text = text.slice(0, edit.from) + edit.text + text.slice(edit.to)
    const reachFrom = edit.from - QUOTE_CONTEXT
    const reachTo = edit.from + edit.text.length + QUOTE_CONTEXT
    for (let i = 0; i < annotations.length; i++) {
      // Ending well before the edit: neither moved nor touched.
      if (ends[i]! < reachFrom) continue
      const start = mapOffset(starts[i]!, edit, 1)
      const end = mapOffset(ends[i]!, edit, -1)
      starts[i] = start
      ends[i] = end
      if (end > reachFrom && start < reachTo) near[i] = 1
    }
  }
  const fixed = new Map(fixes.map((f) => [f.id, f]))
  let runs: readonly { start: number; end: number }[] | null = null
  const kept: Annotation[] = []
  const orphaned: Orphan[] = []
  const touched = new Set<string>()
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i]!
    const start = starts[i]!
    const end = ends[i]!
    const fix = fixed.get(a.id)
    if (fix) {
      if (!anchorFits(text, fix)) return fail('invalid-args', `The passage “${fix.quote.exact}” does not match the edited text of “${document.title}” at ${fix.start}–${fix.end}.`)
      kept.push({ ...a, start: fix.start, end: fix.end, quote: fix.quote })
      touched.add(a.id)
      continue
    }
    if (!near[i]) {
      // Untouched by every edit, at most moved along: its quote still holds.
      kept.push(start === a.start ? a : { ...a, start, end })
      continue
    }
    touched.add(a.id)
    if (start >= end || (/^\s*$/.test(text.slice(start, end)) && !coversText((runs ??= layout(blocks).runs), start, end))) {
      const { start: _start, end: _end, ...fields } = a
      const at = Math.min(start, text.length)
      orphaned.push({ ...fields, start: at, end: at, reason: EDITED_AWAY, origin: '' })
    } else {
      kept.push({ ...a, start, end, quote: quoteAt(text, start, end) })
    }
  }
  return ok({ document: { ...document, blocks, text }, annotations: kept, orphaned, touched })
}

/** The edits that undo `edits`, given the text they were applied to: each replacement put back,
 *  the last one first. */
export function invertTextEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const backward: TextEdit[] = []
  let current = text
  for (const edit of edits) {
    backward.unshift({ from: edit.from, to: edit.from + edit.text.length, text: current.slice(edit.from, edit.to) })
    current = current.slice(0, edit.from) + edit.text + current.slice(edit.to)
  }
  return backward
}
