import { useEffect, useRef, useState } from 'react'
import type { Backup, ProjectListing, StoreProblem } from '../data/api'
import type { ProjectSummary } from '../data/project'
import type { Result } from '../data/result'
import { useListWindow } from './listWindow'

interface Props {
  readonly listing: ProjectListing | null
  readonly dataDir: string | null
  readonly onOpen: (id: string) => void
  readonly onImportFiles: (files: readonly File[]) => void
  readonly onChooseFiles: (() => void) | null
  readonly onPaste: (text: string, title: string, html: string | null) => Promise<boolean>
  readonly onRename: (id: string, title: string) => void
  readonly onDelete: (project: ProjectSummary) => void
  /** The kept generations of a damaged project, newest first. */
  readonly onListBackups: (id: string) => Promise<Result<{ backups: Backup[] }>>
  readonly onRestoreBackup: (id: string, generation: number) => void
  readonly onOpenReadOnly: (id: string) => void
}

/** One formatter for every date of the list: making one is what costs, not using it. */
let dates: Intl.DateTimeFormat | null = null

/** A moment as the person's locale writes it, with the date and the time of day. */
function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  dates ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return dates.format(d)
}

/** Height of a project's row not drawn yet, in pixels; rows are measured once drawn. */
const ESTIMATED_ROW_HEIGHT = 64

function RenameForm({ project, onDone }: { project: ProjectSummary; onDone: (title: string | null) => void }) {
  const [title, setTitle] = useState(project.title)
  return (
    <form
      className="fw-rename"
      onSubmit={(e) => {
        e.preventDefault()
        onDone(title.trim() ? title.trim() : null)
      }}
    >
      <label>
        New title
        <input
          autoFocus
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onDone(null)
          }}
        />
      </label>
      <button type="submit">Save</button>
      <button type="button" onClick={() => onDone(null)}>
        Cancel
      </button>
    </form>
  )
}

function PasteForm({ onPaste, onClose }: { onPaste: Props['onPaste']; onClose: () => void }) {
  const [text, setText] = useState('')
  const [title, setTitle] = useState('')
  // Rich text pasted from a browser or a word processor keeps its structure until edited by hand.
  const [html, setHtml] = useState<string | null>(null)
  return (
    <form
      className="fw-paste"
      aria-label="New project from pasted text"
      onSubmit={(e) => {
        e.preventDefault()
        void onPaste(text, title, html).then((done) => done && onClose())
      }}
    >
      <label>
        Title (optional; the first line is used otherwise)
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Article text
        <textarea
          autoFocus
          rows={10}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setHtml(null)
          }}
          onPaste={(e) => {
            const pastedHtml = e.clipboardData.getData('text/html')
            if (!pastedHtml) return
            e.preventDefault()
            setText(e.clipboardData.getData('text/plain'))
            setHtml(pastedHtml)
          }}
          placeholder="Paste the article here"
        />
      </label>
      {html ? <p className="fw-hint">Formatted text pasted: headings, lists, emphasis and links are kept; scripts and styles are removed.</p> : null}
      <div className="fw-row">
        <button type="submit" className="fw-primary" disabled={!text.trim()}>
          Create project
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** The kept generations of a project file, each with when it was saved and what it holds, and a
 *  button that puts one back. Loaded when shown. */
function BackupList({ id, file, onListBackups, onRestoreBackup }: { id: string; file: string } & Pick<Props, 'onListBackups' | 'onRestoreBackup'>) {
  const [backups, setBackups] = useState<Backup[] | string | null>(null)
  useEffect(() => {
    let live = true
    void onListBackups(id).then((r) => live && setBackups(r.ok ? r.value.backups : r.message))
    return () => {
      live = false
    }
  }, [id, onListBackups])
  if (backups === null) return <p>Looking for backups…</p>
  if (typeof backups === 'string') return <p>{backups}</p>
  if (backups.length === 0) return <p>There are no backups of {file} yet.</p>
  return (
    <ul className="fw-backups" aria-label={`Backups of ${file}`}>
      {backups.map((b) => (
        <li key={b.generation}>
          {b.problem === null ? (
            <button type="button" onClick={() => onRestoreBackup(id, b.generation)}>
              Restore the version saved {when(b.savedAt)}: “{b.title}”, {b.annotationCount} annotation{b.annotationCount === 1 ? '' : 's'}
            </button>
          ) : (
            <span>
              The version saved {when(b.savedAt)} cannot be read either: {b.problem}
            </span>
          )}
        </li>
      ))}
    </ul>
  )
}

/** A damaged project file: what is wrong, and what the person may do about it. Nothing happens to
 *  the file unless they pick a backup to restore. */
function ProblemRow({ problem, onListBackups, onRestoreBackup, onOpenReadOnly }: { problem: StoreProblem } & Pick<Props, 'onListBackups' | 'onRestoreBackup' | 'onOpenReadOnly'>) {
  const [showBackups, setShowBackups] = useState(false)
  const id = problem.projectId
  return (
    <li>
      <p className="fw-problem-message">{problem.message}</p>
      {id ? (
        <>
          <div className="fw-row">
            <button type="button" aria-expanded={showBackups} onClick={() => setShowBackups(!showBackups)}>
              Restore from backup…
            </button>
            <button type="button" onClick={() => onOpenReadOnly(id)}>
              Open read-only
            </button>
          </div>
          {showBackups ? <BackupList id={id} file={problem.file} onListBackups={onListBackups} onRestoreBackup={onRestoreBackup} /> : null}
        </>
      ) : null}
    </li>
  )
}

