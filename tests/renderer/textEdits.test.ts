import type { Node } from 'prosemirror-model'
import { EditorState, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { layout, type Block } from '../../data/document'
import { applyTextEdits, mapOffset, type TextEdit } from '../../data/edit'
import { ANNOTATION_DEFAULTS, type Annotation, type ArticleDocument } from '../../data/project'
import { annotationsKey, annotationsPlugin, type AnnotationAction } from '../../renderer/editor/annotations'
import { appendEdit, editTransaction, joinBackwardEdit, joinForwardEdit, pastedText, splitEdit, stepEdit } from '../../renderer/editor/textEdits'
import { TextIndex } from '../../renderer/editor/textIndex'
import { SECTION_SIZE, toDoc } from '../../renderer/editor/toDoc'

const now = '2026-01-01T00:00:00.000Z'
const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] })

/** An article of every kind of block, long enough to fill four sections and more. */
function article(): Block[] {
  const blocks: Block[] = [{ type: 'heading', level: 1, content: [{ text: 'Port traffic' }] }]
  for (let i = 0; i < SECTION_SIZE * 4 + 10; i++) {
    if (i === 5) blocks.push({ type: 'list', ordered: false, items: [[p('First item')], [p('Second item'), p('More on it')]] })
    else if (i === 9) blocks.push({ type: 'quote', blocks: [p('A quoted line.'), p('Another line.')] })
    else if (i === 14) blocks.push({ type: 'code', content: [{ text: 'x = 1' }] })
    else if (i === 20) blocks.push({ type: 'paragraph', content: [{ text: 'Traffic rose ' }, { text: 'sharply', marks: ['em'] }, { text: ' in ' }, { text: '2023', href: 'https://example.org' }, { text: '.' }] })
    else blocks.push(p(`Paragraph ${i} says the trade grew by ${i} per cent.`))
  }
  return blocks
}

function documentOf(blocks: Block[]): ArticleDocument {
  return {
    id: 'd1',
    title: 'Port traffic',
    format: 'markdown',
    blocks,
    text: layout(blocks).text,
    original: { fileName: 'a.md', mediaType: 'text/markdown', size: 1, sha256: 'a'.repeat(64), importedAt: now }
  }
}

function annotationAt(text: string, id: string, start: number, end: number): Annotation {
  return { ...ANNOTATION_DEFAULTS, tags: [], id, documentId: 'd1', kind: 'claim', start, end, quote: quoteAt(text, start, end), createdAt: now, modifiedAt: now }
}

/** The top-level blocks of an editor document, whatever sections hold them. */
const blocksOf = (doc: Node): unknown[] => {
  const out: unknown[] = []
  doc.forEach((section) => section.forEach((block) => out.push(block.toJSON())))
  return out
}

/** The highlights drawn, as (id, from, to) per text block, as the view shows them: a highlight
 *  that an edit stretched over a new paragraph break is shown in each paragraph. */
function drawn(state: EditorState, index: TextIndex): string[] {
  const blocks = [...index.blocks()].map((b) => ({ from: b.pos, to: b.pos + b.end - b.start }))
  return annotationsKey
    .getState(state)!
    .decorations.find()
    .flatMap((d) =>
      blocks
        .map((b) => ({ from: Math.max(b.from, d.from), to: Math.min(b.to, d.to) }))
        .filter((r) => r.from < r.to)
        .map((r) => `${(d.spec as { id: string }).id}@${r.from}-${r.to}`)
    )
    .sort()
}

/** An editor over `blocks` with `annotations` drawn, and the stored document beside it. */
function open(blocks: Block[], annotations: Annotation[]) {
  const built = toDoc(blocks)
  let index = built.index
  let state = EditorState.create({ doc: built.doc, plugins: [annotationsPlugin(() => index, annotations)] })
  let stored = documentOf(blocks)
  let kept = annotations
  return {
    get state() {
      return state
    },
    get index() {
      return index
    },
    get stored() {
      return stored
    },
    get annotations() {
      return kept
    },
    /** Make `edit` in the editor and in the stored document; false when both refuse it. */
    edit(edit: TextEdit): boolean {
      const tr = editTransaction(state, index, edit)
      const data = applyTextEdits(stored, kept, [edit])
      expect(typeof tr === 'string').toBe(!data.ok)
      if (typeof tr === 'string' || !data.ok) return false
      state = state.apply(tr)
      index.follow(tr)
      stored = data.value.document
      kept = data.value.annotations
      return true
    },
    /** Fail unless the editor agrees with the stored document: same blocks, an index that matches
     *  one built afresh, and each annotation drawn exactly where the stored one says. */
    check() {
      state.doc.check()
      const fresh = toDoc(stored.blocks)
      expect(blocksOf(state.doc)).toEqual(blocksOf(fresh.doc))
      expect(() => TextIndex.build(state.doc, layout(stored.blocks).runs)).not.toThrow()
      expect(index.length).toBe(stored.text.length)
      const expected = kept.flatMap((a) => index.rangesFor(a.start, a.end).map((r) => `${a.id}@${r.from}-${r.to}`)).sort()
      expect(drawn(state, index)).toEqual(expected)
    },
    rebuildIndex() {
      index = TextIndex.build(state.doc, layout(stored.blocks).runs)
    }
  }
}

