import { EditorState, Selection, TextSelection, type Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react'
import type { Change } from '../data/changes'
import type { TextEdit } from '../data/edit'
import type { ArticleDocument } from '../data/project'
import { annotationsKey, annotationsPlugin, highlightsAt, type AnnotationAction, type Highlight } from './editor/annotations'
import { findKey, findPlugin } from './editor/find'
import { sectionView } from './editor/sectionView'
import { appendEdit, editTransaction, joinBackwardEdit, joinForwardEdit, pastedText, selectionEdit, splitEdit, stepEdit } from './editor/textEdits'
import type { TextIndex } from './editor/textIndex'
import { toDoc } from './editor/toDoc'
import { registerPendingEdit } from './pendingEdits'
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
  /** Hand the text edits typed so far to the session now, as one undoable edit (they are handed
   *  over on their own a moment after typing stops). Call before undo, redo or saving. */
  commitEdits(): void
  /** Put the keyboard focus in the article's text. */
  focus(): void
}

interface Props {
  readonly document: ArticleDocument
  readonly session: Session
  readonly selectedId: string | null
  readonly onSelect: (id: string | null) => void
  /** The person asked to open a link of the article (Ctrl+click or Cmd+click). */
  readonly onOpenLink: (url: string) => void
  /** Whether the text may be edited ("edit text" mode); otherwise the article is read-only. */
  readonly editing: boolean
  /** The person pressed Escape while editing the text. */
  readonly onStopEditing: () => void
  /** Something the person should know, such as an edit that cannot be made. */
  readonly onNotice: (message: string) => void
}

/** Wait after the last keystroke before handing typed text to the session, so a burst of typing
 *  is one delta and one undo step. */
const COMMIT_DELAY_MS = 500

/** Articles with more text blocks than this are drawn in a task of their own. */
const LARGE_DOCUMENT_BLOCKS = 1000

/** Marks the transactions that replay edits already in the session (undo, redo). */
const REPLAY = 'factwork-replay'

function toHighlight(a: { id: string; kind: Highlight['kind']; start: number; end: number }): Highlight {
  return { id: a.id, kind: a.kind, start: a.start, end: a.end }
}

/** Run `task` when the page is next idle, and within a tenth of a second at the latest. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 100 })
  else setTimeout(task, 0)
}

/** Whether the caret is within sight in every box that scrolls around it and in the window, so
 *  that ProseMirror would not scroll to it. Read once a frame is painted, when the layout it
 *  reads is already made. False when the browser cannot place the caret (its box is empty). */
function caretInView(v: EditorView): boolean {
  const selection = v.dom.ownerDocument.getSelection()
  if (!selection || selection.rangeCount === 0 || !v.dom.contains(selection.focusNode)) return false
  const caret = selection.getRangeAt(0).getBoundingClientRect()
  if (caret.top === 0 && caret.bottom === 0 && caret.left === 0 && caret.right === 0) return false
  const win = v.dom.ownerDocument.defaultView!
  if (caret.top < 0 || caret.bottom > win.innerHeight || caret.left < 0 || caret.right > win.innerWidth) return false
  const at = selection.focusNode!
  for (let box = at instanceof Element ? at : at.parentElement; box && box !== v.dom.ownerDocument.body; box = box.parentElement) {
    if (box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth) continue
    const edge = box.getBoundingClientRect()
    const top = edge.top + box.clientTop
    const left = edge.left + box.clientLeft
    if (caret.top < top || caret.bottom > top + box.clientHeight || caret.left < left || caret.right > left + box.clientWidth) return false
  }
  return true
}

/** The article in a ProseMirror view, with the annotations drawn as decorations. It is read-only
 *  unless `editing`: then typing, deleting, pasting plain text, Enter and Backspace edit the text,
 *  highlights follow, and the edits reach the session as plain-text deltas. */
