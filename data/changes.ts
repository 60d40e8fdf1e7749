import { z } from 'zod'
import { anchorFits } from './anchor'
import { AnchorFix, TextEdit, applyTextEdits, invertTextEdits } from './edit'
import { Annotation, Link, Orphan, ProjectSettings, SourceRecord, type ArticleDocument, type Project } from './project'
import { fail, ok, type Result } from './result'

/** The fields of an annotation a person may edit after creating it. */
export const AnnotationPatch = Annotation.omit({ id: true, documentId: true, start: true, end: true, quote: true, createdAt: true, modifiedAt: true }).partial()
export type AnnotationPatch = z.infer<typeof AnnotationPatch>

/** The fields of a source record a person may edit. */
export const SourcePatch = SourceRecord.omit({ id: true, createdAt: true, modifiedAt: true }).partial()
export type SourcePatch = z.infer<typeof SourcePatch>

/** The fields of a link a person may edit. */
export const LinkPatch = Link.pick({ stance: true, note: true }).partial()
export type LinkPatch = z.infer<typeof LinkPatch>

/** One edit to a project. Saves carry these deltas, never whole projects, and undo applies their
 *  inverses. */
export const Change = z.discriminatedUnion('op', [
  z.object({ op: z.literal('addAnnotation'), annotation: Annotation }),
  z.object({ op: z.literal('updateAnnotation'), id: z.string().min(1), patch: AnnotationPatch, modifiedAt: z.string() }),
  z.object({ op: z.literal('removeAnnotation'), id: z.string().min(1) }),
  z.object({ op: z.literal('addSource'), source: SourceRecord }),
  z.object({ op: z.literal('updateSource'), id: z.string().min(1), patch: SourcePatch, modifiedAt: z.string() }),
  z.object({ op: z.literal('removeSource'), id: z.string().min(1) }),
  z.object({ op: z.literal('addLink'), link: Link }),
  z.object({ op: z.literal('updateLink'), id: z.string().min(1), patch: LinkPatch, modifiedAt: z.string() }),
  z.object({ op: z.literal('removeLink'), id: z.string().min(1) }),
  z.object({ op: z.literal('addOrphan'), orphan: Orphan }),
  z.object({ op: z.literal('removeOrphan'), id: z.string().min(1) }),
  z.object({ op: z.literal('setSettings'), settings: ProjectSettings }),
  /** Edit a document's text ("edit text" mode): replacements in plain-text coordinates, applied in
   *  order by `applyTextEdits`, which moves the document's annotations along and makes orphans of
   *  those whose text is gone. `fixes` put named annotations back exactly (undo uses them). */
  z.object({ op: z.literal('editText'), documentId: z.string().min(1), edits: z.array(TextEdit).min(1).max(100_000), fixes: z.array(AnchorFix).optional() })
])
export type Change = z.infer<typeof Change>

/** The parts of a project that changes touch, as maps by id. */
interface Parts {
  documents: Map<string, ArticleDocument>
  annotations: Map<string, Annotation>
  sources: Map<string, SourceRecord>
  links: Map<string, Link>
  orphans: Map<string, Orphan>
  settings: ProjectSettings
}

/** The parts of a project that changes touch. */
export type ChangeableParts = Pick<Project, 'documents' | 'annotations' | 'sources' | 'links' | 'orphans' | 'settings'>

function partsOf(project: ChangeableParts): Parts {
  return {
    documents: new Map(project.documents.map((d) => [d.id, d])),
    annotations: new Map(project.annotations.map((a) => [a.id, a])),
    sources: new Map(project.sources.map((s) => [s.id, s])),
    links: new Map(project.links.map((l) => [l.id, l])),
    orphans: new Map(project.orphans.map((o) => [o.id, o])),
    settings: project.settings
  }
}

