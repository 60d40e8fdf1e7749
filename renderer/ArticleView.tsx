import { EditorState, Selection, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react'
import type { Change } from '../data/changes'
import type { ArticleDocument } from '../data/project'
import { annotationsKey, annotationsPlugin, highlightsAt, type AnnotationAction, type Highlight } from './editor/annotations'
import { findKey, findPlugin } from './editor/find'
import type { TextIndex } from './editor/textIndex'
import { toDoc } from './editor/toDoc'
import type { Session } from './session'

/** What the workbench may ask of the article view. */
export interface ArticleHandle {
  /** The plain-text range of the person's selection in the article, trimmed of surrounding white
   *  space, or null when nothing in the article is selected. */
  selectedRange(): { start: number; end: number } | null
  /** Scroll an annotation's passage into the middle of the view. */
  scrollTo(start: number): void
  /** Select plain text `[start, end)` in the article, as a mouse selection would, and show it. */
  selectRange(start: number, end: number): void
  /** Mark and show a found passage without selecting it; null clears the mark. */
  showMatch(range: { start: number; end: number } | null): void
  clearSelection(): void
}

interface Props {
  readonly document: ArticleDocument
  readonly session: Session
  readonly selectedId: string | null
  readonly onSelect: (id: string | null) => void
  /** The person asked to open a link of the article (Ctrl+click or Cmd+click). */
  readonly onOpenLink: (url: string) => void
}

function toHighlight(a: { id: string; kind: Highlight['kind']; start: number; end: number }): Highlight {
  return { id: a.id, kind: a.kind, start: a.start, end: a.end }
}

/** The article, read-only, in a ProseMirror view with the annotations drawn as decorations. */
export const ArticleView = forwardRef<ArticleHandle, Props>(function ArticleView({ document: doc, session, selectedId, onSelect, onOpenLink }, ref) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const index = useRef<TextIndex | null>(null)
  const onSelectRef = useRef(onSelect)
  onSelectRef.current = onSelect
  const onOpenLinkRef = useRef(onOpenLink)
  onOpenLinkRef.current = onOpenLink

  useEffect(() => {
    const built = toDoc(doc.blocks)
    index.current = built.index
    const mine = session.getSnapshot().project.annotations.filter((a) => a.documentId === doc.id)
    const state = EditorState.create({
      doc: built.doc,
      plugins: [annotationsPlugin(() => index.current!, mine.map(toHighlight)), findPlugin()]
    })
    const v = new EditorView(host.current!, {
      state,
      editable: () => false,
      attributes: {
        class: 'fw-article',
        'aria-label': `Article: ${doc.title}`,
        role: 'document',
        lang: doc.lang ?? '',
        dir: doc.dir ?? 'auto'
      },
      handleClickOn(viewNow, pos, _node, _nodePos, event) {
        const link = (event.target as Element | null)?.closest?.('.fw-link')
        if (link && (event.ctrlKey || event.metaKey)) {
          const href = link.getAttribute('data-href')
          if (href) onOpenLinkRef.current(href)
          return true
        }
        if (!viewNow.dom.ownerDocument.getSelection()?.isCollapsed) return false
        const ids = highlightsAt(viewNow.state, pos)
        if (ids.length === 0) return false
        const current = annotationsKey.getState(viewNow.state)?.selected ?? null
        // Clicking again where annotations overlap cycles through them, innermost first.
        const next = current && ids.includes(current) && event.detail === 1 ? ids[(ids.indexOf(current) + 1) % ids.length]! : ids[0]!
        onSelectRef.current(next)
        return true
      }
    })
    view.current = v
    const stop = session.onApplied((changes: readonly Change[]) => {
      const add: Highlight[] = []
      const remove: string[] = []
      for (const c of changes) {
        if (c.op === 'addAnnotation' && c.annotation.documentId === doc.id) add.push(toHighlight(c.annotation))
        else if (c.op === 'removeAnnotation') remove.push(c.id)
        else if (c.op === 'updateAnnotation' && c.patch.kind) {
          const a = session.find(c.id)
          if (a && a.documentId === doc.id) add.push(toHighlight(a))
        }
      }
      const actions: AnnotationAction[] = []
      if (remove.length) actions.push({ type: 'remove', ids: remove })
      if (add.length) actions.push({ type: 'add', highlights: add })
      for (const action of actions) v.dispatch(v.state.tr.setMeta(annotationsKey, action))
    })
    return () => {
      stop()
      v.destroy()
      view.current = null
    }
  }, [doc, session])

  useEffect(() => {
    const v = view.current
    if (v) v.dispatch(v.state.tr.setMeta(annotationsKey, { type: 'select', id: selectedId } satisfies AnnotationAction))
  }, [selectedId])

  useImperativeHandle(ref, () => ({
    selectedRange() {
      const v = view.current
      const idx = index.current
      const selection = v?.dom.ownerDocument.getSelection()
      if (!v || !idx || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null
      const range = selection.getRangeAt(0)
      if (!v.dom.contains(range.startContainer) || !v.dom.contains(range.endContainer)) return null
      let start = idx.offsetAt(v.posAtDOM(range.startContainer, range.startOffset))
      let end = idx.offsetAt(v.posAtDOM(range.endContainer, range.endOffset))
      if (start > end) [start, end] = [end, start]
      while (start < end && /\s/.test(doc.text[start]!)) start++
      while (end > start && /\s/.test(doc.text[end - 1]!)) end--
      return start < end ? { start, end } : null
    },
    scrollTo(start) {
      const v = view.current
      const idx = index.current
      if (!v || !idx) return
      const { node } = v.domAtPos(idx.posAt(start))
      const element = node.nodeType === 1 ? (node as Element) : node.parentElement
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    },
    selectRange(start, end) {
      const v = view.current
      const idx = index.current
      if (!v || !idx) return
      const from = idx.posAt(start)
      const to = idx.posAt(end)
      v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, from, to)))
      const a = v.domAtPos(from)
      const b = v.domAtPos(to)
      const range = v.dom.ownerDocument.createRange()
      range.setStart(a.node, a.offset)
      range.setEnd(b.node, b.offset)
      const selection = v.dom.ownerDocument.getSelection()
      selection?.removeAllRanges()
      selection?.addRange(range)
      const element = a.node.nodeType === 1 ? (a.node as Element) : a.node.parentElement
      element?.scrollIntoView({ block: 'center' })
    },
    showMatch(range) {
      const v = view.current
      const idx = index.current
      if (!v || !idx) return
      const pos = range ? { from: idx.posAt(range.start), to: idx.posAt(range.end) } : null
      v.dispatch(v.state.tr.setMeta(findKey, pos))
      if (pos) {
        const { node } = v.domAtPos(pos.from)
        const element = node.nodeType === 1 ? (node as Element) : node.parentElement
        element?.scrollIntoView({ block: 'center' })
      }
    },
    clearSelection() {
      const v = view.current
      if (!v) return
      // Collapse the editor's own selection too, or its next redraw would restore the old one.
      v.dispatch(v.state.tr.setSelection(Selection.atStart(v.state.doc)))
      v.dom.ownerDocument.getSelection()?.removeAllRanges()
    }
  }))

  return <div ref={host} className="fw-article-host" />
})
