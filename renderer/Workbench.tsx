import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { Bridge, HostEvent } from '../data/api'
import { quoteAt } from '../data/anchor'
import type { Annotation, Project } from '../data/project'
import { KINDS, type AnnotationKind } from '../data/vocabulary'
import { AnnotationList } from './AnnotationList'
import { ArticleView, type ArticleHandle } from './ArticleView'
import { Legend } from './Legend'
import { SaveStatus } from './SaveStatus'
import { Session } from './session'
import { Toolbar } from './Toolbar'
import { saveExport } from './download'

interface Props {
  readonly bridge: Bridge
  readonly project: Project
  readonly host: 'electron' | 'browser'
  readonly onBack: () => void
  readonly notify: (message: string, tone?: 'info' | 'error') => void
}

/** Whether a key press belongs to a text field rather than to the workbench. */
function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

/** One open project: the article with its highlights, the toolbar, the annotation list. */
export function Workbench({ bridge, project, host, onBack, notify }: Props) {
  const session = useMemo(() => new Session(bridge, project), [bridge, project])
  useEffect(() => () => void session.dispose(), [session])
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const article = useRef<ArticleHandle>(null)
  const document = project.documents[0]!

  const annotations = useMemo(() => snapshot.annotations.filter((a) => a.documentId === document.id), [snapshot.annotations, document.id])
  const counts = useMemo(() => {
    const c: Record<AnnotationKind, number> = { claim: 0, source: 0, evidence: 0, note: 0 }
    for (const a of annotations) c[a.kind]++
    return c
  }, [annotations])

  const tag = useCallback(
    (kind: AnnotationKind) => {
      const range = article.current?.selectedRange()
      if (!range) {
        notify('Select a passage in the article first, then tag it.')
        return
      }
      const now = new Date().toISOString()
      const annotation: Annotation = {
        id: crypto.randomUUID(),
        documentId: document.id,
        kind,
        start: range.start,
        end: range.end,
        quote: quoteAt(document.text, range.start, range.end),
        note: '',
        createdAt: now,
        modifiedAt: now
      }
      session.edit(`Tag as ${kind}`, [{ op: 'add', annotation }])
      article.current?.clearSelection()
      setSelectedId(annotation.id)
    },
    [document, session, notify]
  )

  const remove = useCallback(
    (id: string) => {
      session.edit('Delete annotation', [{ op: 'remove', id }])
      setSelectedId((current) => (current === id ? null : current))
    },
    [session]
  )

  const editNote = useCallback(
    (id: string, note: string) => session.edit('Edit note', [{ op: 'update', id, patch: { note }, modifiedAt: new Date().toISOString() }]),
    [session]
  )

  const choose = useCallback(
    (id: string) => {
      setSelectedId(id)
      const a = session.find(id)
      if (a) article.current?.scrollTo(a.start)
    },
    [session]
  )

  const undo = useCallback(() => {
    if (!session.undo()) notify('Nothing to undo.')
  }, [session, notify])
  const redo = useCallback(() => {
    if (!session.redo()) notify('Nothing to redo.')
  }, [session, notify])

  const exportText = useCallback(async () => {
    await session.flush()
    const file = await bridge.exportProject({ id: project.id, format: 'text' })
    if (!file.ok) {
      notify(file.message, 'error')
      return
    }
    const saved = await saveExport(bridge, host, file.value)
    if (saved) notify(saved)
  }, [bridge, host, project.id, session, notify])

  // Keyboard: one key per kind, undo and redo, delete and deselect.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return
      const mod = event.ctrlKey || event.metaKey
      if (inTextField(event.target)) return
      const key = event.key.toLowerCase()
      if (mod && key === 'z') {
        event.preventDefault()
        if (event.shiftKey) redo()
        else undo()
        return
      }
      if (mod && key === 'y') {
        event.preventDefault()
        redo()
        return
      }
      if (mod || event.altKey) return
      const kind = KINDS.find((k) => k.key === key)
      if (kind) {
        event.preventDefault()
        tag(kind.kind)
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId) {
        event.preventDefault()
        remove(selectedId)
      } else if (event.key === 'Escape') {
        setSelectedId(null)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [tag, undo, redo, remove, selectedId])

  // Menu commands from the desktop app.
  useEffect(
    () =>
      bridge.onEvent((event: HostEvent) => {
        if (event.type !== 'command') return
        const field = inTextField(window.document.activeElement)
        if (event.command === 'undo') {
          if (field) window.document.execCommand('undo')
          else undo()
        } else if (event.command === 'redo') {
          if (field) window.document.execCommand('redo')
          else redo()
        } else if (event.command === 'export') {
          void exportText()
        }
      }),
    [bridge, undo, redo, exportText]
  )

  // Never close the window on unsaved work: save first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!session.dirty) return
      // Hold the window until the save lands. The desktop app then closes it; a browser asks.
      event.preventDefault()
      void session.flush().then(() => {
        if (host === 'electron' && !session.dirty) window.close()
      })
    }
    const onHide = () => {
      if (window.document.visibilityState === 'hidden') void session.flush()
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    window.document.addEventListener('visibilitychange', onHide)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      window.document.removeEventListener('visibilitychange', onHide)
    }
  }, [session, host])

  const back = async () => {
    await session.flush()
    if (session.dirty) {
      notify('Your latest changes are not saved yet, so the project stays open. Factwork keeps trying.', 'error')
      return
    }
    onBack()
  }

  return (
    <div className="fw-workbench">
      <header className="fw-header">
        <button type="button" className="fw-back" onClick={() => void back()}>
          ← Projects
        </button>
        <h1 className="fw-title">{project.title}</h1>
        <SaveStatus state={snapshot.save} />
        <button type="button" onClick={() => void exportText()} title="Export the article as plain text (Ctrl+E in the desktop app)">
          Export text…
        </button>
      </header>
      <div className="fw-bar">
        <Toolbar onTag={tag} onUndo={undo} onRedo={redo} canUndo={snapshot.canUndo} canRedo={snapshot.canRedo} />
        <Legend counts={counts} />
      </div>
      <div className="fw-panes">
        <main className="fw-article-pane" aria-label="Article">
          <ArticleView ref={article} document={document} session={session} selectedId={selectedId} onSelect={setSelectedId} />
        </main>
        <AnnotationList annotations={annotations} selectedId={selectedId} onChoose={choose} onDelete={remove} onNote={editNote} />
      </div>
    </div>
  )
}
