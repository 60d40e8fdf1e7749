import type { Orphan, Project } from '../data/project'
import { kindLabel } from '../data/vocabulary'

interface Props {
  readonly project: Project
  readonly onPlace: (orphan: Orphan) => void
  readonly onFind: (orphan: Orphan) => void
  readonly onDiscard: (orphan: Orphan) => void
}

/** Annotations that could not be placed in their document (an import whose quotes are not in the
 *  text, say). Each waits here, with every field it came with, until the person places it on a
 *  passage or discards it; both are undoable. */
export function OrphansPanel({ project, onPlace, onFind, onDiscard }: Props) {
  // Buttons keep the article's selection by not taking focus on mouse down.
  const keep = (event: React.MouseEvent) => event.preventDefault()
  const titles = new Map(project.documents.map((d) => [d.id, d.title]))
  return (
    <aside className="fw-annotations fw-orphans" aria-label="Orphaned annotations">
      <div className="fw-list-head">
        <h2>
          Orphans <span className="fw-count">{project.orphans.length}</span>
        </h2>
      </div>
      <p className="fw-hint">
        These annotations could not be placed. Select the passage they belong to in the article and press <strong>Place on selection</strong>, or discard them.
      </p>
      {project.orphans.length === 0 ? (
        <p className="fw-empty">No orphaned annotations.</p>
      ) : (
        <ol className="fw-annotation-list">
          {project.orphans.map((o) => (
            <li key={o.id}>
              <div className="fw-entry fw-orphan">
                <span className="fw-entry-badges">
                  <span className={`fw-chip fw-chip-${o.kind}`}>{kindLabel(o.kind)}</span>
                  {o.verdict ? <span className="fw-chip">{o.verdict}</span> : null}
                  {project.documents.length > 1 ? <span className="fw-muted">{titles.get(o.documentId) ?? 'A document not in this project'}</span> : null}
                </span>
                <span className="fw-quote">“{o.quote.exact}”</span>
                {o.note ? <span className="fw-entry-note">{o.note}</span> : null}
                <span className="fw-entry-note fw-muted">
                  {o.reason} {o.origin ? `(from ${o.origin})` : ''}
                </span>
                <span className="fw-row">
                  <button type="button" onMouseDown={keep} onClick={() => onFind(o)} title="Select the closest passage to this quote in the article">
                    Find
                  </button>
                  <button type="button" onMouseDown={keep} onClick={() => onPlace(o)} title="Attach this annotation to the passage selected in the article">
                    Place on selection
                  </button>
                  <button type="button" className="fw-danger" onClick={() => onDiscard(o)}>
                    Discard
                  </button>
                </span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  )
}
