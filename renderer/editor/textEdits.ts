import { Fragment, Slice, type Mark, type Node, type ResolvedPos } from 'prosemirror-model'
import { Selection, TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { ReplaceStep } from 'prosemirror-transform'
import type { Inline } from '../../data/document'
import { inheritedStyle, type TextEdit } from '../../data/edit'
import { schema } from './schema'
import type { TextIndex } from './textIndex'

/** The blank line that splits a text block. */
const BLOCK_BREAK = '\n\n'

/** A text node of the editor as a run of the stored blocks. */
function runOf(node: Node | null | undefined): Inline | undefined {
  if (!node?.isText) return undefined
  const marks = node.marks.filter((m) => m.type.name !== 'link').map((m) => m.type.name as 'em' | 'strong' | 'code')
  const link = node.marks.find((m) => m.type.name === 'link')
  return { text: node.text ?? '', ...(marks.length ? { marks } : {}), ...(link ? { href: link.attrs.href as string } : {}) }
}

/** The editor marks of a stored style. */
function marksOf(style: Omit<Inline, 'text'>): readonly Mark[] {
  const marks: Mark[] = (style.marks ?? []).map((m) => schema.marks[m]!.create())
  if (style.href !== undefined) marks.push(schema.marks.link!.create({ href: style.href }))
  return marks
}

/** Whether the text blocks at `$from` and `$to` may be joined by one edit: both in one quote or
 *  list item, or both at the top level (in any sections, which only the editor has). */
function sameContainer($from: ResolvedPos, $to: ResolvedPos): boolean {
  if ($from.depth !== $to.depth) return false
  const depth = $from.depth - 1
  return depth === 1 || $from.start(depth) === $to.start(depth)
}

/** The transaction that makes a plain-text edit in the editor exactly as `applyTextEdits` makes it
 *  in the stored blocks: the same blocks, the same styles, and one replace step from the edit's
 *  start to its end, so that highlights move as the stored annotations do; the cursor ends up
 *  after the new text. Returns why the edit
 *  cannot be made instead, as a sentence, when it starts or ends between two blocks, joins text
 *  across a list or quote, or joins a code block with ordinary text. */
export function editTransaction(state: EditorState, index: TextIndex, edit: TextEdit): Transaction | string {
  const a = index.blockAt(edit.from)
  const b = index.blockAt(edit.to)
  if (!a || !b || edit.from > edit.to) return 'That edit starts or ends between two paragraphs.'
  const posFrom = a.pos + (edit.from - a.start)
  const posTo = b.pos + (edit.to - b.start)
  const $from = state.doc.resolve(posFrom)
  const $to = state.doc.resolve(posTo)
  const A = $from.parent
  const B = $to.parent
  if (!sameContainer($from, $to)) return 'Text can be joined only within one list item or quote: edit one part at a time.'
  const code = !!A.type.spec.code
  if (a.pos !== b.pos && code !== !!B.type.spec.code) return 'A code block cannot be joined with ordinary text.'
  const parts = code ? [edit.text] : edit.text.split(BLOCK_BREAK)
  const style = code ? [] : marksOf(inheritedStyle($from.parentOffset > 0 ? runOf($from.nodeBefore) : undefined, runOf($to.nodeAfter)))
  const text = (part: string, marks: readonly Mark[]): Node[] => (part ? [schema.text(part, marks)] : [])
  let slice: Slice
  if (a.pos === b.pos && parts.length === 1) {
    slice = new Slice(Fragment.from(text(parts[0]!, style)), 0, 0)
  } else {
    const atEnd = posTo === $to.end()
    const later = A.type.name === 'heading' && atEnd ? schema.nodes.paragraph! : A.type
    const blocks = parts.map((part, i) => (i === 0 ? A.type.create(A.attrs, text(part, style)) : later.create(later === A.type ? A.attrs : null, text(part, []))))
    let content = Fragment.fromArray(blocks)
    let open = 1
    // Joining top-level blocks of two sections joins the sections too.
    for (let depth = $from.depth - 1; depth > $from.sharedDepth(posTo); depth--) {
      content = Fragment.from($from.node(depth).copy(content))
      open++
    }
    slice = new Slice(content, open, open)
  }
  const tr = state.tr
  if (tr.maybeStep(new ReplaceStep(posFrom, posTo, slice)).failed) return 'That edit does not fit the article’s structure.'
  // The cursor goes after the new text, as after typing.
  return tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(posTo, 1))))
}

