import { useId, useRef, useState } from 'react'
import type { AnnotationPatch, SourcePatch } from '../data/changes'
import { linksFrom, passageCandidate, sourceCandidate, targetKey, type LinkCandidate } from '../data/links'
import type { Annotation, Link, Project, SourceRecord } from '../data/project'
import { findVerdict } from '../data/verdicts'
import {
  CHECK_WORTHINESS,
  CLAIM_STATUSES,
  CLAIM_TYPES,
  CONFIDENCES,
  CREDIBILITIES,
  KINDS,
  STANCES,
  type AnnotationKind,
  type Stance
} from '../data/vocabulary'
import { SelectField, TextField } from './fields'
import { LinkPicker, type PickerEntry } from './LinkPicker'
import { SourceFields } from './SourceFields'

export interface InspectorActions {
  patch(id: string, patch: AnnotationPatch): void
  createSource(annotation: Annotation): void
  patchSource(id: string, patch: SourcePatch): void
  attachToSource(id: string, file: File): void
  addLink(claimId: string, target: Link['target'], stance: Stance): void
  setStance(linkId: string, stance: Stance): void
  removeLink(linkId: string): void
  jumpTo(annotationId: string): void
  remove(annotationId: string): void
}

/** Every field of the selected annotation, each with a visible label. */
export function Inspector({ project, annotation, actions }: { project: Project; annotation: Annotation; actions: InspectorActions }) {
  const a = annotation
  const patch = (p: AnnotationPatch) => actions.patch(a.id, p)
  const kind = KINDS.find((k) => k.kind === a.kind)!
  return (
    <section className={`fw-inspector fw-inspector-${a.kind}`} aria-label="Inspector">
      <header className="fw-inspector-head">
        <h2>
          <span className={`fw-badge fw-badge-${a.kind}`}>{kind.label}</span>
        </h2>
        <blockquote className="fw-inspector-quote">{a.quote.exact}</blockquote>
      </header>
      <SelectField<AnnotationKind>
        label="Kind"
        value={a.kind}
        options={KINDS.map((k) => ({ value: k.kind, label: k.label }))}
        onChange={(v) => v && patch({ kind: v })}
      />
      {a.kind === 'claim' ? <ClaimFields project={project} annotation={a} patch={patch} /> : null}
      {a.kind === 'source' ? <SourceCitation project={project} annotation={a} actions={actions} /> : null}
      {a.kind === 'evidence' ? (
        <SelectField label="Credibility" value={a.credibility} options={CREDIBILITIES} empty="Not assessed" onChange={(v) => patch({ credibility: v })} />
      ) : null}
      <SelectField label="Confidence" value={a.confidence} options={CONFIDENCES} empty="Not stated" onChange={(v) => patch({ confidence: v })} />
      {project.settings.tags.length ? <TagPicker project={project} annotation={a} patch={patch} /> : null}
      <TextField label="Note" value={a.note} multiline onCommit={(v) => patch({ note: v })} />
      {a.kind === 'claim' ? <LinkEditor project={project} claim={a} actions={actions} /> : <LinkedFrom project={project} annotation={a} actions={actions} />}
      <div className="fw-row fw-inspector-foot">
        <button type="button" className="fw-danger" onClick={() => actions.remove(a.id)} aria-keyshortcuts="Delete">
          Delete annotation
        </button>
      </div>
    </section>
  )
}

function ClaimFields({ project, annotation: a, patch }: { project: Project; annotation: Annotation; patch: (p: AnnotationPatch) => void }) {
  const scale = project.settings.verdictScale
  const onScale = a.verdict === null || findVerdict(scale, a.verdict) !== undefined
  const verdictOptions = [
    ...scale.labels.map((l) => ({ value: l.label, label: l.value === null ? l.label : `${l.label} (${l.value})` })),
    ...(onScale ? [] : [{ value: a.verdict!, label: `${a.verdict} (not on the scale)` }])
  ]
  return (
    <>
      <TextField label="Claimant" value={a.claimant} placeholder="Who made the claim" onCommit={(v) => patch({ claimant: v.trim() })} />
      <TextField label="Claim date" type="date" value={a.claimDate} onCommit={(v) => patch({ claimDate: v })} />
      <SelectField label="Claim type" value={a.claimType} options={CLAIM_TYPES} empty="Not set" onChange={(v) => patch({ claimType: v })} />
      <SelectField label="Status" value={a.status} options={CLAIM_STATUSES} onChange={(v) => v && patch({ status: v })} />
      <SelectField
        label="Verdict"
        value={a.verdict === null ? null : (findVerdict(scale, a.verdict)?.label ?? a.verdict)}
        options={verdictOptions}
        empty="No verdict yet"
        onChange={(v) => patch({ verdict: v })}
      />
      {!onScale ? (
        <p className="fw-warning" role="note">
          “{a.verdict}” is not on this project’s verdict scale. Choose a verdict from the scale, or add the label back in Settings.
        </p>
      ) : null}
      <TextField label="Ruling" value={a.ruling} multiline placeholder="The verdict in a sentence" onCommit={(v) => patch({ ruling: v })} />
      <SelectField label="Check-worthiness" value={a.checkWorthiness} options={CHECK_WORTHINESS} empty="Not assessed" onChange={(v) => patch({ checkWorthiness: v })} />
    </>
  )
}

