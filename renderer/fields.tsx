import { useEffect, useId, useRef, useState } from 'react'
import { registerPendingEdit } from './pendingEdits'

/** A labelled text field that commits its value when it loses focus or on Enter (Ctrl+Enter in a
 *  multi-line field), so that one edit is one undo step. Escape puts the saved value back. */
export function TextField(props: {
  readonly label: string
  readonly value: string
  readonly onCommit: (value: string) => void
  readonly multiline?: boolean
  readonly type?: 'text' | 'date' | 'url'
  readonly placeholder?: string
}) {
  const { label, value, onCommit, multiline, type = 'text', placeholder } = props
  const id = useId()
  const [draft, setDraft] = useState(value)
  useEffect(() => setDraft(value), [value])
  const commit = () => {
    if (draft !== value) onCommit(draft)
  }
  // While the field holds an uncommitted value, a reload or close commits it first.
  const latest = useRef(commit)
  latest.current = commit
  const dirty = draft !== value
  useEffect(() => (dirty ? registerPendingEdit(() => latest.current()) : undefined), [dirty])
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      setDraft(value)
      e.stopPropagation()
    } else if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      commit()
    }
  }
  return (
    <div className="fw-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} rows={3} value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      ) : (
        <input id={id} type={type} value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      )}
    </div>
  )
}

/** A labelled choice from a closed list. `empty` names the choice of nothing, when allowed. */
export function SelectField<V extends string>(props: {
  readonly label: string
  readonly value: V | null
  readonly options: readonly { readonly value: V; readonly label: string }[]
  readonly onChange: (value: V | null) => void
  readonly empty?: string
}) {
  const { label, value, options, onChange, empty } = props
  const id = useId()
  return (
    <div className="fw-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as V))}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
