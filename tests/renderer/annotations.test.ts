import { EditorState, type Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { afterEach, describe, expect, it } from 'vitest'
import type { Block } from '../../data/document'
import type { AnnotationKind } from '../../data/vocabulary'
import { annotationsKey, annotationsPlugin, highlightsAt, type AnnotationAction, type Highlight } from '../../renderer/editor/annotations'
import { toDoc } from '../../renderer/editor/toDoc'

const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] })
const article = toDoc([p('The trade amounts to US$2.8 billion.'), p('Officials disputed the figure.'), p('Nobody checked.')])
const { text, index } = article

/** A highlight of the first occurrence of `exact` in the article's plain text. */
function hl(id: string, exact: string, kind: AnnotationKind = 'claim'): Highlight {
  const start = text.indexOf(exact)
  if (start < 0) throw new Error(`"${exact}" is not in the article`)
  return { id, kind, start, end: start + exact.length }
}

function stateWith(highlights: readonly Highlight[]): EditorState {
  return EditorState.create({ doc: article.doc, plugins: [annotationsPlugin(() => index, highlights)] })
}

const act = (state: EditorState, action: AnnotationAction): EditorState => state.apply(state.tr.setMeta(annotationsKey, action))
const edit = (state: EditorState, change: (tr: Transaction) => Transaction): EditorState => state.apply(change(state.tr))

/** What is drawn, in document order: the highlighted text of each decoration, with its annotation's id. */
function drawn(state: EditorState): { id: string; text: string }[] {
  return annotationsKey
    .getState(state)!
    .decorations.find()
    .sort((a, b) => a.from - b.from)
    .map((d) => ({ id: (d.spec as { id: string }).id, text: state.doc.textBetween(d.from, d.to) }))
}

/** The spec objects of one annotation's decorations: new objects mean it was drawn again. */
const specsOf = (state: EditorState, id: string): unknown[] =>
  annotationsKey.getState(state)!.decorations.find(undefined, undefined, (spec: { id: string }) => spec.id === id).map((d) => d.spec)

/** The editor position of a plain-text offset inside a text block. */
const posOf = (offset: number): number => index.posAt(offset)

describe('drawing annotations', () => {
  it('draws each annotation over its text, once per paragraph it covers', () => {
    const state = stateWith([hl('a1', 'US$2.8 billion'), hl('a2', 'billion.\n\nOfficials', 'source')])
    expect(drawn(state)).toEqual([
      { id: 'a1', text: 'US$2.8 billion' },
      { id: 'a2', text: 'billion.' },
      { id: 'a2', text: 'Officials' }
    ])
  })

  it('adds an annotation without drawing the others again', () => {
    const before = stateWith([hl('a1', 'US$2.8 billion'), hl('a2', 'Officials')])
    const after = act(before, { type: 'add', highlights: [hl('a3', 'Nobody checked', 'note')] })
    expect(drawn(after).map((d) => d.text)).toEqual(['US$2.8 billion', 'Officials', 'Nobody checked'])
    expect(specsOf(after, 'a1')).toEqual(specsOf(before, 'a1'))
    expect(specsOf(after, 'a1')[0]).toBe(specsOf(before, 'a1')[0])
    expect(specsOf(after, 'a2')[0]).toBe(specsOf(before, 'a2')[0])
  })

  it('redraws an annotation added again under the same id at its new place', () => {
    const state = act(stateWith([hl('a1', 'trade')]), { type: 'add', highlights: [hl('a1', 'disputed')] })
    expect(drawn(state)).toEqual([{ id: 'a1', text: 'disputed' }])
  })

  it('removes every piece of an annotation and leaves the others', () => {
    const state = act(stateWith([hl('a1', 'billion.\n\nOfficials'), hl('a2', 'trade')]), { type: 'remove', ids: ['a1'] })
    expect(drawn(state)).toEqual([{ id: 'a2', text: 'trade' }])
    expect(highlightsAt(state, posOf(text.indexOf('Officials') + 2))).toEqual([])
  })
})

