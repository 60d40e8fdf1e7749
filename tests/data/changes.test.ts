import { describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { applyChanges, applyToList, invertChange, type AnnotationChange } from '../../data/changes'
import { buildDocument } from '../../data/import'
import { newProject, type Annotation, type Project } from '../../data/project'

const now = '2026-01-01T00:00:00.000Z'

function project(): Project {
  const doc = buildDocument({
    id: 'd1',
    fileName: 'a.txt',
    format: 'text',
    text: 'Headline\nThe trade amounts to approximately US$2.8 billion.\n',
    original: { fileName: 'a.txt', mediaType: 'text/plain', size: 10, sha256: 'a'.repeat(64), importedAt: now }
  })
  if (!doc.ok) throw new Error(doc.message)
  return newProject('p1', doc.value, now)
}

function claim(p: Project, exact: string, id = 'a1'): Annotation {
  const text = p.documents[0]!.text
  const start = text.indexOf(exact)
  return { id, documentId: 'd1', kind: 'claim', start, end: start + exact.length, quote: quoteAt(text, start, start + exact.length), note: '', createdAt: now, modifiedAt: now }
}

describe('annotation changes', () => {
  it('adds, updates and removes annotations, counting a revision per save', () => {
    const p = project()
    const a = claim(p, 'approximately US$2.8 billion')
    const added = applyChanges(p, [{ op: 'add', annotation: a }], now)
    expect(added.ok && added.value.annotations).toEqual([a])
    expect(added.ok && added.value.revision).toBe(1)
    if (!added.ok) return
    const updated = applyChanges(added.value, [{ op: 'update', id: 'a1', patch: { note: 'Check the 2024 figure' }, modifiedAt: now }], now)
    expect(updated.ok && updated.value.annotations[0]!.note).toBe('Check the 2024 figure')
    if (!updated.ok) return
    const removed = applyChanges(updated.value, [{ op: 'remove', id: 'a1' }], now)
    expect(removed.ok && removed.value.annotations).toEqual([])
  })

  it('refuses an annotation whose quote does not match the text, changing nothing', () => {
    const p = project()
    const a = { ...claim(p, 'approximately'), quote: { exact: 'something else', prefix: '', suffix: '' } }
    const result = applyChanges(p, [{ op: 'add', annotation: a }], now)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.code).toBe('invalid-args')
    expect(p.annotations).toEqual([])
  })

  it('refuses an annotation on a document the project does not have', () => {
    const p = project()
    const result = applyChanges(p, [{ op: 'add', annotation: { ...claim(p, 'trade'), documentId: 'nope' } }], now)
    expect(!result.ok && result.code).toBe('not-found')
  })

  it('inverts each change so that undo restores the list exactly', () => {
    const p = project()
    const a = claim(p, 'approximately US$2.8 billion')
    const list = [a]
    const before = new Map(list.map((x) => [x.id, x]))
    const changes: AnnotationChange[] = [
      { op: 'update', id: 'a1', patch: { kind: 'evidence', note: 'n' }, modifiedAt: 'later' },
      { op: 'remove', id: 'a1' }
    ]
    for (const change of changes) {
      const after = applyToList(list, [change])
      expect(applyToList(after, invertChange(change, before))).toEqual(list)
    }
  })
})
