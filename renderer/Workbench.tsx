import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { Bridge, ExportFormat, HostEvent } from '../data/api'
import { quoteAt, reanchor } from '../data/anchor'
import { removalChanges, type AnnotationPatch, type Change, type SourcePatch } from '../data/changes'
import { NO_FILTER, refilterAnnotations, type AnnotationFilter, type AnnotationSort, type FilteredAnnotations } from '../data/filter'
import { ANNOTATION_DEFAULTS, type Annotation, type Link, type Orphan, type Project, type ProjectSettings, type SourceRecord } from '../data/project'
import { describeImport, placeAnnotations } from '../data/import/placing'
import { parseAnnotationsText } from '../data/import/w3c'
import { findVerdict } from '../data/verdicts'
import type { AnnotationKind, Stance } from '../data/vocabulary'
import { AnnotationList } from './AnnotationList'
import { ArticleView, type ArticleHandle } from './ArticleView'
import { saveExport } from './download'
import { fileRequest, toBase64 } from './files'
import { FindPassage } from './FindPassage'
import { DocumentInfo } from './DocumentInfo'
import { DocumentsBar } from './DocumentsBar'
import { ExportDialog } from './ExportDialog'
import { EditModeBanner, EditTextToggle } from './EditMode'
import { Inspector, type InspectorActions } from './Inspector'
import { Legend } from './Legend'
import { OrphansPanel } from './OrphansPanel'
import { commitPendingEdits } from './pendingEdits'
import { LiveSaveStatus } from './LiveSaveStatus'
import { Session } from './session'
import { SettingsDialog } from './SettingsDialog'
import { SourcesPanel } from './SourcesPanel'
import { Summary } from './Summary'
import { Toolbar } from './Toolbar'
import { useSaveOnLeave } from './useSaveOnLeave'
import { inTextField, keyCommand } from './workbenchKeys'

interface Props {
  readonly bridge: Bridge
  readonly project: Project
  readonly host: 'electron' | 'browser'
  readonly onBack: () => void
  readonly notify: (message: string, tone?: 'info' | 'error') => void
  /** Set when a damaged project is shown read-only: which version is shown, as a phrase. Nothing
   *  can be changed then, and nothing is saved. */
  readonly readOnly?: string
}

const nowIso = () => new Date().toISOString()

/** One open project: its documents with their highlights, the inspector of the selected
 *  annotation, the filtered annotation list, the source library, the summary and the settings. */
