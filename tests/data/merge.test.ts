import { describe, expect, it } from 'vitest'
import { anchorFits, quoteAt } from '../../data/anchor'
import { buildDocument } from '../../data/import'
import { mergeProjects, resolveConflicts } from '../../data/merge'
import { describeMerge, type MergeConflict } from '../../data/mergeReport'
import { Project, type Annotation, type ArticleDocument, type Link } from '../../data/project'
import { VERDICT_PRESETS } from '../../data/verdicts'
import { annotation, now, project, source } from './model'

const later = '2026-01-02T09:00:00.000Z'
const latest = '2026-01-03T17:30:00.000Z'
const merging = '2026-01-04T08:00:00.000Z'

/** The shared version: the article with two claims and a source. */
function shared(): Project {
  const p = project()
  return {
    ...p,
    annotations: [annotation(p, 'approximately US$2.8 billion', 'c1'), annotation(p, 'Officials at the Gatestone Institute disagreed', 'c2')],
    sources: [source('s1', 'Gatestone Institute report')]
  }
}

function edit<T extends { modifiedAt: string }>(item: T, patch: Partial<T>, at: string): T {
  return { ...item, ...patch, modifiedAt: at }
}

function withAnnotation(p: Project, id: string, patch: Partial<Annotation>, at: string): Project {
  return { ...p, annotations: p.annotations.map((a) => (a.id === id ? edit(a, patch, at) : a)) }
}

function link(id: string, claimId: string, target: Link['target'], stance: Link['stance'] = 'supports'): Link {
  return { id, claimId, target, stance, note: '', createdAt: now, modifiedAt: now }
}

function documentOf(id: string, text: string): ArticleDocument {
  const doc = buildDocument({ id, fileName: `${id}.txt`, format: 'text', text, original: { fileName: `${id}.txt`, mediaType: 'text/plain', size: text.length, sha256: 'c'.repeat(64), importedAt: now } })
  if (!doc.ok) throw new Error(doc.message)
  return doc.value
}

/** A merged project is a valid project whose annotations all fit their documents. */
function expectSound(p: Project): void {
  expect(Project.safeParse(p).success).toBe(true)
  for (const a of p.annotations) expect(anchorFits(p.documents.find((d) => d.id === a.documentId)!.text, a)).toBe(true)
}

const byId = <T extends { id: string }>(items: readonly T[], id: string) => items.find((i) => i.id === id)

