// The second peer: @recogito/text-annotator over the article as HTML paragraphs, with its default
// renderer. It annotates text but does not edit it, so it has no keystroke figure.
import { createTextAnnotator, type TextAnnotator } from '@recogito/text-annotator'
import '@recogito/text-annotator/text-annotator.css'
import '../peer.css'
import { selectWordsOnScreen, type PageWorkload } from '../shared'

const host = document.getElementById('host')!
const scroller = document.getElementById('scroller')!
let annotator: TextAnnotator | null = null
let lastTagged = ''
let tags = 0

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A W3C-style text annotation of `[start, end)` of the container's text. */
function annotation(id: string, text: string, start: number, end: number) {
  return { id, bodies: [], target: { annotation: id, selector: [{ quote: text.slice(start, end), start, end }] } }
}

/** The offset of a DOM point in the container's text. */
function offsetOf(node: globalThis.Node, offset: number): number {
  const range = document.createRange()
  range.setStart(host, 0)
  range.setEnd(node, offset)
  return range.toString().length
}

// Tagging: C annotates the selection, as a tag key would.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'c' || event.ctrlKey || event.metaKey || !annotator) return
  event.preventDefault()
  const selection = window.getSelection()
  if (!selection || selection.isCollapsed) return
  const range = selection.getRangeAt(0)
  const start = offsetOf(range.startContainer, range.startOffset)
  const end = offsetOf(range.endContainer, range.endOffset)
  lastTagged = `new${++tags}`
  annotator.addAnnotation(annotation(lastTagged, host.textContent ?? '', start, end) as never)
})

window.bench = {
  async open(url) {
    const t0 = performance.now()
    const w = (await (await fetch(url)).json()) as PageWorkload
    // Blank lines between the paragraphs make the container's text the workload's plain text.
    host.innerHTML = [`<h1>${escape(w.title)}</h1>`, ...w.paragraphs.map((p) => `<p>${escape(p)}</p>`)].join('\n\n')
    const text = [w.title, ...w.paragraphs].join('\n\n')
    // Tagging goes through the C key below, as in the other tools, so the annotator's own
    // reaction to a selection is switched off.
    annotator = createTextAnnotator(host, { annotatingEnabled: false })
    annotator.setAnnotations(w.annotations.map((a) => annotation(a.id, text, a.start, a.end)) as never)
    const t1 = await window.fwProbe.whenPainted(() => host.querySelector('.r6o-annotation') !== null)
    return { ms: t1 - t0, longestTask: window.fwProbe.longestTask(t0, t1) }
  },
  scroller: () => scroller,
  selectWords(n) {
    selectWordsOnScreen(host, scroller, n)
  },
  tagged: () => lastTagged !== '' && host.querySelector(`[data-annotation="${lastTagged}"]`) !== null,
  caretInMiddle: () => false
}
