import { useRef, useState } from 'react'
import type { ProjectListing } from '../data/api'
import type { ProjectSummary } from '../data/project'

interface Props {
  readonly listing: ProjectListing | null
  readonly dataDir: string | null
  readonly onOpen: (id: string) => void
  readonly onImportFiles: (files: readonly File[]) => void
  readonly onChooseFiles: (() => void) | null
  readonly onPaste: (text: string, title: string, html: string | null) => Promise<boolean>
  readonly onRename: (id: string, title: string) => void
  readonly onDelete: (project: ProjectSummary) => void
}

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

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

/** The projects in the store: open, make new ones from files or pasted text, rename, delete. */
export function ProjectList({ listing, dataDir, onOpen, onImportFiles, onChooseFiles, onPaste, onRename, onDelete }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [renaming, setRenaming] = useState<string | null>(null)
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
          <p>They have been left untouched; the other projects work as usual.</p>
          <ul>
            {listing.problems.map((p) => (
              <li key={p.file}>{p.message}</li>
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
          <ul className="fw-project-list">
            {listing.projects.map((p) => (
              <li key={p.id}>
                {renaming === p.id ? (
                  <RenameForm
                    project={p}
                    onDone={(title) => {
                      setRenaming(null)
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
                      <button type="button" onClick={() => setRenaming(p.id)} aria-label={`Rename ${p.title}`}>
                        Rename
                      </button>
                      <button type="button" className="fw-danger" onClick={() => onDelete(p)} aria-label={`Delete ${p.title}`}>
                        Delete
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {dataDir ? <p className="fw-hint fw-data-dir">Projects are kept in {dataDir}</p> : null}
    </main>
  )
}
