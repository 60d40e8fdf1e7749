import { useId, useState } from 'react'
import type { ProjectSettings, Publication, Tag } from '../data/project'
import { VERDICT_PRESETS, type VerdictLabel } from '../data/verdicts'
import { useModal } from './useModal'

interface Row extends VerdictLabel {
  /** The label as it was when the dialog opened, so a rename can carry claims along. */
  readonly original: string | null
  readonly key: number
}

interface Props {
  readonly settings: ProjectSettings
  /** How many claims use each verdict, by label. */
  readonly usage: ReadonlyMap<string, number>
  readonly onSave: (settings: ProjectSettings, renames: ReadonlyMap<string, string>) => void
  readonly onClose: () => void
}

let rowKey = 0

function rowsOf(labels: readonly VerdictLabel[], keepOriginal: boolean): Row[] {
  return labels.map((l) => ({ ...l, original: keepOriginal ? l.label : null, key: ++rowKey }))
}

/** Problems that stop the scale from being saved, as sentences. */
function problems(rows: readonly Row[], tags: readonly Tag[]): string[] {
  const out: string[] = []
  if (rows.length === 0) out.push('The scale needs at least one label.')
  const seen = new Set<string>()
  for (const r of rows) {
    const key = r.label.trim().toLowerCase()
    if (!key) out.push('Every verdict needs a label.')
    else if (seen.has(key)) out.push(`“${r.label.trim()}” is on the scale twice.`)
    seen.add(key)
  }
  const tagNames = new Set<string>()
  for (const t of tags) {
    const key = t.name.trim().toLowerCase()
    if (!key) out.push('Every tag needs a name.')
    else if (tagNames.has(key)) out.push(`The tag “${t.name.trim()}” exists twice.`)
    tagNames.add(key)
  }
  return [...new Set(out)]
}

/** Project settings: the verdict scale (from a preset or edited: labels, numbers, order, colours)
 *  and the project's own tags. Saving is one undoable edit. */