describe('merging a colleague’s project', () => {
  it('adds what only the colleague has and skips what both have', () => {
    const base = shared()
    const report2 = documentOf('d2', 'Gatestone report\nIran was the first country to recognise Pakistan in 1947.\n')
    const theirs: Project = {
      ...base,
      documents: [...base.documents, report2],
      annotations: [...base.annotations, { ...annotation({ ...base, documents: [report2] }, 'first country to recognise Pakistan', 'e1', 'evidence', 'd2') }],
      sources: [...base.sources, source('s2', 'Pakistan customs statistics')],
      links: [link('l1', 'c1', { type: 'annotation', id: 'e1' }, 'refutes'), link('l2', 'c1', { type: 'source', id: 's2' })],
      settings: { ...base.settings, tags: [{ id: 't1', name: 'Economy', color: '#336699' }] }
    }
    const { project: merged, report } = mergeProjects(base, theirs, merging, { origin: 'amira.factwork' })
    expect(report.added).toEqual({ documents: 1, annotations: 1, orphans: 0, sources: 1, links: 2, tags: 1, verdicts: 0 })
    expect(report.conflicts).toEqual([])
    expect(report.unchanged).toBe(1 + 2 + 1 + VERDICT_PRESETS[0]!.labels.length)
    expect(merged.documents.map((d) => d.id)).toEqual(['d1', 'd2'])
    expect(merged.links).toEqual(theirs.links)
    expect(merged).toMatchObject({ revision: base.revision + 1, updatedAt: merging })
    expectSound(merged)
    expect(describeMerge(report)[0]).toBe('Merged amira.factwork: added 1 document, 1 annotation, 1 source, 2 links, 1 tag; 11 items already up to date.')
  })

  it('merges two colleagues’ edits of different claims cleanly, given the version they shared', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false', ruling: 'Customs say US$1.9 billion.' }, later)
    const theirs = {
      ...withAnnotation(base, 'c2', { claimant: 'Gatestone Institute', status: 'researching' }, latest),
      sources: [edit(base.sources[0]!, { reliability: 'C' as const }, latest)]
    }
    const { project: merged, report } = mergeProjects(mine, theirs, merging, { origin: 'amira.factwork', base })
    expect(report.conflicts).toEqual([])
    expect(report.updated).toBe(2)
    expect(byId(merged.annotations, 'c1')).toEqual(byId(mine.annotations, 'c1'))
    expect(byId(merged.annotations, 'c2')).toEqual(byId(theirs.annotations, 'c2'))
    expect(byId(merged.sources, 's1')!.reliability).toBe('C')
    expectSound(merged)
    expect(describeMerge(report)[0]).toBe('Merged amira.factwork: nothing new; took 2 items changed only there; 9 items already up to date.')
  })

  it('shows every difference as a conflict, keeping mine, when there is no shared version to tell who changed what', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false' }, later)
    const theirs = withAnnotation(base, 'c2', { claimant: 'Gatestone Institute' }, latest)
    const { project: merged, report } = mergeProjects(mine, theirs, merging)
    expect(report.conflicts.map((c) => [c.key, c.fields])).toEqual([
      ['annotation:c1', ['verdict', 'modifiedAt']],
      ['annotation:c2', ['claimant', 'modifiedAt']]
    ])
    expect(merged).toBe(mine)
  })

  it('keeps my version of a claim both edited differently and records both, with when each was changed', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false', confidence: 'high' }, later)
    const theirs = withAnnotation(base, 'c1', { verdict: 'False', ruling: 'No such trade figure exists.' }, latest)
    const { project: merged, report } = mergeProjects(mine, theirs, merging, { origin: 'amira.factwork', base })
    expect(merged).toBe(mine)
    expect(report.changed).toBe(false)
    expect(report.conflicts).toHaveLength(1)
    const conflict = report.conflicts[0]!
    expect(conflict).toMatchObject({
      kind: 'annotation',
      key: 'annotation:c1',
      description: 'Claim “approximately US$2.8 billion”',
      fields: ['confidence', 'verdict', 'ruling', 'modifiedAt'],
      mine: byId(mine.annotations, 'c1'),
      theirs: byId(theirs.annotations, 'c1'),
      modifiedAt: { mine: later, theirs: latest },
      origin: 'amira.factwork'
    })
    expect(describeMerge(report)).toEqual([
      'Merged amira.factwork: nothing new; 1 item changed on both sides; 10 items already up to date.',
      '1 item differs from amira.factwork; your version was kept:',
      `  annotation:c1: Claim “approximately US$2.8 billion” differs in confidence, verdict, ruling, modifiedAt (yours changed ${later}, theirs ${latest}).`
    ])
  })

  it('takes their version of a conflict when the person chooses it, and only then', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false' }, later)
    const theirs = { ...withAnnotation(base, 'c1', { verdict: 'False' }, latest), sources: [edit(base.sources[0]!, { title: 'Gatestone report (2026)' }, latest)] }
    const mineEdited = { ...mine, sources: [edit(base.sources[0]!, { title: 'The Gatestone report' }, later)] }
    const { project: merged, report } = mergeProjects(mineEdited, theirs, merging, { base })
    expect(report.conflicts.map((c) => c.key)).toEqual(['annotation:c1', 'source:s1'])
    const resolved = resolveConflicts(merged, report.conflicts, { 'annotation:c1': 'theirs', 'source:s1': 'mine' }, '2026-01-04T08:05:00.000Z')
    if (!resolved.ok) throw new Error(resolved.message)
    expect(byId(resolved.value.annotations, 'c1')).toEqual(byId(theirs.annotations, 'c1'))
    expect(byId(resolved.value.sources, 's1')!.title).toBe('The Gatestone report')
    expect(resolved.value).toMatchObject({ revision: merged.revision + 1, updatedAt: '2026-01-04T08:05:00.000Z' })
    expectSound(resolved.value)
    expect(resolveConflicts(merged, report.conflicts, {}, merging)).toEqual({ ok: true, value: merged })
  })

  it('refuses to take their version of an item that changed since the merge', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false' }, later)
    const theirs = withAnnotation(base, 'c1', { verdict: 'False' }, latest)
    const { project: merged, report } = mergeProjects(mine, theirs, merging, { origin: 'amira.factwork', base })
    const editedSince = withAnnotation(merged, 'c1', { ruling: 'Written after the merge.' }, merging)
    expect(resolveConflicts(editedSince, report.conflicts, { 'annotation:c1': 'theirs' }, merging)).toEqual({
      ok: false,
      code: 'conflict',
      message: 'Claim “approximately US$2.8 billion” has changed since the merge; merge amira.factwork again to see how it differs now.'
    })
  })

  it('changes nothing when the same project is merged twice', () => {
    const base = shared()
    const mine = withAnnotation(base, 'c1', { verdict: 'Mostly false' }, later)
    const theirs: Project = {
      ...withAnnotation(base, 'c1', { verdict: 'False' }, latest),
      annotations: [...withAnnotation(base, 'c1', { verdict: 'False' }, latest).annotations, annotation(base, 'The trade', 'c3')],
      links: [link('l1', 'c3', { type: 'source', id: 's1' })],
      settings: { ...base.settings, verdictScale: VERDICT_PRESETS[1]! }
    }
    const first = mergeProjects(mine, theirs, merging, { base })
    expect(first.report.changed).toBe(true)
    const second = mergeProjects(first.project, theirs, '2026-01-05T00:00:00.000Z', { base })
    expect(second.report.changed).toBe(false)
    expect(second.project).toBe(first.project)
    expect(second.report.added).toEqual({ documents: 0, annotations: 0, orphans: 0, sources: 0, links: 0, tags: 0, verdicts: 0 })
    expect(second.report.conflicts).toEqual(first.report.conflicts)
    // Without the shared version too.
    expect(mergeProjects(first.project, theirs, merging).project).toBe(first.project)
  })

  it('never places annotations made on another version of a document: they wait among the orphans until the person takes that version', () => {
    const base = shared()
    const fixedText = 'Headline\nThe trade amounts to approximately US$1.9 billion, the corrected report said.\nOfficials at the Gatestone Institute disagreed.\n'
    const fixed = { ...documentOf('d1', fixedText), title: base.documents[0]!.title, original: base.documents[0]!.original }
    const onFixed = { ...base, documents: [fixed] }
    const theirs: Project = {
      ...onFixed,
      annotations: [annotation(onFixed, 'Officials at the Gatestone Institute disagreed', 'c2'), annotation(onFixed, 'approximately US$1.9 billion', 'c9')],
      links: [link('l9', 'c9', { type: 'source', id: 's1' }, 'refutes')]
    }
    const { project: merged, report } = mergeProjects(base, theirs, merging, { origin: 'amira.factwork' })
    expectSound(merged)
    expect(merged.documents[0]).toEqual(base.documents[0])
    const documentConflict = report.conflicts.find((c) => c.kind === 'document') as Extract<MergeConflict, { kind: 'document' }>
    expect(documentConflict).toMatchObject({ key: 'document:d1', fields: ['blocks', 'text'], orphaned: ['c2', 'c9'] })
    expect(merged.orphans.map((o) => o.id)).toEqual(['c9'])
    expect(merged.orphans[0]).toMatchObject({
      origin: 'amira.factwork',
      reason: 'It was made on the version of “Headline” in amira.factwork, whose text differs from this project’s.',
      start: theirs.annotations[1]!.start
    })
    expect(report.orphaned).toEqual([{ id: 'c9', description: 'Claim “approximately US$1.9 billion”', reason: merged.orphans[0]!.reason }])
    expect(report.danglingLinks).toEqual([{ id: 'l9', description: 'The “refutes” link from the claim “approximately US$1.9 billion”: its claim waits among the orphans.' }])
    // c2 exists on both sides; theirs arrives as an orphan of the other text, mine stays placed.
    expect(byId(merged.annotations, 'c2')).toEqual(byId(base.annotations, 'c2'))

    const taken = resolveConflicts(merged, report.conflicts, { 'document:d1': 'theirs' }, '2026-01-04T09:00:00.000Z')
    if (!taken.ok) throw new Error(taken.message)
    expectSound(taken.value)
    expect(taken.value.documents[0]).toEqual(fixed)
    expect(byId(taken.value.annotations, 'c9')).toEqual(theirs.annotations[1])
    // c1's quote is gone from their text: it waits among the orphans; c2 moved with its quote.
    expect(taken.value.orphans.map((o) => [o.id, o.reason])).toEqual([['c1', '“Headline” was replaced by the version in amira.factwork, which does not contain this passage.']])
    const moved = fixed.text.indexOf('Officials')
    expect(byId(taken.value.annotations, 'c2')).toMatchObject({ start: moved, quote: quoteAt(fixed.text, moved, moved + 'Officials at the Gatestone Institute disagreed'.length) })
    expect(mergeProjects(taken.value, theirs, merging).report.danglingLinks).toEqual([])
  })

  it('adds verdicts not on my scale as imported labels, never dropping them', () => {
    const base = shared()
    const theirs: Project = {
      ...withAnnotation(base, 'c2', { verdict: 'Satire' }, latest),
      settings: { ...base.settings, verdictScale: VERDICT_PRESETS[1]! }
    }
    const { project: merged, report } = mergeProjects(base, theirs, merging, { base })
    const labels = merged.settings.verdictScale.labels
    expect(labels.filter((l) => l.imported).map((l) => [l.label, l.value])).toEqual([
      ['Pants on fire', 1],
      ['Satire', null]
    ])
    expect(report.importedVerdicts).toEqual(['Pants on fire', 'Satire'])
    expect(report.conflicts.map((c) => c.key)).toEqual(['verdict:True', 'verdict:Mostly true', 'verdict:Half true', 'verdict:Mostly false', 'verdict:False'])
    expect(byId(merged.annotations, 'c2')!.verdict).toBe('Satire')
    expectSound(merged)
  })

  it('takes a colleague’s tag of the same name as mine and fills in empty publication settings', () => {
    const base = { ...shared(), settings: { ...shared().settings, tags: [{ id: 'mine', name: 'Economy', color: '#336699' }] } }
    const publication = { organization: 'Desk Check', organizationUrl: 'https://desk.example', reviewUrl: '', author: 'Amira Haddad' }
    const tagged = { ...annotation(base, 'The trade', 'c3'), tags: ['theirs'] }
    const theirs: Project = {
      ...base,
      annotations: [...base.annotations, tagged],
      settings: { ...base.settings, tags: [{ id: 'theirs', name: 'economy', color: '#aa0000' }], publication }
    }
    const { project: merged, report } = mergeProjects(base, theirs, merging)
    expect(merged.settings.tags).toEqual(base.settings.tags)
    expect(byId(merged.annotations, 'c3')!.tags).toEqual(['mine'])
    expect(report.mappedTags).toEqual([{ from: 'theirs', to: 'mine', name: 'Economy' }])
    expect(merged.settings.publication).toEqual(publication)
    const mineSet = { ...base, settings: { ...base.settings, publication: { ...publication, author: 'Lena Ortiz' } } }
    const clash = mergeProjects(mineSet, theirs, merging).report.conflicts.find((c) => c.kind === 'publication')
    expect(clash).toMatchObject({ fields: ['author'], mine: { author: 'Lena Ortiz' }, theirs: { author: 'Amira Haddad' } })
  })

  it('keeps removed items removed given the shared version, and reports links left without an end', () => {
    const base = { ...shared(), links: [link('l1', 'c1', { type: 'source', id: 's1' })] }
    const mine = { ...base, annotations: base.annotations.filter((a) => a.id !== 'c2') }
    const theirs = { ...base, links: [...base.links, link('l2', 'c2', { type: 'source', id: 'gone' }, 'context')] }
    const { project: merged, report } = mergeProjects(mine, theirs, merging, { base })
    expect(merged.annotations.map((a) => a.id)).toEqual(['c1'])
    expect(report.notes).toEqual(['1 item you removed since you last shared the project stays removed.'])
    expect(report.danglingLinks).toEqual([{ id: 'l2', description: 'The “context” link l2: its claim is not in the project, and its source is not in the library.' }])
    expectSound(merged)
  })
})