export function Workbench({ bridge, project: opened, host, onBack, notify, readOnly }: Props) {
  const session = useMemo(() => new Session(bridge, opened), [bridge, opened])
  useEffect(() => () => void session.dispose(), [session])
  // Each part of the session read on its own, so that a save under way (which changes only the
  // save state) redraws the save status and not the whole workbench.
  const project = useSyncExternalStore(session.subscribe, () => session.getSnapshot().project)
  const canUndo = useSyncExternalStore(session.subscribe, () => session.getSnapshot().canUndo)
  const canRedo = useSyncExternalStore(session.subscribe, () => session.getSnapshot().canRedo)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [activeDocId, setActiveDocId] = useState(opened.documents[0]!.id)
  const [view, setView] = useState<'article' | 'summary'>('article')
  const [editing, setEditing] = useState(false)
  const [panel, setPanel] = useState<'annotations' | 'sources' | 'orphans'>('annotations')
  const [selectedSource, setSelectedSource] = useState<string | null>(null)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [infoOpen, setInfoOpen] = useState(false)
  const [exportOpen, setExportOpen] = useState(false)
  const [exportFormat, setExportFormat] = useState<ExportFormat>('html')
  const [filter, setFilter] = useState<AnnotationFilter>(NO_FILTER)
  const [sort, setSort] = useState<AnnotationSort>('position')
  const pendingScroll = useRef<string | null>(null)
  const article = useRef<ArticleHandle>(null)
  const findInput = useRef<HTMLInputElement>(null)

  const document = project.documents.find((d) => d.id === activeDocId) ?? project.documents[0]!
  const selected = selectedId ? (project.annotations.find((a) => a.id === selectedId) ?? null) : null

  const counts = useMemo(() => {
    const c: Record<AnnotationKind, number> = { claim: 0, source: 0, evidence: 0, note: 0 }
    for (const a of project.annotations) if (a.documentId === document.id) c[a.kind]++
    return c
  }, [project.annotations, document.id])

  // The list is kept across edits: a tag or an edit moves the few annotations it changed, rather
  // than sorting all of them again.
  const filtered = useRef<FilteredAnnotations | null>(null)
  const shown = useMemo(() => (filtered.current = refilterAnnotations(filtered.current, project, filter, sort)).shown, [project, filter, sort])

  /** Make an edit, or say why it could not be made. */
  const edit = useCallback(
    (label: string, changes: Change[]) => {
      if (readOnly !== undefined) {
        notify('This project is open read-only, so nothing can be changed. Restore it from a backup to work on it.', 'error')
        return false
      }
      const result = session.edit(label, changes)
      if (!result.ok) notify(result.message, 'error')
      return result.ok
    },
    [session, notify, readOnly]
  )

  const choose = useCallback(
    (id: string) => {
      const a = session.find(id)
      if (!a) return
      setSelectedId(id)
      setView('article')
      if (a.documentId !== activeDocId) {
        pendingScroll.current = id
        setActiveDocId(a.documentId)
      } else {
        article.current?.scrollTo(a.start)
      }
    },
    [session, activeDocId]
  )

  // After switching documents to reach an annotation, scroll to it once the view is built.
  useEffect(() => {
    const id = pendingScroll.current
    pendingScroll.current = null
    const a = id ? session.find(id) : undefined
    if (a && a.documentId === activeDocId) article.current?.scrollTo(a.start)
  }, [activeDocId, session])

  const tag = useCallback(
    (kind: AnnotationKind) => {
      if (view !== 'article') {
        notify('Switch back to the article to tag a passage.')
        return
      }
      if (editing) {
        notify('The text is open for editing: press Done (or Escape) first, then tag the passage.')
        return
      }
      const range = article.current?.selectedRange()
      if (!range) {
        notify('Select a passage in the article first, then tag it.')
        return
      }
      const now = nowIso()
      const quote = quoteAt(document.text, range.start, range.end)
      // A source passage that names a source of the library cites it at once.
      const known = kind === 'source' ? project.sources.find((s) => s.title.trim().toLowerCase() === quote.exact.trim().toLowerCase()) : undefined
      const annotation: Annotation = {
        ...ANNOTATION_DEFAULTS,
        tags: [],
        id: crypto.randomUUID(),
        documentId: document.id,
        kind,
        start: range.start,
        end: range.end,
        quote,
        sourceId: known?.id ?? null,
        createdAt: now,
        modifiedAt: now
      }
      if (!edit(`Tag as ${kind}`, [{ op: 'addAnnotation', annotation }])) return
      if (known) notify(`Cites “${known.title}” from the source library.`)
      article.current?.clearSelection()
      setSelectedId(annotation.id)
      setPanel('annotations')
    },
    [document, project.sources, edit, notify, view, editing]
  )

  const remove = useCallback(
    (id: string) => {
      if (edit('Delete annotation', removalChanges(session.getSnapshot().project, { annotationId: id }, nowIso()))) {
        setSelectedId((current) => (current === id ? null : current))
      }
    },
    [session, edit]
  )

  const newSource = (title: string): SourceRecord => {
    const now = nowIso()
    return {
      id: crypto.randomUUID(),
      title,
      url: '',
      publisher: '',
      author: '',
      date: '',
      accessed: '',
      origin: null,
      reliability: null,
      notes: '',
      attachment: null,
      createdAt: now,
      modifiedAt: now
    }
  }

  const patchSource = useCallback((id: string, patch: SourcePatch) => edit('Edit source', [{ op: 'updateSource', id, patch, modifiedAt: nowIso() }]), [edit])

  const attachToSource = useCallback(
    async (id: string, file: File) => {
      const content = toBase64(new Uint8Array(await file.arrayBuffer()))
      const result = await bridge.attachFile({ fileName: file.name, content })
      if (!result.ok) notify(result.message, 'error')
      else if (patchSource(id, { attachment: result.value })) notify(`Attached ${file.name} (SHA-256 ${result.value.sha256.slice(0, 12)}…).`)
    },
    [bridge, notify, patchSource]
  )

  const actions: InspectorActions = {
    patch: (id: string, patch: AnnotationPatch) => edit('Edit annotation', [{ op: 'updateAnnotation', id, patch, modifiedAt: nowIso() }]),
    createSource: (a: Annotation) => {
      const source = newSource(a.quote.exact.trim())
      if (edit('Create source', [{ op: 'addSource', source }, { op: 'updateAnnotation', id: a.id, patch: { sourceId: source.id }, modifiedAt: nowIso() }])) {
        notify(`Added “${source.title}” to the source library.`)
      }
    },
    patchSource,
    attachToSource: (id, file) => void attachToSource(id, file),
    addLink: (claimId: string, target: Link['target'], stance: Stance) => {
      const now = nowIso()
      edit('Link', [{ op: 'addLink', link: { id: crypto.randomUUID(), claimId, target, stance, note: '', createdAt: now, modifiedAt: now } }])
    },
    setStance: (linkId: string, stance: Stance) => edit('Change stance', [{ op: 'updateLink', id: linkId, patch: { stance }, modifiedAt: nowIso() }]),
    removeLink: (linkId: string) => edit('Remove link', [{ op: 'removeLink', id: linkId }]),
    jumpTo: choose,
    remove
  }

  /** Attach an orphaned annotation to the passage selected in the article, keeping its fields. */
  const placeOrphan = (orphan: Orphan) => {
    const range = view === 'article' ? article.current?.selectedRange() : null
    if (!range) {
      notify('Select the passage this annotation belongs to in the article, then press Place on selection.')
      return
    }
    const { reason: _reason, origin: _origin, ...fields } = orphan
    const annotation: Annotation = {
      ...fields,
      documentId: document.id,
      start: range.start,
      end: range.end,
      quote: quoteAt(document.text, range.start, range.end),
      modifiedAt: nowIso()
    }
    if (edit('Place annotation', [{ op: 'removeOrphan', id: orphan.id }, { op: 'addAnnotation', annotation }])) {
      article.current?.clearSelection()
      setSelectedId(annotation.id)
      if (session.getSnapshot().project.orphans.length === 0) setPanel('annotations')
    }
  }

  /** Select the passage of the current document that matches an orphan's quote, if any. */
  const findOrphan = (orphan: Orphan) => {
    setView('article')
    const found = reanchor(document.text, { start: orphan.start ?? 0, end: orphan.end ?? 0, quote: orphan.quote })
    if (!found) {
      notify(`“${orphan.quote.exact.slice(0, 60)}” is not in “${document.title}”. Select the passage by hand.`)
      return
    }
    article.current?.selectRange(found.start, found.end)
  }

  const saveSettings = (settings: ProjectSettings, renames: ReadonlyMap<string, string>) => {
    const now = nowIso()
    const changes: Change[] = [{ op: 'setSettings', settings }]
    for (const a of project.annotations) {
      if (a.kind !== 'claim' || a.verdict === null) continue
      const renamed = [...renames.entries()].find(([from]) => from.toLowerCase() === a.verdict!.trim().toLowerCase())
      if (renamed) changes.push({ op: 'updateAnnotation', id: a.id, patch: { verdict: renamed[1] }, modifiedAt: now })
    }
    if (edit('Change settings', changes)) {
      setSettingsOpen(false)
      notify('Settings saved.')
    }
  }

  // Counted only while the settings are open: nothing else shows it.
  const verdictUsage = useMemo(() => {
    const usage = new Map<string, number>()
    if (!settingsOpen) return usage
    for (const a of project.annotations) {
      if (a.kind !== 'claim' || a.verdict === null) continue
      const label = findVerdict(project.settings.verdictScale, a.verdict)?.label ?? a.verdict
      usage.set(label, (usage.get(label) ?? 0) + 1)
    }
    return usage
  }, [project, settingsOpen])

  const step = useCallback(
    (by: 1 | -1) => {
      if (shown.length === 0) return
      const at = shown.findIndex((a) => a.id === selectedId)
      const next = at < 0 ? (by === 1 ? 0 : shown.length - 1) : (at + by + shown.length) % shown.length
      choose(shown[next]!.id)
    },
    [shown, selectedId, choose]
  )

  const undo = useCallback(() => {
    article.current?.commitEdits()
    if (!session.undo()) notify('Nothing to undo.')
  }, [session, notify])
  const redo = useCallback(() => {
    article.current?.commitEdits()
    if (!session.redo()) notify('Nothing to redo.')
  }, [session, notify])

  /** Export once every edit is saved; resolves with what to show in the dialog (a failure or
   *  what the file lacks), or null when the dialog may close. */
  const runExport = useCallback(
    async (format: ExportFormat, documentId: string | undefined): Promise<readonly string[] | null> => {
      setExportFormat(format)
      commitPendingEdits()
      await session.flush()
      if (session.dirty) return ['Your latest changes are not saved yet, so the export would miss them. Factwork keeps trying to save; export again in a moment.']
      const file = await bridge.exportProject({ id: session.id, format, documentId })
      if (!file.ok) return [file.message]
      const saved = await saveExport(bridge, host, file.value)
      if (saved) notify(saved)
      return file.value.warnings.length ? file.value.warnings : null
    },
    [bridge, host, session, notify]
  )

  /** Place W3C Web Annotations (or Hypothesis JSON) from a file on this project: one undoable
   *  edit; what cannot be placed waits among the orphans. */
  const importAnnotations = async (file: File) => {
    const parsed = parseAnnotationsText(await file.text(), file.name)
    if (!parsed.ok) {
      notify(parsed.message, 'error')
      return
    }
    const current = session.getSnapshot().project
    const { changes, report } = placeAnnotations(current, parsed.value, {
      documentId: current.documents.length === 1 ? document.id : null,
      now: nowIso(),
      newId: () => crypto.randomUUID(),
      origin: file.name
    })
    if (changes.length === 0) {
      notify(describeImport(report, file.name))
      return
    }
    if (!edit(`Import annotations from ${file.name}`, changes)) return
    notify(`${describeImport(report, file.name)} Ctrl+Z undoes the import.`)
    if (report.orphaned.length) setPanel('orphans')
  }

  /** Open an article's link in the system browser: through the desktop app, or as a new tab of
   *  the browser host, never inside Factwork's own page. */
  const openLink = async (url: string) => {
    if (!/^https?:\/\//i.test(url)) {
      notify(`Factwork opens only http and https links, not ${url}.`, 'error')
      return
    }
    if (host === 'electron') {
      const result = await bridge.openLink({ url })
      if (!result.ok) notify(result.message, 'error')
    } else {
      window.open(url, '_blank', 'noopener,noreferrer')
    }
  }

  const addDocuments = async (files: readonly File[]) => {
    for (const file of files) {
      const result = await bridge.addDocument({ id: session.id, ...(await fileRequest(file)) })
      if (!result.ok) {
        notify(result.message, 'error')
        continue
      }
      session.documentsAdded(result.value.documents)
      const added = result.value.documents[result.value.documents.length - 1]!
      setActiveDocId(added.id)
      setView('article')
      notify(`Added “${added.title}” to this project.`)
    }
  }

  // Keyboard: the workbench's keys (workbenchKeys.ts), carried out here. Listened for again as
  // each change is committed, not after it is painted: a key that comes before then (Ctrl+E right
  // after closing the export dialog) is read with what the person already sees.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const context = { dialogOpen: settingsOpen || infoOpen || exportOpen, article: view === 'article', editing, readOnly: readOnly !== undefined, selectedId }
      const command = keyCommand(event, context)
      if (!command) return
      // Escape also closes what else listens for it.
      if (command.type !== 'stopEditing' && command.type !== 'deselect') event.preventDefault()
      switch (command.type) {
        case 'find':
          findInput.current?.focus()
          if (command.select) findInput.current?.select()
          return
        case 'export':
          return setExportOpen(true)
        case 'undo':
          return undo()
        case 'redo':
          return redo()
        case 'tag':
          return tag(command.kind)
        case 'step':
          return step(command.by)
        case 'toggleEditing':
          return setEditing((on) => !on)
        case 'remove':
          return remove(command.id)
        case 'stopEditing':
          return setEditing(false)
        case 'deselect':
          return setSelectedId(null)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [tag, undo, redo, remove, step, selectedId, settingsOpen, infoOpen, exportOpen, view, editing, readOnly])

  // Entering edit mode puts the cursor in the text.
  useEffect(() => {
    if (editing) article.current?.focus()
  }, [editing])

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
          setExportOpen(true)
        }
      }),
    [bridge, undo, redo]
  )

  useSaveOnLeave(session, host)

  const back = async () => {
    commitPendingEdits()
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
        {readOnly === undefined ? (
          <LiveSaveStatus session={session} />
        ) : (
          <span className="fw-read-only-badge" role="status" title={`Showing ${readOnly}`}>
            Read-only
          </span>
        )}
        <button type="button" aria-pressed={view === 'summary'} onClick={() => setView(view === 'summary' ? 'article' : 'summary')}>
          Summary
        </button>
        <button type="button" onClick={() => setSettingsOpen(true)}>
          Settings…
        </button>
        <button type="button" onClick={() => setExportOpen(true)} aria-keyshortcuts="Control+E" title="Export as a web page, PDF, Word, Markdown, W3C annotations, ClaimReview, CSV or a bundle (Ctrl+E)">
          Export…
        </button>
      </header>
      <DocumentsBar
        documents={project.documents}
        current={view === 'article' ? document.id : null}
        readOnly={readOnly !== undefined}
        onChoose={(id) => {
          setActiveDocId(id)
          setView('article')
        }}
        onInfo={() => setInfoOpen(true)}
        onAddDocuments={(files) => void addDocuments(files)}
        onImportAnnotations={(file) => void importAnnotations(file)}
      />
      <div className="fw-bar">
        <fieldset className="fw-inert" disabled={readOnly !== undefined}>
          <Toolbar onTag={tag} onUndo={undo} onRedo={redo} canUndo={canUndo} canRedo={canRedo} />
        </fieldset>
        {view === 'article' && readOnly === undefined ? <EditTextToggle editing={editing} onToggle={() => setEditing((on) => !on)} /> : null}
        {view === 'article' ? (
          <FindPassage
            ref={findInput}
            text={document.text}
            onMatch={(range) => article.current?.showMatch(range)}
            onAccept={(start, end) => article.current?.selectRange(start, end)}
          />
        ) : null}
        <Legend counts={counts} />
      </div>
      {editing && view === 'article' ? <EditModeBanner title={document.title} onDone={() => setEditing(false)} /> : null}
      <div className={`fw-panes${selected && panel === 'annotations' ? ' has-inspector' : ''}`}>
        <main className="fw-article-pane" aria-label={view === 'summary' ? 'Summary' : 'Article'}>
          {view === 'summary' ? (
            <Summary project={project} />
          ) : (
            <ArticleView
              key={document.id}
              ref={article}
              document={document}
              session={session}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onOpenLink={(url) => void openLink(url)}
              editing={editing}
              onStopEditing={() => setEditing(false)}
              onNotice={(message) => notify(message)}
            />
          )}
        </main>
        {/* The inspector's column stays when nothing is selected, so the article keeps its
            width: opening the inspector neither moves the text under the reader's eye nor lays
            out a long article again. */}
        {selected && panel === 'annotations' ? (
          <fieldset className="fw-inert" disabled={readOnly !== undefined}>
            <Inspector project={project} annotation={selected} actions={actions} />
          </fieldset>
        ) : (
          <div className="fw-inspector-empty">
            <p className="fw-empty">
              {panel === 'annotations'
                ? 'Choose a highlight or an annotation in the list to see and edit it here.'
                : 'Choose an annotation in the Annotations tab to see and edit it here.'}
            </p>
          </div>
        )}
        <div className="fw-side">
          <div className="fw-side-tabs" role="group" aria-label="Side panel">
            <button type="button" aria-pressed={panel === 'annotations'} onClick={() => setPanel('annotations')}>
              Annotations
            </button>
            <button type="button" aria-pressed={panel === 'sources'} onClick={() => setPanel('sources')}>
              Sources
            </button>
            {project.orphans.length || panel === 'orphans' ? (
              <button type="button" aria-pressed={panel === 'orphans'} onClick={() => setPanel('orphans')}>
                Orphans <span className="fw-count">{project.orphans.length}</span>
              </button>
            ) : null}
          </div>
          {panel === 'annotations' ? (
            <AnnotationList
              project={project}
              shown={shown}
              total={project.annotations.length}
              filter={filter}
              sort={sort}
              selectedId={selectedId}
              onFilter={setFilter}
              onSort={setSort}
              onChoose={choose}
              onStep={step}
            />
          ) : panel === 'orphans' ? (
            <OrphansPanel
              project={project}
              onPlace={placeOrphan}
              onFind={findOrphan}
              onDiscard={(o) => {
                if (edit('Discard orphan', [{ op: 'removeOrphan', id: o.id }])) notify('Discarded. Ctrl+Z brings it back.')
              }}
            />
          ) : (
            <SourcesPanel
              project={project}
              selectedId={selectedSource}
              onSelect={setSelectedSource}
              onAdd={() => {
                const source = newSource('New source')
                if (edit('Add source', [{ op: 'addSource', source }])) setSelectedSource(source.id)
              }}
              onPatch={(id, p) => patchSource(id, p)}
              onAttach={(id, f) => void attachToSource(id, f)}
              onRemove={(id) => {
                if (edit('Delete source', removalChanges(project, { sourceId: id }, nowIso()))) setSelectedSource(null)
              }}
            />
          )}
        </div>
      </div>
      {exportOpen ? (
        <ExportDialog
          documents={project.documents}
          current={document}
          host={host}
          initial={exportFormat}
          onExport={runExport}
          onClose={() => setExportOpen(false)}
        />
      ) : null}
      {infoOpen ? <DocumentInfo document={document} onClose={() => setInfoOpen(false)} /> : null}
      {settingsOpen ? <SettingsDialog settings={project.settings} usage={verdictUsage} onSave={saveSettings} onClose={() => setSettingsOpen(false)} /> : null}
    </div>
  )
}