describe('editing the article in the editor', () => {
  it('types a word, splits and joins paragraphs like the stored document, highlights following', () => {
    const blocks = article()
    const text = layout(blocks).text
    const at = text.indexOf('Paragraph 30 says')
    const claim = annotationAt(text, 'c1', at + 'Paragraph 30 says '.length, at + 'Paragraph 30 says the trade grew'.length)
    const editor = open(blocks, [claim])
    const typed = at + 'Paragraph 30 says the '.length
    expect(editor.edit({ from: typed, to: typed, text: 'overall ' })).toBe(true)
    editor.check()
    expect(editor.stored.text.slice(editor.annotations[0]!.start, editor.annotations[0]!.end)).toBe('the overall trade grew')
    expect(editor.edit({ from: typed, to: typed, text: '\n\n' })).toBe(true)
    editor.check()
    expect(editor.edit({ from: typed, to: typed + 2, text: '' })).toBe(true)
    editor.check()
  })

  it('joins paragraphs across two sections, as one top-level list of blocks', () => {
    const blocks = article()
    const editor = open(blocks, [])
    const sectionsBefore = editor.state.doc.childCount
    const secondSection = editor.index.offsetAt(editor.state.doc.child(0).nodeSize + 2)
    expect(editor.edit({ from: secondSection - 2, to: secondSection, text: '' })).toBe(true)
    expect(editor.state.doc.childCount).toBe(sectionsBefore - 1)
    editor.check()
  })

  it('agrees with the stored document through five hundred random edits, highlights and all', () => {
    const blocks = article()
    const text = layout(blocks).text
    let seed = 11
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const annotations: Annotation[] = []
    for (let i = 0; i < 60; i++) {
      const start = random(text.length - 80)
      const end = start + 1 + random(70)
      if (text.slice(start, end).trim()) annotations.push(annotationAt(text, `a${i}`, start, end))
    }
    const editor = open(blocks, annotations)
    let made = 0
    for (let i = 0; i < 500; i++) {
      const length = editor.stored.text.length
      const from = random(length + 1)
      const to = Math.min(length, from + [0, 0, 1, 3, 40][random(5)]!)
      const inserted = ['', 'x', 'new words ', '\n\n', 'one\n\ntwo', '\n'][random(6)]!
      if (editor.edit({ from, to, text: inserted })) made++
      editor.check()
    }
    expect(made).toBeGreaterThan(200)
  })

  it('refuses to join text across a list or a quote, in the editor as in the stored document', () => {
    const blocks = article()
    const text = layout(blocks).text
    const editor = open(blocks, [])
    const into = text.indexOf('First item')
    expect(editTransaction(editor.state, editor.index, { from: into - 2, to: into, text: '' })).toMatch(/within one list item or quote/)
    expect(editor.edit({ from: into - 2, to: into, text: '' })).toBe(false)
    const code = text.indexOf('x = 1')
    expect(editTransaction(editor.state, editor.index, { from: code - 2, to: code, text: '' })).toMatch(/code block/)
  })
})

describe('the keys of edit mode', () => {
  const blocks = [p('The trade amounts to US$2.8 billion.'), p('Officials disputed the figure.'), { type: 'code', content: [{ text: 'x = 1' }] } as Block]
  const { doc, index, text } = toDoc(blocks)
  const at = (offset: number) => EditorState.create({ doc, selection: TextSelection.create(doc, index.posAt(offset)) })

  it('splits a paragraph with Enter, and adds a line in a code block', () => {
    expect(splitEdit(at(9), index)).toEqual({ from: 9, to: 9, text: '\n\n' })
    const code = text.indexOf('x = 1') + 5
    expect(splitEdit(at(code), index)).toEqual({ from: code, to: code, text: '\n' })
  })

  it('joins with the paragraph before on Backspace at a paragraph start, and with the next on Delete at its end', () => {
    const second = text.indexOf('Officials')
    expect(joinBackwardEdit(at(second), index)).toEqual({ from: second - 2, to: second, text: '' })
    expect(joinBackwardEdit(at(0), index)).toBeNull()
    expect(joinBackwardEdit(at(second + 3), index)).toBeNull()
    expect(joinForwardEdit(at(second - 2), index)).toEqual({ from: second - 2, to: second, text: '' })
  })

  it('reads a transaction of the browser’s own typing as the edit it stands for', () => {
    const state = at(4)
    expect(stepEdit(state.tr.insertText('whole ', index.posAt(4)), index)).toEqual({ from: 4, to: 4, text: 'whole ' })
    expect(stepEdit(state.tr.delete(index.posAt(4), index.posAt(10)), index)).toEqual({ from: 4, to: 10, text: '' })
  })

  it('pastes paragraphs as paragraphs and wrapped lines as one line', () => {
    expect(pastedText('First line\r\nwrapped here.\r\n\r\n\r\nSecond paragraph.', false)).toBe('First line wrapped here.\n\nSecond paragraph.')
    expect(pastedText('a\n\nb', true)).toBe('a\n\nb')
  })
})