describe('selecting an annotation', () => {
  let view: EditorView | null = null
  afterEach(() => {
    view?.destroy()
    view = null
  })

  /** The text of the highlight elements the person sees marked as selected. */
  function selectedText(state: EditorState): string[] {
    view ??= new EditorView(document.body.appendChild(document.createElement('div')), { state, editable: () => false })
    view.updateState(state)
    return [...view.dom.querySelectorAll('.fw-hl.is-selected')].map((el) => el.textContent ?? '')
  }

  it('marks the selected annotation, in every paragraph, in the element of its kind', () => {
    const state = act(stateWith([hl('a1', 'billion.\n\nOfficials', 'evidence'), hl('a2', 'trade')]), { type: 'select', id: 'a1' })
    expect(annotationsKey.getState(state)!.selected).toBe('a1')
    expect(selectedText(state)).toEqual(['billion.', 'Officials'])
    expect(view!.dom.querySelectorAll('fw-evidence.is-selected')).toHaveLength(2)
    expect(view!.dom.querySelector('fw-claim')!.className).toBe('fw-hl')
  })

  it('unmarks the previous selection when another is selected, and all of them when none is', () => {
    const one = act(stateWith([hl('a1', 'trade'), hl('a2', 'disputed')]), { type: 'select', id: 'a1' })
    const two = act(one, { type: 'select', id: 'a2' })
    expect(selectedText(two)).toEqual(['disputed'])
    expect(selectedText(act(two, { type: 'select', id: null }))).toEqual([])
  })

  it('draws an annotation selected twice only once', () => {
    const once = act(stateWith([hl('a1', 'trade')]), { type: 'select', id: 'a1' })
    const thrice = act(act(once, { type: 'select', id: 'a1' }), { type: 'select', id: 'a1' })
    expect(annotationsKey.getState(thrice)!.decorations.find()).toHaveLength(1)
    expect(selectedText(thrice)).toEqual(['trade'])
  })

  it('forgets the selection when the selected annotation is removed', () => {
    const state = act(act(stateWith([hl('a1', 'trade')]), { type: 'select', id: 'a1' }), { type: 'remove', ids: ['a1'] })
    expect(annotationsKey.getState(state)!.selected).toBeNull()
  })
})

describe('highlights through edits to the document', () => {
  const figure = hl('a1', 'US$2.8 billion')

  it('moves a highlight along when text is inserted before it', () => {
    const state = edit(stateWith([figure]), (tr) => tr.insertText('Reportedly, ', posOf(0)))
    expect(drawn(state)).toEqual([{ id: 'a1', text: 'US$2.8 billion' }])
    expect(annotationsKey.getState(state)!.decorations.find()[0]!.from).toBe(posOf(figure.start) + 'Reportedly, '.length)
  })

  it('does not grow a highlight when text is typed at either of its ends', () => {
    const atEnd = edit(stateWith([figure]), (tr) => tr.insertText(' a year', posOf(figure.end)))
    const atStart = edit(atEnd, (tr) => tr.insertText('about ', posOf(figure.start)))
    expect(atStart.doc.textContent).toContain('about US$2.8 billion a year')
    expect(drawn(atStart)).toEqual([{ id: 'a1', text: 'US$2.8 billion' }])
  })

  it('drops a highlight whose text is deleted', () => {
    const state = edit(stateWith([figure, hl('a2', 'Officials')]), (tr) => tr.delete(posOf(figure.start), posOf(figure.end)))
    expect(drawn(state)).toEqual([{ id: 'a2', text: 'Officials' }])
  })
})

describe('finding the annotations under a position', () => {
  it('lists overlapping annotations innermost first', () => {
    const state = stateWith([hl('whole', 'The trade amounts to US$2.8 billion.'), hl('figure', 'US$2.8 billion'), hl('number', '2.8')])
    expect(highlightsAt(state, posOf(text.indexOf('2.8') + 1))).toEqual(['number', 'figure', 'whole'])
    expect(highlightsAt(state, posOf(text.indexOf('billion') + 1))).toEqual(['figure', 'whole'])
    expect(highlightsAt(state, posOf(text.indexOf('trade') + 1))).toEqual(['whole'])
    expect(highlightsAt(state, posOf(text.indexOf('disputed')))).toEqual([])
  })

  it('names an annotation spanning two paragraphs once, from either paragraph', () => {
    const state = stateWith([hl('a1', 'billion.\n\nOfficials')])
    expect(highlightsAt(state, posOf(text.indexOf('billion') + 1))).toEqual(['a1'])
    expect(highlightsAt(state, posOf(text.indexOf('Officials') + 1))).toEqual(['a1'])
  })
})
