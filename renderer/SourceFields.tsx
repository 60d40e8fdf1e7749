import { useId } from 'react'
import type { SourcePatch } from '../data/changes'
import type { SourceRecord } from '../data/project'
import { RELIABILITIES, type SourceOrigin } from '../data/vocabulary'
import { SelectField, TextField } from './fields'

const ORIGINS: readonly { value: SourceOrigin; label: string }[] = [
  { value: 'primary', label: 'Primary' },
  { value: 'secondary', label: 'Secondary' }
]

/** The fields of a source record. */
export function SourceFields({ source, onPatch, onAttach }: { source: SourceRecord; onPatch: (p: SourcePatch) => void; onAttach: (file: File) => void }) {
  const fileId = useId()
  return (
    <div className="fw-source-fields">
      <SelectField label="Reliability" value={source.reliability} options={RELIABILITIES} empty="Not rated" onChange={(v) => onPatch({ reliability: v })} />
      <TextField label="Title" value={source.title} onCommit={(v) => v.trim() && onPatch({ title: v.trim() })} />
      <TextField label="URL" type="url" value={source.url} placeholder="https://…" onCommit={(v) => onPatch({ url: v.trim() })} />
      <TextField label="Publisher" value={source.publisher} onCommit={(v) => onPatch({ publisher: v })} />
      <TextField label="Author" value={source.author} onCommit={(v) => onPatch({ author: v })} />
      <TextField label="Date" type="date" value={source.date} onCommit={(v) => onPatch({ date: v })} />
      <TextField label="Accessed" type="date" value={source.accessed} onCommit={(v) => onPatch({ accessed: v })} />
      <SelectField label="Primary or secondary" value={source.origin} options={ORIGINS} empty="Not set" onChange={(v) => onPatch({ origin: v })} />
      <TextField label="Source notes" value={source.notes} multiline onCommit={(v) => onPatch({ notes: v })} />
      <div className="fw-field">
        <label htmlFor={fileId}>Attached file</label>
        {source.attachment ? (
          <p className="fw-attachment">
            {source.attachment.fileName} · {Math.max(1, Math.round(source.attachment.size / 1024))} KB
            <br />
            <span className="fw-muted">SHA-256 {source.attachment.sha256}</span>
          </p>
        ) : null}
        <input
          id={fileId}
          type="file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) onAttach(file)
          }}
        />
      </div>
    </div>
  )
}