/** Apply one change to `parts`, or say why it cannot apply. */
function applyOne(parts: Parts, change: Change, texts: Map<string, string>): string | null {
  switch (change.op) {
    case 'addAnnotation': {
      const a = change.annotation
      const text = texts.get(a.documentId)
      if (text === undefined) return `The annotation “${a.quote.exact}” names a document that is not in this project.`
      if (parts.annotations.has(a.id)) return `An annotation with id ${a.id} already exists.`
      if (!anchorFits(text, a)) return `The annotation “${a.quote.exact}” does not match the text at ${a.start}–${a.end}.`
      parts.annotations.set(a.id, a)
      return null
    }
    case 'updateAnnotation': {
      const old = parts.annotations.get(change.id)
      if (!old) return `There is no annotation with id ${change.id}.`
      parts.annotations.set(change.id, { ...old, ...change.patch, modifiedAt: change.modifiedAt })
      return null
    }
    case 'removeAnnotation':
      parts.annotations.delete(change.id)
      return null
    case 'addSource':
      if (parts.sources.has(change.source.id)) return `A source with id ${change.source.id} already exists.`
      parts.sources.set(change.source.id, change.source)
      return null
    case 'updateSource': {
      const old = parts.sources.get(change.id)
      if (!old) return `There is no source with id ${change.id}.`
      const next = SourceRecord.safeParse({ ...old, ...change.patch, modifiedAt: change.modifiedAt })
      if (!next.success) return `The source “${old.title}” cannot have an empty title.`
      parts.sources.set(change.id, next.data)
      return null
    }
    case 'removeSource':
      parts.sources.delete(change.id)
      return null
    case 'addLink': {
      const link = change.link
      if (parts.links.has(link.id)) return `A link with id ${link.id} already exists.`
      const claim = parts.annotations.get(link.claimId)
      if (!claim || claim.kind !== 'claim') return 'A link must start from a claim of this project.'
      const exists = link.target.type === 'source' ? parts.sources.has(link.target.id) : parts.annotations.has(link.target.id)
      if (!exists) return `The link’s ${link.target.type} is not in this project.`
      if (link.target.type === 'annotation' && link.target.id === link.claimId) return 'A claim cannot be linked to itself.'
      parts.links.set(link.id, link)
      return null
    }
    case 'updateLink': {
      const old = parts.links.get(change.id)
      if (!old) return `There is no link with id ${change.id}.`
      parts.links.set(change.id, { ...old, ...change.patch, modifiedAt: change.modifiedAt })
      return null
    }
    case 'removeLink':
      parts.links.delete(change.id)
      return null
    case 'addOrphan':
      if (parts.orphans.has(change.orphan.id) || parts.annotations.has(change.orphan.id)) return `An annotation with id ${change.orphan.id} already exists.`
      parts.orphans.set(change.orphan.id, change.orphan)
      return null
    case 'removeOrphan':
      parts.orphans.delete(change.id)
      return null
    case 'setSettings':
      parts.settings = change.settings
      return null
    case 'editText': {
      const document = parts.documents.get(change.documentId)
      if (!document) return `There is no document with id ${change.documentId} in this project.`
      const mine = [...parts.annotations.values()].filter((a) => a.documentId === document.id)
      const outcome = applyTextEdits(document, mine, change.edits, change.fixes)
      if (!outcome.ok) return outcome.message
      parts.documents.set(document.id, outcome.value.document)
      texts.set(document.id, outcome.value.document.text)
      for (const a of outcome.value.annotations) parts.annotations.set(a.id, a)
      for (const o of outcome.value.orphaned) {
        parts.annotations.delete(o.id)
        parts.orphans.set(o.id, o)
      }
      return null
    }
  }
}

/** Apply `changes` in order. Fails, changing nothing, when an annotation does not fit its document,
 *  an id is added twice, a link starts from something other than a claim or points at nothing, or
 *  an update names something that does not exist. Removing what is already gone is not an error:
 *  the outcome is the one asked for. Removals do not cascade: `removalChanges` builds the changes
 *  that also remove what pointed at the removed item, so that one undo brings all of it back. */
export function applyChanges(project: Project, changes: readonly Change[], now: string): Result<Project> {
  const parts = partsOf(project)
  const texts = new Map(project.documents.map((d) => [d.id, d.text]))
  for (const change of changes) {
    const problem = applyOne(parts, change, texts)
    if (problem) return fail(change.op.startsWith('add') && problem.includes('already exists') ? 'conflict' : 'invalid-args', problem)
  }
  return ok({
    ...project,
    documents: [...parts.documents.values()],
    annotations: [...parts.annotations.values()],
    sources: [...parts.sources.values()],
    links: [...parts.links.values()],
    orphans: [...parts.orphans.values()],
    settings: parts.settings,
    revision: project.revision + 1,
    updatedAt: now
  })
}

/** The fields of `old` that `patch` sets, with their old values. */
function previous<T extends object>(old: T, patch: Partial<T>): Partial<T> {
  const back: Partial<T> = {}
  for (const key of Object.keys(patch) as (keyof T)[]) back[key] = old[key]
  return back
}

