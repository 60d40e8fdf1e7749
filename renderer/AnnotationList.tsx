import { memo, useEffect, useId, useMemo, useRef } from 'react'
import { NO_VERDICT, type AnnotationFilter, type AnnotationSort } from '../data/filter'
import type { Annotation, Project } from '../data/project'
import { findVerdict } from '../data/verdicts'
import { CLAIM_STATUSES, KINDS, kindLabel, termLabel, type AnnotationKind, type ClaimStatus } from '../data/vocabulary'
import { useListWindow } from './listWindow'

interface Props {
  readonly project: Project
  /** The annotations that pass the filter, in the chosen order. */
  readonly shown: readonly Annotation[]
  /** How many annotations there are before filtering. */
  readonly total: number
  readonly filter: AnnotationFilter
  readonly sort: AnnotationSort
  readonly selectedId: string | null
  readonly onFilter: (filter: AnnotationFilter) => void
  readonly onSort: (sort: AnnotationSort) => void
  readonly onChoose: (id: string) => void
  readonly onStep: (step: 1 | -1) => void
}

function Filters({ project, filter, sort, onFilter, onSort }: Pick<Props, 'project' | 'filter' | 'sort' | 'onFilter' | 'onSort'>) {
  const ids = { kind: useId(), status: useId(), verdict: useId(), tag: useId(), text: useId(), sort: useId() }
  const set = (patch: Partial<AnnotationFilter>) => onFilter({ ...filter, ...patch })
  return (
    <div className="fw-filters" role="search" aria-label="Filter annotations">
      <div className="fw-field fw-field-wide">
        <label htmlFor={ids.text}>Search</label>
        <input id={ids.text} type="search" value={filter.text} placeholder="Quote, note, claimant, ruling…" onChange={(e) => set({ text: e.target.value })} />
      </div>
      <div className="fw-field">
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} value={filter.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || null) as AnnotationKind | null })}>
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div className="fw-field">
        <label htmlFor={ids.status}>Status</label>
        <select id={ids.status} value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || null) as ClaimStatus | null })}>
          <option value="">Any status</option>
          {CLAIM_STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="fw-field">
        <label htmlFor={ids.verdict}>Verdict</label>
        <select id={ids.verdict} value={filter.verdict ?? ''} onChange={(e) => set({ verdict: e.target.value || null })}>
          <option value="">Any verdict</option>
          {project.settings.verdictScale.labels.map((l) => (
            <option key={l.label} value={l.label}>
              {l.label}
            </option>
          ))}
          <option value={NO_VERDICT}>No verdict yet</option>
        </select>
      </div>
      {project.settings.tags.length ? (
        <div className="fw-field">
          <label htmlFor={ids.tag}>Tag</label>
          <select id={ids.tag} value={filter.tag ?? ''} onChange={(e) => set({ tag: e.target.value || null })}>
            <option value="">Any tag</option>
            {project.settings.tags.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="fw-field">
        <label htmlFor={ids.sort}>Sort by</label>
        <select id={ids.sort} value={sort} onChange={(e) => onSort(e.target.value as AnnotationSort)}>
          <option value="position">Position</option>
          <option value="status">Status</option>
        </select>
      </div>
    </div>
  )
}

/** Height of an entry not drawn yet, in pixels; entries are measured once drawn. */
const ESTIMATED_HEIGHT = 86

/** The annotations of the project, filtered and sorted. Choosing one selects it and scrolls the
 *  article to its passage. Only the entries in view are drawn, so a list of ten thousand costs
 *  what a list of forty does; each entry still tells its place in the whole list. It is drawn
 *  again only when its props change. */
export const AnnotationList = memo(function AnnotationList({ project, shown, total, filter, sort, selectedId, onFilter, onSort, onChoose, onStep }: Props) {
  const scroller = useRef<HTMLElement>(null)
  const listRef = useRef<HTMLOListElement>(null)
  const win = useListWindow(scroller, listRef, shown, ESTIMATED_HEIGHT)

  // Keep the selected entry in view, drawing it first if it is scrolled away.
  useEffect(() => {
    const el = scroller.current
    const at = selectedId ? shown.findIndex((a) => a.id === selectedId) : -1
    if (!el || at < 0) return
    const top = (listRef.current?.offsetTop ?? 0) + win.offsetOf(at)
    const bottom = top + win.heightOf(at)
    if (top < el.scrollTop) el.scrollTop = top
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight
    // Only a new selection scrolls; measuring entries must not pull the list back.
  }, [selectedId])

  const scale = project.settings.verdictScale
  const multi = project.documents.length > 1
  const titles = useMemo(() => new Map(project.documents.map((d) => [d.id, d.title])), [project.documents])
  return (
    <aside className="fw-annotations" aria-label="Annotations" ref={scroller}>
      <div className="fw-list-head">
        <h2>
          Annotations <span className="fw-count">{total}</span>
        </h2>
        <div className="fw-row">
          <button type="button" onClick={() => onStep(-1)} aria-keyshortcuts="K" title="Previous annotation (K)" disabled={shown.length === 0}>
            ↑ Previous
          </button>
          <button type="button" onClick={() => onStep(1)} aria-keyshortcuts="J" title="Next annotation (J)" disabled={shown.length === 0}>
            ↓ Next
          </button>
        </div>
      </div>
      <Filters project={project} filter={filter} sort={sort} onFilter={onFilter} onSort={onSort} />
      <p className="fw-muted fw-list-count" role="status">
        {total === 0 ? 'No annotations yet.' : shown.length === total ? `${total} annotation${total === 1 ? '' : 's'}` : `Showing ${shown.length} of ${total}`}
      </p>
      {total === 0 ? (
        <p className="fw-empty">Select a passage in the article, then press Claim, Source, Evidence or Note (or C, S, E, N).</p>
      ) : (
        <ol className="fw-annotation-list" ref={listRef} style={{ paddingTop: win.before, paddingBottom: win.after }}>
          {shown.slice(win.first, win.last).map((a, k) => {
            const selected = a.id === selectedId
            const verdict = a.kind === 'claim' && a.verdict ? (findVerdict(scale, a.verdict) ?? { label: a.verdict, color: '#6b7280' }) : null
            return (
              <li
                key={a.id}
                ref={win.measure}
                data-id={a.id}
                className={selected ? 'is-selected' : undefined}
                aria-setsize={shown.length}
                aria-posinset={win.first + k + 1}
              >
                <button type="button" className="fw-entry" aria-current={selected ? 'true' : undefined} onClick={() => onChoose(a.id)}>
                  <span className="fw-entry-badges">
                    <span className={`fw-badge fw-badge-${a.kind}`}>{kindLabel(a.kind)}</span>
                    {a.kind === 'claim' ? <span className="fw-chip">{termLabel(CLAIM_STATUSES, a.status)}</span> : null}
                    {verdict ? (
                      <span className="fw-chip fw-verdict" style={{ borderColor: verdict.color, color: verdict.color }}>
                        {verdict.label}
                      </span>
                    ) : null}
                    {multi ? <span className="fw-muted fw-doc-name">{titles.get(a.documentId)}</span> : null}
                  </span>
                  <span className="fw-quote">{a.quote.exact}</span>
                  {a.claimant ? <span className="fw-entry-note">Claimant: {a.claimant}</span> : null}
                  {a.note ? <span className="fw-entry-note">{a.note}</span> : null}
                </button>
              </li>
            )
          })}
        </ol>
      )}
      {total > 0 && shown.length === 0 ? <p className="fw-empty">No annotation matches these filters.</p> : null}
    </aside>
  )
})
