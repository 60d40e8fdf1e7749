import { useId, useState } from 'react'
import type { ConflictChoices, MergeConflict } from '../data/mergeReport'
import { useModal } from './useModal'

interface Props {
  /** The project the bundle was merged into. */
  readonly title: string
  readonly conflicts: readonly MergeConflict[]
  /** Apply the choices; resolves with an error sentence, or null when done. */
  readonly onResolve: (choices: ConflictChoices) => Promise<string | null>
  readonly onClose: () => void
}

const KIND_LABELS: Record<MergeConflict['kind'], string> = {
  document: 'Document',
  annotation: 'Annotation',
  source: 'Source',
  link: 'Link',
  tag: 'Tag',
  verdict: 'Verdict label',
  publication: 'Publication settings'
}

/** Field names as the inspector labels them. */
const FIELD_LABELS: Record<string, string> = {
  claimant: 'Claimant',
  claimDate: 'Claim date',
  claimType: 'Claim type',
  checkWorthiness: 'Check-worthiness',
  sourceId: 'Cited source',
  quote: 'Passage',
  start: 'Start',
  end: 'End',
  documentId: 'Document',
  organizationUrl: 'Organisation web address',
  reviewUrl: 'Fact-check web address',
  blocks: 'Text',
  text: 'Text',
  target: 'Linked to',
  claimId: 'Claim',
  value: 'Number',
  color: 'Colour'
}

/** A field's name for a person: the inspector's label, else the name with its first letter up. */
function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.charAt(0).toUpperCase() + field.slice(1).replace(/([a-z])([A-Z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`)
}

/** A field's value as a short line of text. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return value.length > 160 ? `${value.slice(0, 157)}…` : value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = JSON.stringify(value)
  return text.length > 160 ? `${text.slice(0, 157)}…` : text
}

function when(iso: string | null): string {
  if (!iso) return 'unknown time'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

/** The items a bundle changed that were also changed here. Each shows both versions, field by
 *  field; the person keeps theirs or takes the colleague's. Until they choose, their own version
 *  stays: nothing is overwritten silently. */
export function ConflictsDialog({ title, conflicts, onResolve, onClose }: Props) {
  const [choices, setChoices] = useState<ConflictChoices>({})
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = useId()
  const { close, dialogProps } = useModal(onClose, working)

  const all = (choice: 'mine' | 'theirs') => setChoices(Object.fromEntries(conflicts.map((c) => [c.key, choice])))
  const theirs = Object.values(choices).filter((c) => c === 'theirs').length

  const apply = async () => {
    if (theirs === 0) {
      close()
      return
    }
    setWorking(true)
    const problem = await onResolve(choices)
    setWorking(false)
    if (problem) setError(problem)
    else close()
  }

  return (
    <dialog {...dialogProps} className="fw-dialog fw-conflicts" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>
        {conflicts.length} {conflicts.length === 1 ? 'item was' : 'items were'} changed on both sides
      </h2>
      <p className="fw-muted">
        The bundle was merged into “{title}”. For each item below your version is kept unless you take theirs. Everything else from the bundle is already in.
      </p>
      <div className="fw-row">
        <button type="button" onClick={() => all('mine')} disabled={working}>
          Keep all mine
        </button>
        <button type="button" onClick={() => all('theirs')} disabled={working}>
          Take all theirs
        </button>
      </div>
      <ol className="fw-conflict-list">
        {conflicts.map((c) => {
          const choice = choices[c.key] ?? 'mine'
          const mine = c.mine as Record<string, unknown>
          const other = c.theirs as Record<string, unknown>
          return (
            <li key={c.key}>
              <fieldset disabled={working}>
                <legend>
                  <span className="fw-chip">{KIND_LABELS[c.kind]}</span> {c.description}
                </legend>
                <table className="fw-conflict-table">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Mine · {when(c.modifiedAt.mine)}</th>
                      <th scope="col">
                        Theirs ({c.origin}) · {when(c.modifiedAt.theirs)}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.fields
                      .filter((f) => f !== 'modifiedAt')
                      .map((f) => (
                        <tr key={f}>
                          <th scope="row">{fieldLabel(f)}</th>
                          <td>{shown(mine[f])}</td>
                          <td>{shown(other[f])}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
                <div className="fw-row" role="radiogroup" aria-label={`Version of ${c.description}`}>
                  <label>
                    <input type="radio" name={`${name}-${c.key}`} checked={choice === 'mine'} onChange={() => setChoices((all) => ({ ...all, [c.key]: 'mine' }))} /> Keep mine
                  </label>
                  <label>
                    <input type="radio" name={`${name}-${c.key}`} checked={choice === 'theirs'} onChange={() => setChoices((all) => ({ ...all, [c.key]: 'theirs' }))} /> Take theirs
                  </label>
                </div>
              </fieldset>
            </li>
          )
        })}
      </ol>
      {error ? (
        <p className="fw-warning" role="alert">
          {error}
        </p>
      ) : null}
      <div className="fw-row fw-dialog-buttons">
        <button type="button" className="fw-primary" disabled={working} onClick={() => void apply()}>
          {theirs ? `Take theirs for ${theirs} item${theirs === 1 ? '' : 's'}` : 'Keep my versions'}
        </button>
      </div>
    </dialog>
  )
}
