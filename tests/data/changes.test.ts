import { describe, expect, it } from 'vitest'
import { applyChanges, invertChanges, removalChanges, type Change } from '../../data/changes'
import { describeLink, linkCandidates, linksFrom } from '../../data/links'
import type { Link, Project } from '../../data/project'
import { annotation, now, project, source } from './model'

function apply(p: Project, changes: Change[]): Project {
  const result = applyChanges(p, changes, now)
  if (!result.ok) throw new Error(result.message)
  return result.value
}

const link = (id: string, claimId: string, target: Link['target'], stance: Link['stance'] = 'supports'): Link => ({
  id,
  claimId,
  target,
  stance,
  note: '',
  createdAt: now,
  modifiedAt: now
})

/** A claim, a source passage citing a library record, an evidence passage, and links from the
 *  claim to the record and to the evidence. */
function checked(): Project {
  const p = project()
  return apply(p, [
    { op: 'addAnnotation', annotation: annotation(p, 'approximately US$2.8 billion', 'c1') },
    { op: 'addSource', source: source('s1', 'Gatestone Institute') },
    { op: 'addAnnotation', annotation: { ...annotation(p, 'Gatestone Institute', 'a-src', 'source'), sourceId: 's1' } },
    { op: 'addAnnotation', annotation: annotation(p, 'Officials at the Gatestone Institute disagreed', 'e1', 'evidence') },
    { op: 'addLink', link: link('l1', 'c1', { type: 'source', id: 's1' }) },
    { op: 'addLink', link: link('l2', 'c1', { type: 'annotation', id: 'e1' }, 'refutes') }
  ])
}

describe('project changes', () => {
  it('records a claim’s fields, a source’s reliability and a link’s stance, one revision per save', () => {
    let p = checked()
    expect(p.revision).toBe(1)
    p = apply(p, [
      { op: 'updateAnnotation', id: 'c1', patch: { claimant: 'Gatestone report', verdict: 'Mostly true', confidence: 'high', status: 'researching' }, modifiedAt: 'later' },
      { op: 'updateSource', id: 's1', patch: { reliability: 'C' }, modifiedAt: 'later' },
      { op: 'updateLink', id: 'l1', patch: { stance: 'context' }, modifiedAt: 'later' }
    ])
    expect(p.revision).toBe(2)
    expect(p.annotations.find((a) => a.id === 'c1')).toMatchObject({ claimant: 'Gatestone report', verdict: 'Mostly true', confidence: 'high', status: 'researching', modifiedAt: 'later' })
    expect(p.sources[0]!.reliability).toBe('C')
    expect(p.links.find((l) => l.id === 'l1')!.stance).toBe('context')
  })

  it('refuses, changing nothing, an annotation whose quote does not match the text', () => {
    const p = project()
    const bad = { ...annotation(p, 'approximately', 'x'), quote: { exact: 'something else', prefix: '', suffix: '' } }
    const result = applyChanges(p, [{ op: 'addAnnotation', annotation: bad }], now)
    expect(!result.ok && result.code).toBe('invalid-args')
    expect(p.annotations).toEqual([])
  })

  it('refuses links that do not start from a claim or point at nothing', () => {
    const p = checked()
    expect(applyChanges(p, [{ op: 'addLink', link: link('x', 'e1', { type: 'source', id: 's1' }) }], now).ok).toBe(false)
    expect(applyChanges(p, [{ op: 'addLink', link: link('x', 'c1', { type: 'source', id: 'nope' }) }], now).ok).toBe(false)
    expect(applyChanges(p, [{ op: 'addLink', link: link('x', 'c1', { type: 'annotation', id: 'c1' }) }], now).ok).toBe(false)
  })

  it('refuses a source record without a title', () => {
    const result = applyChanges(checked(), [{ op: 'updateSource', id: 's1', patch: { title: '  ' }, modifiedAt: now }], now)
    expect(!result.ok && result.message).toContain('empty title')
  })

  it('undoes any sequence of changes exactly', () => {
    const before = checked()
    const changes: Change[] = [
      { op: 'updateAnnotation', id: 'c1', patch: { verdict: 'False', kind: 'claim', note: 'n' }, modifiedAt: 'later' },
      { op: 'updateSource', id: 's1', patch: { reliability: 'A', title: 'Renamed' }, modifiedAt: 'later' },
      { op: 'removeLink', id: 'l2' },
      { op: 'setSettings', settings: { ...before.settings, tags: [{ id: 't', name: 'Economy', color: '#123456' }] } },
      ...removalChanges(before, { sourceId: 's1' }, 'later')
    ]
    const after = apply(before, changes)
    const back = invertChanges(before, changes, now)
    if (!back.ok) throw new Error(back.message)
    const restored = apply(after, back.value)
    const sort = (p: Project) => ({
      annotations: [...p.annotations].sort((a, b) => a.id.localeCompare(b.id)),
      sources: p.sources,
      links: [...p.links].sort((a, b) => a.id.localeCompare(b.id)),
      settings: p.settings
    })
    expect(sort(restored)).toEqual(sort(before))
  })
})

describe('removing what others point at', () => {
  it('removes a claim with its links, and an evidence passage with the links to it', () => {
    const p = checked()
    expect(apply(p, removalChanges(p, { annotationId: 'c1' }, now)).links).toEqual([])
    expect(apply(p, removalChanges(p, { annotationId: 'e1' }, now)).links.map((l) => l.id)).toEqual(['l1'])
  })

  it('removes a source record with the links to it and the citations of its passages, keeping the passages', () => {
    const p = apply(checked(), removalChanges(checked(), { sourceId: 's1' }, now))
    expect(p.sources).toEqual([])
    expect(p.links.map((l) => l.id)).toEqual(['l2'])
    expect(p.annotations.find((a) => a.id === 'a-src')).toMatchObject({ kind: 'source', sourceId: null })
  })

  it('shows a link to a deleted source as such instead of hiding it', () => {
    // A plain removeSource (as from a file edited elsewhere) leaves the link dangling.
    const p = apply(checked(), [{ op: 'removeSource', id: 's1' }])
    const views = linksFrom(p, 'c1')
    expect(views.map((v) => [v.label, v.missing])).toEqual([
      ['A deleted source', true],
      ['Officials at the Gatestone Institute disagreed', false]
    ])
    expect(describeLink(p, { ...p.links[0]!, target: { type: 'annotation', id: 'gone' } })).toMatchObject({ label: 'A deleted passage', missing: true })
  })

  it('offers to link a claim only to sources and evidence it is not linked to yet', () => {
    const p = apply(checked(), [{ op: 'addSource', source: source('s2', 'Customs office') }])
    expect(linkCandidates(p, 'c1').map((c) => c.label)).toEqual(['Source: Customs office'])
  })
})
