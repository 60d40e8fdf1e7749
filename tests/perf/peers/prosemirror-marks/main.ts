// The first peer: plain ProseMirror, the article as flat paragraphs, each annotation a mark on the
// text it covers (so overlapping annotations are several marks on one text node), editable.
import { Schema, type Mark, type Node } from 'prosemirror-model'
import { EditorState, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import '../peer.css'
import { paragraphStarts, selectWordsOnScreen, type PageWorkload } from '../shared'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    heading: { content: 'text*', group: 'block', toDOM: () => ['h1', 0] },
    paragraph: { content: 'text*', group: 'block', toDOM: () => ['p', 0] },
    text: {}
  },
  marks: {
    annotation: {
      attrs: { id: {}, kind: {} },
      excludes: '',
      inclusive: false,
      toDOM: (mark) => ['span', { class: `ann ann-${mark.attrs.kind as string}`, 'data-id': mark.attrs.id as string }, 0]
    }
  }
})

const host = document.getElementById('host')!
const scroller = document.getElementById('scroller')!
let view: EditorView | null = null
let lastTagged = ''
let tags = 0

/** The paragraph nodes of a workload, each annotation a mark on the part of it that it covers. */
function paragraphs(w: PageWorkload): Node[] {
  const starts = paragraphStarts(w)
  const touching: { start: number; end: number; mark: Mark }[][] = w.paragraphs.map(() => [])
  let p = 0
  for (const a of w.annotations) {
    const mark = schema.marks.annotation!.create({ id: a.id, kind: a.kind })
    while (p + 1 < starts.length && starts[p + 1]! <= a.start) p++
    for (let i = p; i < starts.length && starts[i]! < a.end; i++) touching[i]!.push({ start: a.start, end: a.end, mark })
  }
  return w.paragraphs.map((text, i) => {
    const base = starts[i]!
    const cuts = new Set([0, text.length])
    const clamp = (offset: number) => Math.min(text.length, Math.max(0, offset - base))
    for (const t of touching[i]!) {
      cuts.add(clamp(t.start))
      cuts.add(clamp(t.end))
    }
    const points = [...cuts].sort((x, y) => x - y)
    const nodes: Node[] = []
    for (let k = 0; k + 1 < points.length; k++) {
      const from = points[k]!
      const to = points[k + 1]!
      if (from === to) continue
      const marks = touching[i]!.filter((t) => t.start - base < to && t.end - base > from).map((t) => t.mark)
      nodes.push(schema.text(text.slice(from, to), marks))
    }
    return schema.nodes.paragraph!.create(null, nodes)
  })
}

// Tagging: C adds a mark over the selection, as a tag key would.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'c' || event.ctrlKey || event.metaKey || !view) return
  const { from, to } = view.state.selection
  if (from === to) return
  event.preventDefault()
  lastTagged = `new${++tags}`
  view.dispatch(view.state.tr.addMark(from, to, schema.marks.annotation!.create({ id: lastTagged, kind: 'claim' })))
})

window.bench = {
  async open(url) {
    const t0 = performance.now()
    const w = (await (await fetch(url)).json()) as PageWorkload
    const doc = schema.nodes.doc!.create(null, [schema.nodes.heading!.create(null, schema.text(w.title)), ...paragraphs(w)])
    host.className = 'article'
    view = new EditorView(host, { state: EditorState.create({ doc }) })
    const t1 = await window.fwProbe.whenPainted(() => host.querySelector('.ann') !== null)
    return { ms: t1 - t0, longestTask: window.fwProbe.longestTask(t0, t1) }
  },
  scroller: () => scroller,
  selectWords(n) {
    // Select in the DOM as everywhere else, then make it the editor's selection at once.
    const v = view!
    selectWordsOnScreen(v.dom, scroller, n)
    const range = window.getSelection()!.getRangeAt(0)
    const from = v.posAtDOM(range.startContainer, range.startOffset)
    const to = v.posAtDOM(range.endContainer, range.endOffset)
    v.focus()
    v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, from, to)))
  },
  tagged: () => lastTagged !== '' && host.querySelector(`[data-id="${lastTagged}"]`) !== null,
  caretInMiddle() {
    const v = view!
    const middle = Math.floor(v.state.doc.childCount / 2)
    let pos = 0
    for (let i = 0; i < middle; i++) pos += v.state.doc.child(i).nodeSize
    const at = pos + 1 + Math.floor(v.state.doc.child(middle).content.size / 2)
    v.focus()
    v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, at)).scrollIntoView())
    return true
  }
}
