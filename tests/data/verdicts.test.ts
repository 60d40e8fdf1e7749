import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../data/changes'
import { filterAnnotations, NO_FILTER, NO_VERDICT } from '../../data/filter'
import { claimsByStatus, claimsByVerdict, sourcesByReliability } from '../../data/summary'
import { DEFAULT_SCALE, findVerdict, ratingBounds, VERDICT_PRESETS, withVerdict } from '../../data/verdicts'
import type { Project } from '../../data/project'
import { annotation, now, project, source } from './model'

function withClaims(): Project {
  const p = project()
  const result = applyChanges(
    p,
    [
      { op: 'addAnnotation', annotation: { ...annotation(p, 'approximately US$2.8 billion', 'c1'), verdict: 'Mostly true', status: 'researching', claimant: 'Gatestone' } },
      { op: 'addAnnotation', annotation: { ...annotation(p, 'the report said', 'c2'), verdict: 'Pants on fire' } },
      { op: 'addAnnotation', annotation: annotation(p, 'Officials', 'c3') },
      { op: 'addAnnotation', annotation: { ...annotation(p, 'Gatestone Institute', 's', 'source'), note: 'think tank' } },
      { op: 'addSource', source: { ...source('s1', 'Gatestone Institute'), reliability: 'C' } },
      { op: 'addSource', source: source('s2', 'Customs') }
    ],
    now
  )
  if (!result.ok) throw new Error(result.message)
  return result.value
}

describe('verdict scales', () => {
  it('default to True (5) … False (1), Unverifiable and Not rated, with presets to start from', () => {
    expect(DEFAULT_SCALE.labels.map((l) => [l.label, l.value])).toEqual([
      ['True', 5],
      ['Mostly true', 4],
      ['Half true', 3],
      ['Mostly false', 2],
      ['False', 1],
      ['Unverifiable', null],
      ['Not rated', null]
    ])
    expect(VERDICT_PRESETS.map((p) => p.name)).toEqual(['Default', 'PolitiFact-style', 'Snopes-style', 'Newsroom-neutral'])
    expect(ratingBounds(VERDICT_PRESETS[1]!)).toEqual({ best: 6, worst: 1 })
  })

  it('match verdicts ignoring case and space, and add an unknown one marked as imported', () => {
    expect(findVerdict(DEFAULT_SCALE, '  mostly TRUE ')?.label).toBe('Mostly true')
    const scale = withVerdict(DEFAULT_SCALE, 'Pants on fire')
    expect(scale.labels.at(-1)).toMatchObject({ label: 'Pants on fire', value: null, imported: true })
    expect(withVerdict(scale, 'pants on fire')).toBe(scale)
  })

  it('count a verdict no longer on the scale apart, never as another label', () => {
    const bars = claimsByVerdict(withClaims())
    expect(bars.find((b) => b.label === 'Mostly true')!.count).toBe(1)
    expect(bars.find((b) => b.label === 'Pants on fire')).toMatchObject({ count: 1, onScale: false })
    expect(bars.at(-1)).toMatchObject({ label: 'No verdict yet', count: 1 })
  })
})

describe('summaries', () => {
  it('count claims by status and sources by reliability', () => {
    const p = withClaims()
    expect(claimsByStatus(p).map((b) => [b.label, b.count])).toEqual([
      ['To check', 2],
      ['Researching', 1],
      ['Ready for review', 0],
      ['Published', 0]
    ])
    const reliability = sourcesByReliability(p)
    expect(reliability.find((b) => b.label.startsWith('C'))!.count).toBe(1)
    expect(reliability.at(-1)).toMatchObject({ label: 'Not rated yet', count: 1 })
  })
})

describe('filtering the annotation list', () => {
  const ids = (p: Project, filter: Partial<typeof NO_FILTER>, sort: 'position' | 'status' = 'position') =>
    filterAnnotations(p, p.annotations, { ...NO_FILTER, ...filter }, sort).map((a) => a.id)

  it('filters by kind, status, verdict (ignoring case), no verdict, and text', () => {
    const p = withClaims()
    expect(ids(p, {})).toEqual(['c1', 'c2', 'c3', 's'])
    expect(ids(p, { kind: 'source' })).toEqual(['s'])
    expect(ids(p, { status: 'researching' })).toEqual(['c1'])
    expect(ids(p, { verdict: 'mostly true' })).toEqual(['c1'])
    expect(ids(p, { verdict: 'Pants on fire' })).toEqual(['c2'])
    expect(ids(p, { verdict: NO_VERDICT })).toEqual(['c3'])
    expect(ids(p, { text: 'GATESTONE' })).toEqual(['c1', 's'])
    expect(ids(p, { text: 'think tank' })).toEqual(['s'])
  })

  it('sorts by status, claims first in the order of the check', () => {
    expect(ids(withClaims(), {}, 'status')).toEqual(['c2', 'c3', 'c1', 's'])
  })
})