function SourceCitation({ project, annotation: a, actions }: { project: Project; annotation: Annotation; actions: InspectorActions }) {
  const source: SourceRecord | undefined = project.sources.find((s) => s.id === a.sourceId)
  return (
    <div className="fw-group" role="group" aria-label="Cited source">
      <SelectField
        label="Source record"
        value={source ? source.id : null}
        options={project.sources.map((s) => ({ value: s.id, label: s.title }))}
        empty={a.sourceId && !source ? 'A deleted source' : 'None yet'}
        onChange={(v) => actions.patch(a.id, { sourceId: v })}
      />
      {!source ? (
        <div className="fw-offer">
          <p>This passage does not point at a source of the library yet.</p>
          <button type="button" className="fw-primary" onClick={() => actions.createSource(a)}>
            Create source “{a.quote.exact.length > 40 ? `${a.quote.exact.slice(0, 37)}…` : a.quote.exact}”
          </button>
        </div>
      ) : (
        <SourceFields source={source} onPatch={(p) => actions.patchSource(source.id, p)} onAttach={(f) => actions.attachToSource(source.id, f)} />
      )}
    </div>
  )
}

function TagPicker({ project, annotation: a, patch }: { project: Project; annotation: Annotation; patch: (p: AnnotationPatch) => void }) {
  return (
    <fieldset className="fw-tags">
      <legend>Tags</legend>
      {project.settings.tags.map((t) => (
        <label key={t.id} className="fw-check">
          <input
            type="checkbox"
            checked={a.tags.includes(t.id)}
            onChange={(e) => patch({ tags: e.target.checked ? [...a.tags, t.id] : a.tags.filter((x) => x !== t.id) })}
          />
          <span className="fw-tag-dot" style={{ background: t.color }} aria-hidden="true" />
          {t.name}
        </label>
      ))}
    </fieldset>
  )
}

/** The link picker's entries, and what they were made from. */
interface Picker {
  /** The documents' ids and titles, when there are several (passages are labelled with them). */
  readonly titles: string
  /** The targets the claim is linked to already. */
  readonly taken: string
  readonly sources: readonly SourceRecord[]
  readonly evidence: readonly Annotation[]
  /** The entry of each source record and passage met so far. */
  readonly entries: WeakMap<object, PickerEntry>
  readonly list: readonly PickerEntry[]
}

/** Whether two lists hold the same items in the same order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** What `claimId` may be linked to (as `linkCandidates` lists it), each with its entry in the
 *  link picker, kept from one drawing to the next: an entry is made once per source record or
 *  passage (until it changes), and the list is the very same array while the claim's links, the
 *  source records and the evidence passages are the same. An edit of a project of ten thousand
 *  annotations then costs a pass over them, not thousands of labels made again. */