export function SettingsDialog({ settings, usage, onSave, onClose }: Props) {
  const [name, setName] = useState(settings.verdictScale.name)
  const [rows, setRows] = useState<Row[]>(() => rowsOf(settings.verdictScale.labels, true))
  const [tags, setTags] = useState<Tag[]>(settings.tags)
  const [publication, setPublication] = useState<Publication>(settings.publication)
  const [preset, setPreset] = useState('')
  const presetId = useId()
  const errors = problems(rows, tags)
  const { close, dialogProps } = useModal(onClose)

  const update = (key: number, patch: Partial<VerdictLabel>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const move = (index: number, by: -1 | 1) =>
    setRows((all) => {
      const next = [...all]
      const [row] = next.splice(index, 1)
      next.splice(index + by, 0, row!)
      return next
    })

  const save = () => {
    if (errors.length) return
    const renames = new Map<string, string>()
    for (const r of rows) if (r.original && r.original !== r.label.trim()) renames.set(r.original, r.label.trim())
    onSave(
      {
        verdictScale: { name: name.trim() || 'Custom', labels: rows.map(({ label, value, color, imported }) => ({ label: label.trim(), value, color, ...(imported ? { imported } : {}) })) },
        tags: tags.map((t) => ({ ...t, name: t.name.trim() })),
        publication: {
          organization: publication.organization.trim(),
          organizationUrl: publication.organizationUrl.trim(),
          reviewUrl: publication.reviewUrl.trim(),
          author: publication.author.trim()
        }
      },
      renames
    )
  }

  const removedInUse = [...usage.entries()].filter(([label, n]) => n > 0 && !rows.some((r) => r.label.trim().toLowerCase() === label.toLowerCase() || r.original === label))

  return (
    <dialog {...dialogProps} className="fw-dialog" aria-labelledby="fw-settings-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <h2 id="fw-settings-title">Project settings</h2>
        <section aria-label="Verdict scale">
          <h3>Verdict scale</h3>
          <div className="fw-row fw-preset">
            <div className="fw-field">
              <label htmlFor={presetId}>Start from a preset</label>
              <select id={presetId} value={preset} onChange={(e) => setPreset(e.target.value)}>
                <option value="">Choose a preset…</option>
                {VERDICT_PRESETS.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}: {p.labels.map((l) => l.label).join(', ')}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              disabled={!preset}
              onClick={() => {
                const chosen = VERDICT_PRESETS.find((p) => p.name === preset)
                if (!chosen) return
                setName(chosen.name)
                setRows(rowsOf(chosen.labels, false))
              }}
            >
              Use preset
            </button>
          </div>
          <table className="fw-scale">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Number</th>
                <th scope="col">Colour</th>
                <th scope="col">Claims</th>
                <th scope="col">
                  <span className="fw-sr">Order and removal</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.key}>
                  <td>
                    <input aria-label={`Label ${i + 1}`} value={r.label} onChange={(e) => update(r.key, { label: e.target.value })} />
                    {r.imported ? <span className="fw-muted"> imported</span> : null}
                  </td>
                  <td>
                    <input
                      aria-label={`Number of ${r.label || `label ${i + 1}`}`}
                      type="number"
                      min={0}
                      max={100}
                      value={r.value ?? ''}
                      placeholder="none"
                      onChange={(e) => update(r.key, { value: e.target.value === '' ? null : Math.max(0, Math.min(100, Math.round(Number(e.target.value)))) })}
                    />
                  </td>
                  <td>
                    <input aria-label={`Colour of ${r.label || `label ${i + 1}`}`} type="color" value={r.color} onChange={(e) => update(r.key, { color: e.target.value })} />
                  </td>
                  <td className="fw-count">{r.original ? (usage.get(r.original) ?? 0) : 0}</td>
                  <td className="fw-row">
                    <button type="button" aria-label={`Move ${r.label} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" aria-label={`Move ${r.label} down`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" aria-label={`Remove ${r.label}`} onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setRows((all) => [...all, { label: '', value: null, color: '#6b7280', original: null, key: ++rowKey }])}>
            Add label
          </button>
          {removedInUse.length ? (
            <p className="fw-warning" role="note">
              {removedInUse.map(([label, n]) => `“${label}” (${n} claim${n === 1 ? '' : 's'})`).join(', ')} will no longer be on the scale. Those claims keep their
              verdict, marked as not on the scale, until you choose another.
            </p>
          ) : null}
        </section>
        <section aria-label="Tags">
          <h3>Tags</h3>
          {tags.length === 0 ? <p className="fw-muted">No tags yet. Tags group annotations across kinds, such as “Economy” or “Needs expert”.</p> : null}
          <ul className="fw-tag-rows">
            {tags.map((t, i) => (
              <li key={t.id} className="fw-row">
                <input aria-label={`Tag ${i + 1} name`} autoFocus={t.name === ''} value={t.name} onChange={(e) => setTags((all) => all.map((x) => (x.id === t.id ? { ...x, name: e.target.value } : x)))} />
                <input aria-label={`Colour of tag ${t.name || i + 1}`} type="color" value={t.color} onChange={(e) => setTags((all) => all.map((x) => (x.id === t.id ? { ...x, color: e.target.value } : x)))} />
                <button type="button" aria-label={`Remove tag ${t.name}`} onClick={() => setTags((all) => all.filter((x) => x.id !== t.id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setTags((all) => [...all, { id: crypto.randomUUID(), name: '', color: '#4a7fd4' }])}>
            Add tag
          </button>
        </section>
        <section aria-label="Publication">
          <h3>Publication</h3>
          <p className="fw-muted">Exports name who checked the claims and where the fact-check is published (ClaimReview’s author and url).</p>
          <div className="fw-publication">
            {(
              [
                ['organization', 'Organisation', 'The fact-checking organisation', 'text'],
                ['organizationUrl', 'Organisation web address', 'https://…', 'url'],
                ['reviewUrl', 'Fact-check web address', 'https://… where this check is published', 'url'],
                ['author', 'Fact-checker', 'Your name', 'text']
              ] as const
            ).map(([key, label, hint, type]) => (
              <label key={key} className="fw-field">
                {label}
                <input
                  value={publication[key]}
                  placeholder={hint}
                  type={type}
                  onChange={(e) => setPublication((p) => ({ ...p, [key]: e.target.value }))}
                />
              </label>
            ))}
          </div>
        </section>
        {errors.length ? (
          <ul className="fw-errors" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        <div className="fw-row fw-dialog-buttons">
          <button type="submit" className="fw-primary" disabled={errors.length > 0}>
            Save settings
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  )
}