export const ArticleView = forwardRef<ArticleHandle, Props>(function ArticleView(props, ref) {
  const { document: doc, session, selectedId, editing } = props
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const index = useRef<TextIndex | null>(null)
  const latest = useRef(props)
  latest.current = props
  // The text edits typed in the view and not yet handed to the session.
  const edits = useRef<{ commit: () => void; pending: () => boolean }>({ commit: () => undefined, pending: () => false })
  // Bumped to build the view again from the session's copy of the document.
  const [generation, setGeneration] = useState(0)
  // What was asked of the view before a long article was drawn, done once it is.
  const afterMount = useRef<(() => void)[]>([])
  const whenMounted = (task: () => void) => {
    if (view.current) task()
    else afterMount.current.push(task)
  }

  useEffect(() => {
    const documentId = doc.id
    const stored = session.getSnapshot().project.documents.find((d) => d.id === documentId) ?? latest.current.document
    const built = toDoc(stored.blocks)
    const idx = built.index
    index.current = idx
    const mine = session.getSnapshot().project.annotations.filter((a) => a.documentId === documentId)
    let pending: TextEdit[] = []
    let pushing = false
    const orphansOf = () => session.getSnapshot().project.orphans.filter((o) => o.documentId === documentId).map((o) => o.id)
    const knownOrphans = new Set(orphansOf())
    /** Stop drawing annotations that an edit just made orphans (their highlight had no text left). */
    const dropOrphaned = () => {
      const gone = orphansOf().filter((id) => !knownOrphans.has(id))
      for (const id of gone) knownOrphans.add(id)
      if (gone.length && view.current === v) v.dispatch(v.state.tr.setMeta(annotationsKey, { type: 'remove', ids: gone } satisfies AnnotationAction))
    }
    let timer: ReturnType<typeof setTimeout> | null = null
    let unregister: (() => void) | null = null

    /** Hand the pending edits to the session as one undoable change. */
    const commit = () => {
      if (timer) clearTimeout(timer)
      timer = null
      unregister?.()
      unregister = null
      if (pending.length === 0) return
      const batch = pending
      pending = []
      pushing = true
      const result = session.edit('Edit text', [{ op: 'editText', documentId, edits: batch }])
      pushing = false
      if (!result.ok) {
        latest.current.onNotice(result.message)
        setGeneration((g) => g + 1)
      }
    }
    edits.current = { commit, pending: () => pending.length > 0 }

    const apply = (v: EditorView, tr: Transaction, edit?: TextEdit) => {
      const next = v.state.apply(tr)
      if (tr.docChanged) idx.follow(tr)
      v.updateState(next)
      if (!edit) return
      pending = appendEdit(pending, edit)
      unregister ??= registerPendingEdit(commit, 'text')
      if (timer) clearTimeout(timer)
      timer = setTimeout(commit, COMMIT_DELAY_MS)
    }

    // Whether the caret is to be brought into view once the frame showing an edit is painted.
    let revealing = false
    /** Bring the caret into view once the frame showing an edit is painted and the page is idle,
     *  rather than measuring where it is while a key is handled: a key rarely moves it out of view,
     *  and the frame, and the next key, come sooner. Where it is in view already (nearly always),
     *  nothing more is done. The browser's first idle time comes after the frame that shows the
     *  key (it starts idle periods once a frame is committed), so no frame callback is needed. */
    const revealCaret = (v: EditorView) => {
      if (revealing) return
      revealing = true
      whenIdle(() => {
        revealing = false
        if (view.current === v && !v.isDestroyed && !caretInView(v)) v.dispatch(v.state.tr.scrollIntoView())
      })
    }

    /** Make an edit the person asked for, or say why it cannot be made. */
    const userEdit = (v: EditorView, edit: TextEdit | null): boolean => {
      if (!edit) return true
      const tr = editTransaction(v.state, idx, edit)
      if (typeof tr === 'string') latest.current.onNotice(tr)
      else {
        apply(v, tr, edit)
        revealCaret(v)
      }
      return true
    }

    const history = (direction: 'undo' | 'redo') => {
      commit()
      const done = direction === 'undo' ? session.undo() : session.redo()
      if (!done) latest.current.onNotice(direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.')
    }

    const state = EditorState.create({
      doc: built.doc,
      plugins: [annotationsPlugin(() => idx, mine.map(toHighlight)), findPlugin()]
    })
    // Drawing a long article is the costliest step of opening it: it gets a task of its own, so no
    // single task holds the page for long.
    let v!: EditorView
    let stop: () => void = () => undefined
    const mount = () => {
      v = new EditorView(host.current!, {
        state,
        nodeViews: { section: (node) => sectionView(node) },
        editable: () => latest.current.editing,
        attributes: () => ({
          class: latest.current.editing ? 'fw-article is-editing' : 'fw-article',
          'aria-label': latest.current.editing ? `Article text, editable: ${stored.title}` : `Article: ${stored.title}`,
          role: latest.current.editing ? 'textbox' : 'document',
          ...(latest.current.editing ? { 'aria-multiline': 'true' } : {}),
          lang: stored.lang ?? '',
          dir: stored.dir ?? 'auto',
          spellcheck: 'false'
        }),
        dispatchTransaction(tr) {
          if (!tr.docChanged || tr.getMeta(REPLAY)) {
            apply(v, tr)
            return
          }
          // A change the browser made to the text (typing, its own deletions, cut): redo it as the
          // edit it stands for, so the editor and the stored blocks agree. Anything else is refused
          // and the view shows the text as it was.
          if (!latest.current.editing) return
          const edit = tr.getMeta('uiEvent') === 'cut' ? selectionEdit(v.state, idx, '') : stepEdit(tr, idx)
          if (!edit) return
          const canonical = editTransaction(v.state, idx, edit)
          if (typeof canonical === 'string') {
            latest.current.onNotice(canonical)
            return
          }
          if (tr.selectionSet && canonical.doc.eq(tr.doc)) canonical.setSelection(Selection.fromJSON(canonical.doc, tr.selection.toJSON()))
          apply(v, canonical.scrollIntoView(), edit)
        },
        handleTextInput(viewNow, from, to, text) {
          if (!latest.current.editing) return true
          return userEdit(viewNow, { from: idx.offsetAt(from), to: idx.offsetAt(to), text })
        },
        handleKeyDown(viewNow, event) {
          if (!latest.current.editing) return false
          const mod = event.ctrlKey || event.metaKey
          const key = event.key.toLowerCase()
          const { state } = viewNow
          if (mod && (key === 'z' || key === 'y')) {
            history(key === 'y' || event.shiftKey ? 'redo' : 'undo')
            return true
          }
          // The browser's own bold, italic and underline would style the text behind the editor's back.
          if (mod && (key === 'b' || key === 'i' || key === 'u')) return true
          if (event.key === 'Escape') {
            latest.current.onStopEditing()
            return true
          }
          if (event.key === 'Enter' && !mod && !event.altKey) return userEdit(viewNow, splitEdit(state, idx))
          if (event.key === 'Backspace' || event.key === 'Delete') {
            if (!state.selection.empty) return userEdit(viewNow, selectionEdit(state, idx, ''))
            const at = state.selection.$from
            const atEdge = event.key === 'Backspace' ? at.parentOffset === 0 : at.parentOffset === at.parent.content.size
            // Within a block the browser says what to delete (a character as it knows one, a
            // word with Ctrl), and the editor deletes it on \`beforeinput\`.
            if (!atEdge) return false
            return userEdit(viewNow, event.key === 'Backspace' ? joinBackwardEdit(state, idx) : joinForwardEdit(state, idx))
          }
          return false
        },
        handlePaste(viewNow, event) {
          if (!latest.current.editing) return false
          const text = event.clipboardData?.getData('text/plain') ?? ''
          if (text) userEdit(viewNow, selectionEdit(viewNow.state, idx, pastedText(text, !!viewNow.state.selection.$from.parent.type.spec.code)))
          return true
        },
        handleDrop: () => latest.current.editing,
        handleDOMEvents: {
          beforeinput(viewNow, event) {
            const input = event as InputEvent
            const type = input.inputType
            if (!latest.current.editing) return false
            if (type === 'historyUndo' || type === 'historyRedo') {
              event.preventDefault()
              history(type === 'historyUndo' ? 'undo' : 'redo')
              return true
            }
            // Typed text and deletions are made here rather than by the browser: its own editing of
            // a page-long editable element costs tens of milliseconds a key, where the editor's
            // transaction costs one or two. What the browser would replace (a whole grapheme, a
            // word) comes with the event. Composition (IME) is left to the browser and the editor.
            if (viewNow.composing || !input.cancelable) return false
            const replacing = type === 'insertText' || type === 'insertReplacementText' || type.startsWith('delete')
            if (!replacing) return false
            const text = type.startsWith('delete') ? '' : (input.data ?? input.dataTransfer?.getData('text/plain') ?? '')
            const target = input.getTargetRanges()[0]
            let from = viewNow.state.selection.from
            let to = viewNow.state.selection.to
            if (target && viewNow.dom.contains(target.startContainer) && viewNow.dom.contains(target.endContainer)) {
              from = viewNow.posAtDOM(target.startContainer, target.startOffset)
              to = viewNow.posAtDOM(target.endContainer, target.endOffset)
            } else if (type.startsWith('delete')) {
              // Deleting with nothing to delete in view: let the keys of edit mode decide.
              return false
            }
            const $from = viewNow.state.doc.resolve(Math.min(from, to))
            const $to = viewNow.state.doc.resolve(Math.max(from, to))
            // Across blocks the edit-mode keys (Backspace, Delete) join them by the rules of the text.
            if (!$from.sameParent($to) && type.startsWith('delete')) return false
            event.preventDefault()
            userEdit(viewNow, { from: idx.offsetAt($from.pos), to: idx.offsetAt($to.pos), text })
            return true
          }
        },
        handleClickOn(viewNow, pos, _node, _nodePos, event) {
          const link = (event.target as Element | null)?.closest?.('.fw-link')
          if (link && (event.ctrlKey || event.metaKey)) {
            const href = link.getAttribute('data-href')
            if (href) latest.current.onOpenLink(href)
            return true
          }
          if (latest.current.editing) return false
          if (!viewNow.dom.ownerDocument.getSelection()?.isCollapsed) return false
          const ids = highlightsAt(viewNow.state, pos)
          if (ids.length === 0) return false
          const current = annotationsKey.getState(viewNow.state)?.selected ?? null
          // Clicking again where annotations overlap cycles through them, innermost first.
          const next = current && ids.includes(current) && event.detail === 1 ? ids[(ids.indexOf(current) + 1) % ids.length]! : ids[0]!
          latest.current.onSelect(next)
          return true
        }
      })
      view.current = v

      stop = session.onApplied((changes: readonly Change[]) => {
        const add: Highlight[] = []
        const remove: string[] = []
        // Annotations added anew are drawn nowhere yet, unless an edit orphaned them a moment ago.
        const fresh = !changes.some(
          (c) => c.op === 'editText' || (c.op === 'updateAnnotation' && c.patch.kind) || (c.op === 'addAnnotation' && knownOrphans.has(c.annotation.id))
        )
        for (const c of changes) {
          if (c.op === 'addAnnotation' && c.annotation.documentId === documentId) add.push(toHighlight(c.annotation))
          else if (c.op === 'removeAnnotation') remove.push(c.id)
          else if (c.op === 'updateAnnotation' && c.patch.kind) {
            const a = session.find(c.id)
            if (a && a.documentId === documentId) add.push(toHighlight(a))
          } else if (c.op === 'removeOrphan') {
            knownOrphans.delete(c.id)
          } else if (c.op === 'editText' && c.documentId === documentId && pushing) {
            queueMicrotask(dropOrphaned)
          } else if (c.op === 'editText' && c.documentId === documentId) {
            queueMicrotask(dropOrphaned)
            // An undo or redo of text edits: make them here too; the highlights move along.
            for (const edit of c.edits) {
              const tr = editTransaction(v.state, idx, edit)
              if (typeof tr === 'string') {
                setGeneration((g) => g + 1)
                return
              }
              apply(v, tr.setMeta(REPLAY, true))
            }
            for (const fix of c.fixes ?? []) {
              const a = session.find(fix.id)
              if (a) add.push(toHighlight(a))
            }
          }
        }
        const actions: AnnotationAction[] = []
        if (remove.length) actions.push({ type: 'remove', ids: remove })
        if (add.length) actions.push({ type: 'add', highlights: add, fresh })
        for (const action of actions) v.dispatch(v.state.tr.setMeta(annotationsKey, action))
      })
      for (const task of afterMount.current.splice(0)) task()
    }
    const mountTimer = idx.blockCount > LARGE_DOCUMENT_BLOCKS ? setTimeout(mount, 0) : null
    if (!mountTimer) mount()
    return () => {
      if (mountTimer) clearTimeout(mountTimer)
      if (!v) return
      commit()
      stop()
      v.destroy()
      view.current = null
      index.current = null
      edits.current = { commit: () => undefined, pending: () => false }
    }
    // The view is built once per document (not per version of it): edits made in it, or replayed
    // into it, keep it current.
  }, [doc.id, session, generation])

  useEffect(() => {
    const v = view.current
    if (!v) return
    // Where the annotation is, so the editor need not search every highlight for it. Offsets are
    // current unless typed text is still on its way to the session.
    const a = selectedId ? session.find(selectedId) : undefined
    const range = a && a.documentId === doc.id && !edits.current.pending() ? { start: a.start, end: a.end } : undefined
    v.dispatch(v.state.tr.setMeta(annotationsKey, { type: 'select', id: selectedId, range } satisfies AnnotationAction))
    // Only a new selection redraws.
  }, [selectedId])

  useEffect(() => {
    const v = view.current
    if (!v) return
    if (!editing) edits.current.commit()
    // Read `editable` and the attributes again.
    v.setProps({})
  }, [editing])

  useImperativeHandle(ref, () => {
    const handle: ArticleHandle = {
      selectedRange() {
        const v = view.current
        const idx = index.current
        const text = latest.current.document.text
        const selection = v?.dom.ownerDocument.getSelection()
        if (!v || !idx || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null
        const range = selection.getRangeAt(0)
        if (!v.dom.contains(range.startContainer) || !v.dom.contains(range.endContainer)) return null
        let start = idx.offsetAt(v.posAtDOM(range.startContainer, range.startOffset))
        let end = idx.offsetAt(v.posAtDOM(range.endContainer, range.endOffset))
        if (start > end) [start, end] = [end, start]
        while (start < end && /\s/.test(text[start]!)) start++
        while (end > start && /\s/.test(text[end - 1]!)) end--
        return start < end ? { start, end } : null
      },
      scrollTo(start) {
        if (!view.current) return whenMounted(() => handle.scrollTo(start))
        const v = view.current
        const idx = index.current
        if (!v || !idx) return
        const { node } = v.domAtPos(idx.posAt(start))
        const element = node.nodeType === 1 ? (node as Element) : node.parentElement
        element?.scrollIntoView({ block: 'center', behavior: 'smooth' })
      },
      selectRange(start, end) {
        if (!view.current) return whenMounted(() => handle.selectRange(start, end))
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
        if (!view.current) return whenMounted(() => handle.showMatch(range))
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
        // Collapse the editor's own selection too, or its next redraw would restore the old one;
        // the page's goes first, so the editor has no selection of the browser's to move.
        v.dom.ownerDocument.getSelection()?.removeAllRanges()
        v.dispatch(v.state.tr.setSelection(Selection.atStart(v.state.doc)))
      },
      commitEdits() {
        edits.current.commit()
      },
      focus() {
        whenMounted(() => view.current?.focus())
      }
    }
    return handle
  })

  return <div ref={host} className="fw-article-host" />
})
