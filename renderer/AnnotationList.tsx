import { useEffect, useRef, useState } from 'react'
import type { Annotation } from '../data/project'
import { kindLabel } from '../data/vocabulary'

interface Props {
  readonly annotations: readonly Annotation[]
  readonly selectedId: string | null
  readonly onChoose: (id: string) => void
  readonly onDelete: (id: string) => void
  readonly onNote: (id: string, note: string) => void
}

/** A note field that saves when it loses focus or on Ctrl+Enter, so one edit is one undo step. */
function NoteField({ annotation, onNote }: { annotation: Annotation; onNote: (id: string, note: string) => void }) {
  const [draft, setDraft] = useState(annotation.note)
  useEffect(() => setDraft(annotation.note), [annotation.id, annotation.note])
  const commit = () => {
    if (draft !== annotation.note) onNote(annotation.id, draft)
  }
  return (
    <label className="fw-note-field">
      Note
      <textarea
        value={draft}
        rows={3}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit()
          if (e.key === 'Escape') setDraft(annotation.note)
        }}
      />
    </label>
  )
}

/** Every annotation of the document in reading order. Choosing one selects it and scrolls the
 *  article to its passage. */
export function AnnotationList({ annotations, selectedId, onChoose, onDelete, onNote }: Props) {
  const sorted = [...annotations].sort((a, b) => a.start - b.start || b.end - a.end)
  const selectedRef = useRef<HTMLLIElement>(null)
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' })
  }, [selectedId])
  return (
    <aside className="fw-annotations" aria-label="Annotations">
      <h2>
        Annotations <span className="fw-count">{annotations.length}</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="fw-empty">Select a passage in the article, then press Claim, Source, Evidence or Note (or C, S, E, N).</p>
      ) : (
        <ol className="fw-annotation-list">
          {sorted.map((a) => {
            const selected = a.id === selectedId
            return (
              <li key={a.id} ref={selected ? selectedRef : undefined} className={selected ? 'is-selected' : undefined}>
                <button
                  type="button"
                  className="fw-entry"
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onChoose(a.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Delete' || e.key === 'Backspace') {
                      e.preventDefault()
                      onDelete(a.id)
                    }
                  }}
                >
                  <span className={`fw-badge fw-badge-${a.kind}`}>{kindLabel(a.kind)}</span>
                  <span className="fw-quote">{a.quote.exact}</span>
                  {a.note && !selected ? <span className="fw-entry-note">{a.note}</span> : null}
                </button>
                {selected ? (
                  <div className="fw-entry-detail">
                    <NoteField annotation={a} onNote={onNote} />
                    <button type="button" className="fw-danger" onClick={() => onDelete(a.id)} aria-keyshortcuts="Delete">
                      Delete annotation
                    </button>
                  </div>
                ) : null}
              </li>
            )
          })}
        </ol>
      )}
    </aside>
  )
}