describe('one delta for a burst of typing', () => {
  /** Where an offset goes through `edits` one after the other. */
  const through = (edits: readonly TextEdit[], offset: number, assoc: 1 | -1) => edits.reduce((o, e) => mapOffset(o, e, assoc), offset)
  const apply = (text: string, edits: readonly TextEdit[]) => edits.reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text)

  it('merges typing, backspacing and deleting forward into single edits that move offsets the same way', () => {
    const text = 'The quick brown fox jumps over the lazy dog.'
    const bursts: TextEdit[][] = [
      [{ from: 4, to: 4, text: 'v' }, { from: 5, to: 5, text: 'e' }, { from: 6, to: 6, text: 'ry ' }],
      [{ from: 10, to: 11, text: '' }, { from: 9, to: 10, text: '' }, { from: 8, to: 9, text: '' }],
      [{ from: 10, to: 11, text: '' }, { from: 10, to: 11, text: '' }],
      [{ from: 4, to: 4, text: 'slwo' }, { from: 7, to: 8, text: '' }, { from: 6, to: 7, text: '' }, { from: 6, to: 6, text: 'ow ' }],
      [{ from: 4, to: 4, text: 'ab' }, { from: 4, to: 6, text: '' }],
      [{ from: 4, to: 9, text: 'slow' }, { from: 8, to: 8, text: 'er' }]
    ]
    for (const burst of bursts) {
      const merged = burst.reduce<TextEdit[]>((list, e) => appendEdit(list, e), [])
      expect(merged.length).toBeLessThanOrEqual(burst.length)
      expect(apply(text, merged)).toBe(apply(text, burst))
      for (let offset = 0; offset <= text.length; offset++) {
        for (const assoc of [1, -1] as const) expect(through(merged, offset, assoc)).toBe(through(burst, offset, assoc))
      }
    }
    expect([{ from: 4, to: 4, text: 'v' }, { from: 5, to: 5, text: 'e' }].reduce<TextEdit[]>((l, e) => appendEdit(l, e), [])).toEqual([{ from: 4, to: 4, text: 've' }])
  })
})

describe('selecting an annotation by its place', () => {
  it('marks the one chosen and unmarks the one before, also after an edit moved it', () => {
    const blocks = article()
    const text = layout(blocks).text
    const at = (exact: string) => text.indexOf(exact)
    // In the second section and in the fourth.
    const one = `Paragraph ${SECTION_SIZE + 5}`
    const two = `Paragraph ${3 * SECTION_SIZE + 5}`
    const first = annotationAt(text, 'c1', at(`${one} says`), at(`${one} says`) + one.length)
    const second = annotationAt(text, 'c2', at(`${two} says`), at(`${two} says`) + two.length)
    const editor = open(blocks, [first, second])
    const view = new EditorView(document.body.appendChild(document.createElement('div')), { state: editor.state, editable: () => false })
    const marked = () => [...view.dom.querySelectorAll('.fw-hl.is-selected')].map((el) => el.textContent).join('')
    const select = (id: string, range?: { start: number; end: number }) => {
      view.updateState(view.state.apply(view.state.tr.setMeta(annotationsKey, { type: 'select', id, range } satisfies AnnotationAction)))
    }
    select('c1', { start: first.start, end: first.end })
    expect(marked()).toBe(one)
    // Chosen again where it already is: drawn once, not twice.
    select('c1', { start: first.start, end: first.end })
    expect(marked()).toBe(one)
    const tr = editTransaction(view.state, editor.index, { from: 0, to: 0, text: 'Revised: ' })
    if (typeof tr === 'string') throw new Error(tr)
    view.updateState(view.state.apply(tr))
    editor.index.follow(tr)
    select('c2', { start: second.start + 'Revised: '.length, end: second.end + 'Revised: '.length })
    expect(marked()).toBe(two)
    // A stale place still finds the annotation, by looking everywhere.
    select('c1', { start: 0, end: 5 })
    expect(marked()).toBe(one)
    view.destroy()
  })
})
