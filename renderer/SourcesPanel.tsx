import type { SourcePatch } from '../data/changes'
import type { Project } from '../data/project'
import { SourceFields } from './SourceFields'

interface Props {
  readonly project: Project
  readonly selectedId: string | null
  readonly onSelect: (id: string | null) => void
  readonly onAdd: () => void
  readonly onPatch: (id: string, patch: SourcePatch) => void
  readonly onAttach: (id: string, file: File) => void
  readonly onRemove: (id: string) => void
}

/** The project's source library: every source, how reliable it is, and how often the documents
 *  cite it. */
export function SourcesPanel({ project, selectedId, onSelect, onAdd, onPatch, onAttach, onRemove }: Props) {
  const cites = (id: string) => project.annotations.filter((a) => a.sourceId === id).length
  const links = (id: string) => project.links.filter((l) => l.target.type === 'source' && l.target.id === id).length
  return (
    <aside className="fw-annotations fw-sources" aria-label="Source library">
      <div className="fw-list-head">
        <h2>
          Sources <span className="fw-count">{project.sources.length}</span>
        </h2>
        <button type="button" onClick={onAdd}>
          New source
        </button>
      </div>
      {project.sources.length === 0 ? (
        <p className="fw-empty">Tag a passage as a source to add it here, or add a source the article does not quote.</p>
      ) : (
        <ol className="fw-annotation-list">
          {project.sources.map((s) => {
            const selected = s.id === selectedId
            return (
              <li key={s.id} className={selected ? 'is-selected' : undefined}>
                <button type="button" className="fw-entry" aria-current={selected ? 'true' : undefined} onClick={() => onSelect(selected ? null : s.id)}>
                  <span className="fw-entry-badges">
                    <span className="fw-chip">{s.reliability ? `Reliability ${s.reliability}` : 'Not rated'}</span>
                    <span className="fw-muted">
                      cited {cites(s.id)}× · linked {links(s.id)}×
                    </span>
                  </span>
                  <span className="fw-quote">{s.title}</span>
                  {s.publisher ? <span className="fw-entry-note">{s.publisher}</span> : null}
                </button>
                {selected ? (
                  <div className="fw-entry-detail">
                    <SourceFields source={s} onPatch={(p) => onPatch(s.id, p)} onAttach={(f) => onAttach(s.id, f)} />
                    <button type="button" className="fw-danger" onClick={() => onRemove(s.id)}>
                      Delete source
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