/** The rows of the project list. Only the rows in view are drawn, so a store of a thousand
 *  projects opens as fast as one of twenty; each row tells its place in the whole list, and
 *  scrolling draws the next ones (as does moving the keyboard focus down the list, which
 *  scrolls the focused button into view). */
function Projects({
  projects,
  renaming,
  backupsOf,
  onRenaming,
  onBackupsOf,
  onOpen,
  onRename,
  onDelete,
  onListBackups,
  onRestoreBackup
}: {
  projects: readonly ProjectSummary[]
  renaming: string | null
  backupsOf: string | null
  onRenaming: (id: string | null) => void
  onBackupsOf: (id: string | null) => void
} & Pick<Props, 'onOpen' | 'onRename' | 'onDelete' | 'onListBackups' | 'onRestoreBackup'>) {
  const list = useRef<HTMLUListElement>(null)
  const win = useListWindow(null, list, projects, ESTIMATED_ROW_HEIGHT)
  return (
    <ul className="fw-project-list" ref={list} style={{ paddingTop: win.before, paddingBottom: win.after }}>
      {projects.slice(win.first, win.last).map((p, k) => (
        <li key={p.id} ref={win.measure} data-id={p.id} aria-setsize={projects.length} aria-posinset={win.first + k + 1}>
          {renaming === p.id ? (
            <RenameForm
              project={p}
              onDone={(title) => {
                onRenaming(null)
                if (title && title !== p.title) onRename(p.id, title)
              }}
            />
          ) : (
            <>
              <button type="button" className="fw-project-open" onClick={() => onOpen(p.id)}>
                <span className="fw-project-title">{p.title}</span>
                <span className="fw-project-meta">
                  {p.annotationCount} annotation{p.annotationCount === 1 ? '' : 's'} · {p.documentCount} document
                  {p.documentCount === 1 ? '' : 's'} · updated {when(p.updatedAt)}
                </span>
              </button>
              <div className="fw-project-actions">
                <button type="button" onClick={() => onRenaming(p.id)} aria-label={`Rename ${p.title}`}>
                  Rename
                </button>
                <button type="button" aria-expanded={backupsOf === p.id} onClick={() => onBackupsOf(backupsOf === p.id ? null : p.id)} aria-label={`Backups of ${p.title}`}>
                  Backups…
                </button>
                <button type="button" className="fw-danger" onClick={() => onDelete(p)} aria-label={`Delete ${p.title}`}>
                  Delete
                </button>
              </div>
              {backupsOf === p.id ? <BackupList id={p.id} file={`projects/${p.id}.json`} onListBackups={onListBackups} onRestoreBackup={onRestoreBackup} /> : null}
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The projects in the store: open, make new ones from files or pasted text, rename, delete; and
 *  damaged project files, named, with their backups and a read-only view. */
export function ProjectList({ listing, dataDir, onOpen, onImportFiles, onChooseFiles, onPaste, onRename, onDelete, onListBackups, onRestoreBackup, onOpenReadOnly }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [renaming, setRenaming] = useState<string | null>(null)
  const [backupsOf, setBackupsOf] = useState<string | null>(null)
  const [pasting, setPasting] = useState(false)

  return (
    <main className="fw-projects" aria-label="Projects">
      <header className="fw-projects-header">
        <h1>Factwork</h1>
        <p className="fw-tagline">Mark claims, sources and evidence in an article, and keep the record.</p>
        <div className="fw-row">
          <button type="button" className="fw-primary" onClick={() => (onChooseFiles ? onChooseFiles() : input.current?.click())}>
            Import file…
          </button>
          <button type="button" onClick={() => setPasting(true)}>
            Paste text…
          </button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            accept=".html,.htm,.xhtml,.docx,.pdf,.md,.markdown,.txt,.text,text/html,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-label="Article files to import"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])]
              e.target.value = ''
              if (files.length) onImportFiles(files)
            }}
          />
        </div>
        <p className="fw-hint">Web pages (.html), Word files (.docx), PDFs, Markdown and text. You can also drop files on this window, or paste an article with Ctrl+V.</p>
      </header>
      {pasting ? <PasteForm onPaste={onPaste} onClose={() => setPasting(false)} /> : null}
      {listing?.problems.length ? (
        <section className="fw-problems" role="alert" aria-label="Unreadable project files">
          <h2>Some project files cannot be read</h2>
          <p>They have been left untouched; the other projects work as usual. Restoring a backup keeps the damaged file in the backups folder.</p>
          <ul>
            {listing.problems.map((p) => (
              <ProblemRow key={p.file} problem={p} onListBackups={onListBackups} onRestoreBackup={onRestoreBackup} onOpenReadOnly={onOpenReadOnly} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-label="Project list">
        <h2>Projects</h2>
        {!listing ? (
          <p>Loading…</p>
        ) : listing.projects.length === 0 ? (
          <p className="fw-empty">No projects yet. Import an article or paste one to start.</p>
        ) : (
          <Projects
            projects={listing.projects}
            renaming={renaming}
            backupsOf={backupsOf}
            onRenaming={setRenaming}
            onBackupsOf={setBackupsOf}
            onOpen={onOpen}
            onRename={onRename}
            onDelete={onDelete}
            onListBackups={onListBackups}
            onRestoreBackup={onRestoreBackup}
          />
        )}
      </section>
      {dataDir ? <p className="fw-hint fw-data-dir">Projects are kept in {dataDir}</p> : null}
    </main>
  )
}
