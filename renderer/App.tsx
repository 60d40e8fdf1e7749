import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Bridge, HostEvent, ImportOutcome, ProjectListing, ReadOnlyProject } from '../data/api'
import type { Project, ProjectSummary } from '../data/project'
import { connect } from './bridge'
import { ConflictsDialog } from './ConflictsDialog'
import { fileRequest, pasteRequest } from './files'
import { Progress, type Work } from './Progress'
import { ProjectList } from './ProjectList'
import { Workbench } from './Workbench'

interface Toast {
  readonly id: number
  readonly message: string
  readonly tone: 'info' | 'error'
  readonly action?: { readonly label: string; readonly run: () => void }
}

/** The project open in the window, kept in the address so a reload reopens it. */
function routeFromHash(): string | null {
  const match = /^#\/project\/([A-Za-z0-9_-]+)$/.exec(window.location.hash)
  return match ? match[1]! : null
}

let toastSeq = 0

export function App() {
  const bridge = useMemo(connect, [])
  const [host, setHost] = useState<'electron' | 'browser'>('browser')
  const [dataDir, setDataDir] = useState<string | null>(null)
  const [listing, setListing] = useState<ProjectListing | null>(null)
  const [openId, setOpenId] = useState<string | null>(routeFromHash)
  const [project, setProject] = useState<Project | null>(null)
  const [toasts, setToasts] = useState<Toast[]>([])
  const [busy, setBusy] = useState<Work | null>(null)
  // A bundle merged into a project both sides had changed: the items to choose between.
  const [conflicts, setConflicts] = useState<ImportOutcome | null>(null)
  // A damaged project shown without saving anything, outside the address-bar routing.
  const [readOnly, setReadOnly] = useState<ReadOnlyProject | null>(null)
  const readOnlyBridge = useMemo<Bridge>(() => {
    const refuse = async () => ({ ok: false as const, code: 'forbidden' as const, message: 'This project is open read-only: changes are not saved.' })
    return { ...bridge, saveChanges: refuse, addDocument: refuse, renameProject: refuse, deleteProject: refuse }
  }, [bridge])

  const notify = useCallback((message: string, tone: 'info' | 'error' = 'info', action?: Toast['action']) => {
    const id = ++toastSeq
    setToasts((t) => [...t.slice(-3), { id, message, tone, action }])
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), action ? 10_000 : tone === 'error' ? 12_000 : 5_000)
  }, [])

  const refresh = useCallback(async () => {
    const result = await bridge.listProjects({})
    if (result.ok) setListing(result.value)
    else notify(result.message, 'error')
  }, [bridge, notify])

  const open = useCallback((id: string | null) => {
    window.location.hash = id ? `#/project/${id}` : ''
    setOpenId(id)
  }, [])

  useEffect(() => {
    void bridge.hostInfo({}).then((r) => {
      if (!r.ok) return
      setHost(r.value.host)
      setDataDir(r.value.dataDir)
    })
    const onHash = () => setOpenId(routeFromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [bridge])

  useEffect(() => {
    if (!openId) {
      setProject(null)
      void refresh()
      return
    }
    let live = true
    void bridge.getProject({ id: openId }).then((result) => {
      if (!live) return
      if (result.ok) {
        setProject(result.value)
        document.title = `${result.value.title} — Factwork`
      } else {
        notify(result.message, 'error')
        open(null)
      }
    })
    return () => {
      live = false
      document.title = 'Factwork'
    }
  }, [openId, bridge, refresh, notify, open])

  /** Tell the person what an import said, and offer the choices a merge left open (the conflicts
   *  dialog lists them, so only the summary line is shown then). Returns whether choices wait. */
  const heard = useCallback(
    (outcome: ImportOutcome) => {
      const waiting = outcome.conflicts.length > 0
      for (const notice of waiting ? outcome.notices.slice(0, 1) : outcome.notices) notify(notice)
      if (waiting) setConflicts(outcome)
      return waiting
    },
    [notify]
  )

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      let last: string | null = null
      let imported = 0
      let waiting = false
      for (const [i, file] of files.entries()) {
        setBusy({ message: files.length > 1 ? `Importing ${file.name} (${i + 1} of ${files.length})…` : `Importing ${file.name}…`, done: i, total: files.length })
        const result = await bridge.createProject(await fileRequest(file))
        if (result.ok) {
          last = result.value.project.id
          imported++
          waiting = heard(result.value) || waiting
        } else notify(result.message, 'error')
      }
      setBusy(null)
      if (files.length > 1) notify(`Imported ${imported} of ${files.length} files.`, imported === files.length ? 'info' : 'error')
      // A merge that waits for choices opens its project once they are made.
      if (last && files.length === 1 && !waiting) open(last)
      else await refresh()
    },
    [bridge, notify, open, refresh, heard]
  )

  const chooseWithDialog = useCallback(async () => {
    const result = await bridge.importWithDialog({})
    if (!result.ok) {
      notify(result.message, 'error')
      return
    }
    for (const failure of result.value.failures) notify(failure, 'error')
    const imported = result.value.projects
    const waiting = imported.map(heard).some(Boolean)
    if (imported.length === 1 && !waiting) open(imported[0]!.project.id)
    else await refresh()
  }, [bridge, notify, open, refresh, heard])

  const paste = useCallback(
    async (text: string, title: string, html: string | null = null) => {
      const result = await bridge.createProject(pasteRequest(text, title, html))
      if (!result.ok) {
        notify(result.message, 'error')
        return false
      }
      open(result.value.project.id)
      return true
    },
    [bridge, notify, open]
  )

  const rename = useCallback(
    async (id: string, title: string) => {
      const result = await bridge.renameProject({ id, title })
      if (!result.ok) notify(result.message, 'error')
      await refresh()
    },
    [bridge, notify, refresh]
  )

  const remove = useCallback(
    async (p: ProjectSummary) => {
      const result = await bridge.deleteProject({ id: p.id })
      if (!result.ok) {
        notify(result.message, 'error')
        return
      }
      await refresh()
      notify(`Deleted “${p.title}”.`, 'info', {
        label: 'Undo',
        run: () =>
          void bridge.restoreProject({ id: p.id }).then(async (r) => {
            if (!r.ok) notify(r.message, 'error')
            await refresh()
          })
      })
    },
    [bridge, notify, refresh]
  )

  const listBackups = useCallback((id: string) => bridge.listBackups({ id }), [bridge])

  const restoreBackup = useCallback(
    async (id: string, generation: number) => {
      const result = await bridge.restoreBackup({ id, generation })
      if (result.ok) notify(`Restored “${result.value.project.title}” from backup generation ${result.value.generation}. The version it replaced is kept in the backups folder.`)
      else notify(result.message, 'error')
      await refresh()
    },
    [bridge, notify, refresh]
  )

  const openReadOnly = useCallback(
    async (id: string) => {
      const result = await bridge.openReadOnly({ id })
      if (result.ok) setReadOnly(result.value)
      else notify(result.message, 'error')
    },
    [bridge, notify]
  )

  // Files dropped anywhere on the window are imported; the page itself never navigates to them.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    }
    const drop = (e: DragEvent) => {
      e.preventDefault()
      const files = [...(e.dataTransfer?.files ?? [])]
      if (files.length) void importFiles(files)
    }
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [importFiles])

  // Pasting on the project list (outside a text field) makes a project of what was pasted.
  useEffect(() => {
    if (openId) return
    const onPaste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return
      const files = [...(e.clipboardData?.files ?? [])]
      const html = e.clipboardData?.getData('text/html') ?? ''
      const text = e.clipboardData?.getData('text/plain') ?? ''
      if (files.length) {
        e.preventDefault()
        void importFiles(files)
      } else if (text.trim() || html.trim()) {
        e.preventDefault()
        setBusy({ message: 'Importing the pasted article…' })
        void paste(text, '', html || null).finally(() => setBusy(null))
      }
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [openId, importFiles, paste])

  // The desktop menu's Import… command.
  useEffect(
    () =>
      bridge.onEvent((event: HostEvent) => {
        if (event.type === 'command' && event.command === 'import') void chooseWithDialog()
        else if (event.type === 'command' && event.command === 'export' && !openId) notify('Open a project to export it.')
        else if (event.type === 'open-project') open(event.id)
        else if (event.type === 'error') notify(event.message, 'error')
        else if (event.type === 'progress') setBusy(event.done < event.total ? { message: event.message, done: event.done, total: event.total } : null)
      }),
    [bridge, chooseWithDialog, open, notify, openId]
  )

  return (
    <div className="fw-app">
      {readOnly ? (
        <>
          <p className="fw-read-only" role="note">
            Read-only: {readOnly.problem ? `${readOnly.problem} ` : ''}Showing {readOnly.shown}. Nothing can be changed and nothing is saved; restore a backup from the
            project list to work on it.
          </p>
          <Workbench
            key={`read-only-${readOnly.project.id}`}
            bridge={readOnlyBridge}
            project={readOnly.project}
            host={host}
            onBack={() => {
              setReadOnly(null)
              void refresh()
            }}
            notify={notify}
            readOnly={readOnly.shown}
          />
        </>
      ) : project && openId === project.id ? (
        <Workbench key={project.id} bridge={bridge} project={project} host={host} onBack={() => open(null)} notify={notify} />
      ) : openId ? (
        <p className="fw-loading">Opening…</p>
      ) : (
        <ProjectList
          listing={listing}
          dataDir={dataDir}
          onOpen={open}
          onImportFiles={(files) => void importFiles(files)}
          onChooseFiles={host === 'electron' ? () => void chooseWithDialog() : null}
          onPaste={paste}
          onRename={(id, title) => void rename(id, title)}
          onDelete={(p) => void remove(p)}
          onListBackups={listBackups}
          onRestoreBackup={(id, generation) => void restoreBackup(id, generation)}
          onOpenReadOnly={(id) => void openReadOnly(id)}
        />
      )}
      {busy ? <Progress work={busy} /> : null}
      {conflicts ? (
        <ConflictsDialog
          title={conflicts.project.title}
          conflicts={conflicts.conflicts}
          onClose={() => {
            setConflicts(null)
            open(conflicts.project.id)
          }}
          onResolve={async (choices) => {
            const result = await bridge.resolveConflicts({ id: conflicts.project.id, conflicts: conflicts.conflicts, choices })
            if (!result.ok) return result.message
            notify(`Took their version of ${Object.values(choices).filter((c) => c === 'theirs').length} item(s) in “${result.value.title}”.`)
            return null
          }}
        />
      ) : null}
      <div className="fw-toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`fw-toast fw-toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
            <span>{t.message}</span>
            {t.action ? (
              <button
                type="button"
                onClick={() => {
                  t.action!.run()
                  setToasts((all) => all.filter((x) => x.id !== t.id))
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button type="button" aria-label="Dismiss" onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  )
}
