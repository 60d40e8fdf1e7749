import { describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { applyChanges, type Change } from '../../data/changes'
import { filterAnnotations, NO_FILTER, NO_VERDICT, refilterAnnotations, type AnnotationFilter, type AnnotationSort, type FilteredAnnotations } from '../../data/filter'
import { ANNOTATION_DEFAULTS, type Annotation, type Project } from '../../data/project'
import { CLAIM_STATUSES, type AnnotationKind } from '../../data/vocabulary'
import { now, project, source } from './model'
import { seededRandom } from '../seeded'

/** The same numbers from the same seed (mulberry32). */
function random(seed: number): (n: number) => number {
  const next = seededRandom(seed)
  return (n: number) => Math.floor(next() * n)
}

const KINDS: AnnotationKind[] = ['claim', 'claim', 'source', 'evidence', 'note']
const VERDICTS = [null, 'True', 'Mostly false', 'Pants on fire']

const ARTICLE = `Headline\n${Array.from({ length: 60 }, (_, i) => `Paragraph ${i} says the port handled ${i * 7} million tonnes of cargo last year.`).join('\n')}\n`

function apply(p: Project, changes: Change[]): Project {
  const next = applyChanges(p, changes, now)
  if (!next.ok) throw new Error(next.message)
  return next.value
}

/** A random passage of the article: stacked on an earlier one now and then, so that some sort
 *  keys tie. */
function passage(p: Project, next: (n: number) => number, id: string, reuse: readonly Annotation[]): Annotation {
  const text = p.documents[0]!.text
  const twin = reuse.length && next(4) === 0 ? reuse[next(reuse.length)]! : null
  const start = twin ? twin.start : 9 + next(text.length - 60)
  const end = twin ? twin.end : start + 3 + next(40)
  const kind = KINDS[next(KINDS.length)]!
  return {
    ...ANNOTATION_DEFAULTS,
    tags: next(3) === 0 ? ['t1'] : [],
    id,
    documentId: 'd1',
    kind,
    start,
    end,
    quote: quoteAt(text, start, end),
    status: CLAIM_STATUSES[next(CLAIM_STATUSES.length)]!.value,
    verdict: kind === 'claim' ? VERDICTS[next(VERDICTS.length)]! : null,
    note: next(5) === 0 ? 'Checked with the harbour authority' : '',
    createdAt: now,
    modifiedAt: now
  }
}

const FILTERS: [AnnotationFilter, AnnotationSort][] = [
  [NO_FILTER, 'position'],
  [NO_FILTER, 'status'],
  [{ ...NO_FILTER, kind: 'claim' }, 'status'],
  [{ ...NO_FILTER, verdict: NO_VERDICT }, 'position'],
  [{ ...NO_FILTER, tag: 't1', text: 'harbour' }, 'position'],
  [{ ...NO_FILTER, status: 'researching' }, 'status']
]

const ids = (list: readonly Annotation[]) => list.map((a) => a.id)

describe('keeping the annotation list across edits', () => {
  it('shows what filtering and sorting every annotation would, through tags, edits, typing, deletions and undone deletions', () => {
    const next = random(20_260_101)
    let p = apply(project(ARTICLE), [{ op: 'addSource', source: source('s1', 'Harbour authority') }])
    const start: Annotation[] = []
    for (let i = 0; i < 300; i++) start.push(passage(p, next, `a${i}`, start))
    p = apply(p, start.map((annotation) => ({ op: 'addAnnotation', annotation })))
    const lists: (FilteredAnnotations | null)[] = FILTERS.map(() => null)
    const deleted: Annotation[] = []
    let made = 300
    for (let step = 0; step < 400; step++) {
      const all = p.annotations
      const pick = all[next(all.length)]!
      const roll = next(10)
      let changes: Change[]
      if (roll < 3) changes = [{ op: 'addAnnotation', annotation: passage(p, next, `a${made++}`, all) }]
      else if (roll < 5) changes = [{ op: 'updateAnnotation', id: pick.id, patch: { status: CLAIM_STATUSES[next(4)]!.value, verdict: pick.kind === 'claim' ? VERDICTS[next(4)]! : null }, modifiedAt: now }]
      else if (roll < 6) changes = [{ op: 'updateAnnotation', id: pick.id, patch: { kind: KINDS[next(KINDS.length)]!, tags: pick.tags.length ? [] : ['t1'] }, modifiedAt: now }]
      else if (roll < 7) {
        // Typing moves every passage after it: near the end of the article, only a few.
        const text = p.documents[0]!.text
        const at = next(2) ? text.length - 1 - next(80) : next(text.length)
        changes = [{ op: 'editText', documentId: 'd1', edits: [{ from: at, to: at, text: 'new ' }] }]
      }
      else if (roll < 8) {
        deleted.push(pick)
        changes = [{ op: 'removeAnnotation', id: pick.id }]
      } else if (roll < 9 && deleted.length) changes = [{ op: 'addAnnotation', annotation: deleted.pop()! }]
      else changes = [0, 1, 2].map(() => ({ op: 'updateAnnotation' as const, id: all[next(all.length)]!.id, patch: { note: `Note ${step}` }, modifiedAt: now }))
      const changed = applyChanges(p, changes, now)
      if (!changed.ok) continue
      p = changed.value
      FILTERS.forEach(([filter, sort], i) => {
        lists[i] = refilterAnnotations(lists[i]!, p, filter, sort)
        expect(ids(lists[i]!.shown), `step ${step}, list ${i}`).toEqual(ids(filterAnnotations(p, p.annotations, filter, sort)))
      })
    }
    expect(p.annotations.length).toBeGreaterThan(300)
  })

  it('keeps the very same list when an edit changes nothing it shows', () => {
    const p = project(ARTICLE)
    const next = random(7)
    const start: Annotation[] = []
    for (let i = 0; i < 50; i++) start.push({ ...passage(p, next, `a${i}`, start), kind: i % 2 ? 'claim' : 'source' })
    const before = apply(p, start.map((annotation) => ({ op: 'addAnnotation', annotation })))
    const sources = { ...NO_FILTER, kind: 'source' as const }
    const list = refilterAnnotations(null, before, sources, 'position')
    const claim = before.annotations.find((a) => a.kind === 'claim')!
    const after = apply(before, [{ op: 'updateAnnotation', id: claim.id, patch: { note: 'Not a source' }, modifiedAt: now }])
    expect(refilterAnnotations(list, after, sources, 'position').shown).toBe(list.shown)
    expect(refilterAnnotations(list, before, sources, 'position')).toBe(list)
  })

  it('starts afresh when the filter, the order or the source titles change', () => {
    const p = project(ARTICLE)
    const next = random(11)
    const start: Annotation[] = []
    for (let i = 0; i < 40; i++) start.push({ ...passage(p, next, `a${i}`, start), sourceId: i % 3 ? null : 's1' })
    const before = apply(p, [{ op: 'addSource', source: source('s1', 'Customs office') }, ...start.map((annotation): Change => ({ op: 'addAnnotation', annotation }))])
    const byText = { ...NO_FILTER, text: 'ministry' }
    const list = refilterAnnotations(null, before, byText, 'position')
    expect(list.shown).toEqual([])
    const renamed = apply(before, [{ op: 'updateSource', id: 's1', patch: { title: 'Trade ministry' }, modifiedAt: now }])
    const cited = ids(filterAnnotations(renamed, renamed.annotations, byText, 'position'))
    expect(cited.length).toBeGreaterThan(0)
    expect(ids(refilterAnnotations(list, renamed, byText, 'position').shown)).toEqual(cited)
    expect(ids(refilterAnnotations(list, renamed, NO_FILTER, 'status').shown)).toEqual(ids(filterAnnotations(renamed, renamed.annotations, NO_FILTER, 'status')))
  })
})
