import { useRef } from 'react'
import type { ArticleDocument } from '../data/project'

/** The documents of a project as tabs, with Document info and, unless the project is open
 *  read-only, adding documents and importing annotations from files. */
export function DocumentsBar({
  documents,
  current,
  readOnly,
  onChoose,
  onInfo,
  onAddDocuments,
  onImportAnnotations
}: {
  readonly documents: readonly ArticleDocument[]
  /** The document shown, or null when none is (the summary is). */
  readonly current: string | null
  readonly readOnly: boolean
  onChoose(id: string): void
  onInfo(): void
  onAddDocuments(files: readonly File[]): void
  onImportAnnotations(file: File): void
}) {
  const addDocInput = useRef<HTMLInputElement>(null)
  const annotationsInput = useRef<HTMLInputElement>(null)
  return (
    <nav className="fw-docs" aria-label="Documents">
      <ul role="list">
        {documents.map((d) => (
          <li key={d.id}>
            <button type="button" aria-current={d.id === current ? 'page' : undefined} onClick={() => onChoose(d.id)}>
              {d.title}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onInfo}>
        Document info
      </button>
      {readOnly ? null : (
        <>
          <button type="button" onClick={() => addDocInput.current?.click()}>
            Add document…
          </button>
          <button type="button" onClick={() => annotationsInput.current?.click()} title="Place W3C Web Annotations or Hypothesis annotations from a JSON file">
            Import annotations…
          </button>
        </>
      )}
      <input
        ref={annotationsInput}
        type="file"
        hidden
        accept=".json,.jsonld,application/json,application/ld+json"
        aria-label="Annotations to import (W3C Web Annotation or Hypothesis JSON)"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) onImportAnnotations(file)
        }}
      />
      <input
        ref={addDocInput}
        type="file"
        multiple
        hidden
        accept=".html,.htm,.xhtml,.docx,.pdf,.md,.markdown,.txt,.text,text/html,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        aria-label="Documents to add to this project"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          e.target.value = ''
          if (files.length) onAddDocuments(files)
        }}
      />
    </nav>
  )
}