/** The plain-text edit a transaction made of one replace step stands for (typing, the browser's
 *  own deletions, spelling fixes), or null for any other transaction. */
export function stepEdit(tr: Transaction, index: TextIndex): TextEdit | null {
  if (tr.steps.length !== 1) return null
  const step = tr.steps[0]
  if (!(step instanceof ReplaceStep)) return null
  const content = step.slice.content
  return { from: index.offsetAt(step.from), to: index.offsetAt(step.to), text: content.textBetween(0, content.size, BLOCK_BREAK) }
}

/** The edit that replaces the selection with `text`. */
export function selectionEdit(state: EditorState, index: TextIndex, text: string): TextEdit {
  return { from: index.offsetAt(state.selection.from), to: index.offsetAt(state.selection.to), text }
}

/** Enter: a new paragraph (of the same kind) at the cursor, or a new line in a code block. */
export function splitEdit(state: EditorState, index: TextIndex): TextEdit {
  return selectionEdit(state, index, state.selection.$from.parent.type.spec.code ? '\n' : BLOCK_BREAK)
}

/** Backspace at the start of a text block: join it to the block before. Null when there is none
 *  or the selection is not a cursor at a block's start (the browser deletes a character then). */
export function joinBackwardEdit(state: EditorState, index: TextIndex): TextEdit | null {
  const { selection } = state
  if (!selection.empty || selection.$from.parentOffset > 0) return null
  const to = index.offsetAt(selection.from)
  const from = index.offsetAt(selection.from - 1)
  return from < to ? { from, to, text: '' } : null
}

/** Delete at the end of a text block: join the next block to it. Null when there is none or the
 *  selection is not a cursor at a block's end. */
export function joinForwardEdit(state: EditorState, index: TextIndex): TextEdit | null {
  const { selection } = state
  if (!selection.empty || selection.$from.parentOffset < selection.$from.parent.content.size) return null
  const next = Selection.findFrom(state.doc.resolve(selection.from + 1), 1, true)
  if (!next || next.from <= selection.from) return null
  return { from: index.offsetAt(selection.from), to: index.offsetAt(next.from), text: '' }
}

/** Pasted plain text as an edit should insert it: line ends made "\n"; outside code, a blank line
 *  between paragraphs kept as one blank line and a single line break read as a space. */
export function pastedText(text: string, code: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n')
  if (code) return lines
  return lines
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.replace(/[ \t]*\n[ \t]*/g, ' '))
    .join(BLOCK_BREAK)
}

const isInsertion = (e: TextEdit) => e.from === e.to
const isDeletion = (e: TextEdit) => e.text === '' && e.from < e.to

/** `edits` with `edit` appended, merged into the last one when both together move every offset
 *  exactly as the two would one after the other: typing on at the end of typed text, deleting on
 *  backwards or forwards, deleting what was just typed. A burst of typing is then saved, and
 *  undone, as one edit. */
export function appendEdit(edits: readonly TextEdit[], edit: TextEdit): TextEdit[] {
  const last = edits[edits.length - 1]
  const rest = edits.slice(0, -1)
  if (!last) return [edit]
  const typedEnd = last.from + last.text.length
  if (isInsertion(last) && isInsertion(edit) && edit.from === typedEnd) return [...rest, { ...last, text: last.text + edit.text }]
  if (isDeletion(last) && isDeletion(edit) && edit.to === last.from) return [...rest, { from: edit.from, to: last.to, text: '' }]
  if (isDeletion(last) && isDeletion(edit) && edit.from === last.from) return [...rest, { from: last.from, to: last.to + (edit.to - edit.from), text: '' }]
  if (isInsertion(last) && isDeletion(edit) && edit.to === typedEnd && edit.from >= last.from) {
    const kept = last.text.slice(0, edit.from - last.from)
    return kept ? [...rest, { ...last, text: kept }] : rest
  }
  return [...edits, edit]
}
