import { z } from 'zod'
import { anchorFits } from './anchor'
import { Annotation, type Project } from './project'
import { fail, ok, type Result } from './result'
import { AnnotationKind } from './vocabulary'

/** The fields of an annotation a person may edit after creating it. */
export const AnnotationPatch = z.object({
  kind: AnnotationKind.optional(),
  note: z.string().optional()
})
export type AnnotationPatch = z.infer<typeof AnnotationPatch>

/** One edit to a project's annotations. Saves carry these deltas, never whole projects. */
export const AnnotationChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), annotation: Annotation }),
  z.object({ op: z.literal('update'), id: z.string().min(1), patch: AnnotationPatch, modifiedAt: z.string() }),
  z.object({ op: z.literal('remove'), id: z.string().min(1) })
])
export type AnnotationChange = z.infer<typeof AnnotationChange>

/** Apply `changes` in order. Fails, changing nothing, when an annotation does not fit its document,
 *  an id is added twice, or an update names an annotation that does not exist. Removing an
 *  annotation that is already gone is not an error: the outcome is the one asked for. */
export function applyChanges(project: Project, changes: readonly AnnotationChange[], now: string): Result<Project> {
  const annotations = new Map(project.annotations.map((a) => [a.id, a]))
  const texts = new Map(project.documents.map((d) => [d.id, d.text]))
  for (const change of changes) {
    switch (change.op) {
      case 'add': {
        const a = change.annotation
        const text = texts.get(a.documentId)
        if (text === undefined) return fail('not-found', `The annotation "${a.quote.exact}" names a document that is not in this project.`)
        if (annotations.has(a.id)) return fail('conflict', `An annotation with id ${a.id} already exists.`)
        if (!anchorFits(text, a)) {
          return fail('invalid-args', `The annotation "${a.quote.exact}" does not match the text at ${a.start}–${a.end}.`)
        }
        annotations.set(a.id, a)
        break
      }
      case 'update': {
        const old = annotations.get(change.id)
        if (!old) return fail('not-found', `There is no annotation with id ${change.id}.`)
        annotations.set(change.id, { ...old, ...change.patch, modifiedAt: change.modifiedAt })
        break
      }
      case 'remove':
        annotations.delete(change.id)
        break
    }
  }
  return ok({
    ...project,
    annotations: [...annotations.values()],
    revision: project.revision + 1,
    updatedAt: now
  })
}

/** The changes that undo `change`, given the annotations as they were before it. */
export function invertChange(change: AnnotationChange, before: ReadonlyMap<string, Annotation>): AnnotationChange[] {
  switch (change.op) {
    case 'add':
      return [{ op: 'remove', id: change.annotation.id }]
    case 'remove': {
      const old = before.get(change.id)
      return old ? [{ op: 'add', annotation: old }] : []
    }
    case 'update': {
      const old = before.get(change.id)
      if (!old) return []
      const patch: AnnotationPatch = {}
      if (change.patch.kind !== undefined) patch.kind = old.kind
      if (change.patch.note !== undefined) patch.note = old.note
      return [{ op: 'update', id: change.id, patch, modifiedAt: old.modifiedAt }]
    }
  }
}

/** Apply changes to a plain list of annotations, as the editor does before a save is confirmed.
 *  Changes that do not apply are skipped: the store is the judge. */
export function applyToList(list: readonly Annotation[], changes: readonly AnnotationChange[]): Annotation[] {
  const map = new Map(list.map((a) => [a.id, a]))
  for (const change of changes) {
    if (change.op === 'add') map.set(change.annotation.id, change.annotation)
    else if (change.op === 'remove') map.delete(change.id)
    else {
      const old = map.get(change.id)
      if (old) map.set(change.id, { ...old, ...change.patch, modifiedAt: change.modifiedAt })
    }
  }
  return [...map.values()]
}