function usePickerEntries(project: Project, claimId: string): readonly PickerEntry[] {
  const multi = project.documents.length > 1
  const titles = multi ? project.documents.map((d) => `${d.id}\u0000${d.title}`).join('\u0001') : ''
  const taken = project.links
    .filter((l) => l.claimId === claimId)
    .map((l) => targetKey(l.target))
    .sort()
    .join('\u0001')
  const evidence = project.annotations.filter((a) => a.kind === 'evidence')
  const kept = useRef<Picker | null>(null)
  const last = kept.current
  if (last && last.titles === titles && last.taken === taken && sameItems(last.sources, project.sources) && sameItems(last.evidence, evidence)) return last.list
  // Labels name the document of a passage when there are several: a new title makes them anew.
  const entries = last && last.titles === titles ? last.entries : new WeakMap<object, PickerEntry>()
  const entryOf = (item: object, make: () => LinkCandidate): PickerEntry => {
    let entry = entries.get(item)
    if (!entry) {
      const candidate = make()
      entry = { key: targetKey(candidate.target), candidate, search: candidate.label.toLowerCase() }
      entries.set(item, entry)
    }
    return entry
  }
  const linked = new Set(taken.split('\u0001'))
  const documentTitles = new Map(project.documents.map((d) => [d.id, d.title]))
  const list = [
    ...project.sources.filter((s) => !linked.has(`source:${s.id}`)).map((s) => entryOf(s, () => sourceCandidate(s))),
    ...evidence.filter((a) => !linked.has(`annotation:${a.id}`)).map((a) => entryOf(a, () => passageCandidate(a, multi ? (documentTitles.get(a.documentId) ?? '') : null)))
  ]
  kept.current = { titles, taken, sources: project.sources, evidence, entries, list }
  return list
}

function LinkEditor({ project, claim, actions }: { project: Project; claim: Annotation; actions: InspectorActions }) {
  const links = linksFrom(project, claim.id)
  const entries = usePickerEntries(project, claim.id)
  // The target chosen belongs to the claim it was chosen for.
  const [picked, setPicked] = useState({ claimId: claim.id, target: '' })
  const target = picked.claimId === claim.id ? picked.target : ''
  const [stance, setStance] = useState<Stance>('supports')
  const targetId = useId()
  const stanceId = useId()
  const chosen = target ? entries.find((e) => e.key === target)?.candidate : undefined
  return (
    <div className="fw-group" role="group" aria-label="Links">
      <h3>Links</h3>
      {links.length === 0 ? <p className="fw-empty">No sources or evidence linked yet.</p> : null}
      <ul className="fw-links">
        {links.map((l) => (
          <li key={l.link.id} className={l.missing ? 'is-missing' : undefined}>
            <SelectField<Stance> label={`Stance of ${l.label}`} value={l.link.stance} options={STANCES} onChange={(v) => v && actions.setStance(l.link.id, v)} />
            <div className="fw-link-target">
              {l.annotation ? (
                <button type="button" className="fw-linklike" onClick={() => actions.jumpTo(l.annotation!.id)}>
                  {l.label}
                </button>
              ) : (
                <span>{l.label}</span>
              )}
              <span className="fw-muted">{l.detail}</span>
            </div>
            <button type="button" onClick={() => actions.removeLink(l.link.id)} aria-label={`Remove link to ${l.label}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {entries.length ? (
        <div className="fw-add-link">
          <div className="fw-field">
            <label htmlFor={targetId}>Link to</label>
            <LinkPicker key={claim.id} id={targetId} entries={entries} value={target} onChange={(key) => setPicked({ claimId: claim.id, target: key })} />
          </div>
          <div className="fw-field">
            <label htmlFor={stanceId}>Stance</label>
            <select id={stanceId} value={stance} onChange={(e) => setStance(e.target.value as Stance)}>
              {STANCES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={!chosen}
            onClick={() => {
              if (!chosen) return
              actions.addLink(claim.id, chosen.target, stance)
              setPicked({ claimId: claim.id, target: '' })
            }}
          >
            Add link
          </button>
        </div>
      ) : (
        <p className="fw-muted">Tag sources or evidence, or add sources to the library, to link them to this claim.</p>
      )}
    </div>
  )
}

function LinkedFrom({ project, annotation, actions }: { project: Project; annotation: Annotation; actions: InspectorActions }) {
  const incoming = project.links.filter(
    (l) =>
      (l.target.type === 'annotation' && l.target.id === annotation.id) ||
      (l.target.type === 'source' && annotation.kind === 'source' && l.target.id === annotation.sourceId)
  )
  if (incoming.length === 0) return null
  return (
    <div className="fw-group" role="group" aria-label="Linked from">
      <h3>Linked from</h3>
      <ul className="fw-links">
        {incoming.map((l) => {
          const claim = project.annotations.find((a) => a.id === l.claimId)
          return (
            <li key={l.id}>
              <span className="fw-muted">{STANCES.find((s) => s.value === l.stance)?.label}</span>
              {claim ? (
                <button type="button" className="fw-linklike" onClick={() => actions.jumpTo(claim.id)}>
                  {claim.quote.exact}
                </button>
              ) : (
                <span>A deleted claim</span>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