/** The changes that undo `change`, given the project as it was before it. */
export function invertChange(change: Change, before: ChangeableParts): Change[] {
  switch (change.op) {
    case 'addAnnotation':
      return [{ op: 'removeAnnotation', id: change.annotation.id }]
    case 'removeAnnotation': {
      const old = before.annotations.find((a) => a.id === change.id)
      return old ? [{ op: 'addAnnotation', annotation: old }] : []
    }
    case 'updateAnnotation': {
      const old = before.annotations.find((a) => a.id === change.id)
      return old ? [{ op: 'updateAnnotation', id: change.id, patch: previous(old, change.patch), modifiedAt: old.modifiedAt }] : []
    }
    case 'addSource':
      return [{ op: 'removeSource', id: change.source.id }]
    case 'removeSource': {
      const old = before.sources.find((s) => s.id === change.id)
      return old ? [{ op: 'addSource', source: old }] : []
    }
    case 'updateSource': {
      const old = before.sources.find((s) => s.id === change.id)
      return old ? [{ op: 'updateSource', id: change.id, patch: previous(old, change.patch), modifiedAt: old.modifiedAt }] : []
    }
    case 'addLink':
      return [{ op: 'removeLink', id: change.link.id }]
    case 'removeLink': {
      const old = before.links.find((l) => l.id === change.id)
      return old ? [{ op: 'addLink', link: old }] : []
    }
    case 'updateLink': {
      const old = before.links.find((l) => l.id === change.id)
      return old ? [{ op: 'updateLink', id: change.id, patch: previous(old, change.patch), modifiedAt: old.modifiedAt }] : []
    }
    case 'addOrphan':
      return [{ op: 'removeOrphan', id: change.orphan.id }]
    case 'removeOrphan': {
      const old = before.orphans.find((o) => o.id === change.id)
      return old ? [{ op: 'addOrphan', orphan: old }] : []
    }
    case 'setSettings':
      return [{ op: 'setSettings', settings: before.settings }]
    case 'editText':
      return invertEdit(change, before)
  }
}

/** The changes that undo a text edit: the old text put back, every passage the edit moved in a
 *  way the reverse edit would not undo put back where it was, and the annotations the edit
 *  orphaned placed again. */
function invertEdit(change: Extract<Change, { op: 'editText' }>, before: ChangeableParts): Change[] {
  const document = before.documents.find((d) => d.id === change.documentId)
  if (!document) return []
  const mine = before.annotations.filter((a) => a.documentId === document.id)
  const forward = applyTextEdits(document, mine, change.edits, change.fixes)
  if (!forward.ok) return []
  const edits = invertTextEdits(document.text, change.edits)
  const { touched } = forward.value
  // An annotation the edits only moved along is moved back exactly by the reverse edits; only
  // those they touched need a look.
  const back = applyTextEdits(forward.value.document, forward.value.annotations.filter((a) => touched.has(a.id)), edits)
  const returned = new Map(back.ok ? back.value.annotations.map((a) => [a.id, a]) : [])
  const orphaned = new Set(forward.value.orphaned.map((o) => o.id))
  const fixes: AnchorFix[] = []
  for (const a of mine) {
    if (orphaned.has(a.id) || !touched.has(a.id)) continue
    const r = returned.get(a.id)
    if (!r || r.start !== a.start || r.end !== a.end || r.quote.prefix !== a.quote.prefix || r.quote.suffix !== a.quote.suffix || r.quote.exact !== a.quote.exact) {
      fixes.push({ id: a.id, start: a.start, end: a.end, quote: a.quote })
    }
  }
  const restored = mine.filter((a) => orphaned.has(a.id))
  return [
    { op: 'editText', documentId: document.id, edits, ...(fixes.length ? { fixes } : {}) },
    ...restored.map((a): Change => ({ op: 'removeOrphan', id: a.id })),
    ...restored.map((a): Change => ({ op: 'addAnnotation', annotation: a }))
  ]
}

/** The changes that undo `changes` applied in order to `before`. Fails like `applyChanges`. */
export function invertChanges(before: Project, changes: readonly Change[], now: string): Result<Change[]> {
  const backward: Change[] = []
  let state = before
  for (const change of changes) {
    backward.unshift(...invertChange(change, state))
    const next = applyChanges(state, [change], now)
    if (!next.ok) return next
    state = next.value
  }
  return ok(backward)
}

/** The changes that remove an annotation or a source record together with what points at it:
 *  links from or to it, and source annotations citing a removed record (which keep their passage
 *  and lose the citation). Applied as one edit, one undo restores everything. */
export function removalChanges(project: Project, item: { annotationId: string } | { sourceId: string }, now: string): Change[] {
  const changes: Change[] = []
  if ('annotationId' in item) {
    for (const link of project.links) {
      if (link.claimId === item.annotationId || (link.target.type === 'annotation' && link.target.id === item.annotationId)) {
        changes.push({ op: 'removeLink', id: link.id })
      }
    }
    changes.push({ op: 'removeAnnotation', id: item.annotationId })
  } else {
    for (const link of project.links) {
      if (link.target.type === 'source' && link.target.id === item.sourceId) changes.push({ op: 'removeLink', id: link.id })
    }
    for (const a of project.annotations) {
      if (a.sourceId === item.sourceId) changes.push({ op: 'updateAnnotation', id: a.id, patch: { sourceId: null }, modifiedAt: now })
    }
    changes.push({ op: 'removeSource', id: item.sourceId })
  }
  return changes
}
