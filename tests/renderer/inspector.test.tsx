import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDocument } from '../../data/import'
import { applyChanges, type Change } from '../../data/changes'
import { linkCandidates } from '../../data/links'
import type { Link, Project } from '../../data/project'
import type { Stance } from '../../data/vocabulary'
import { Inspector, type InspectorActions } from '../../renderer/Inspector'
import { annotation, now, project, source } from '../data/model'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

function apply(p: Project, changes: Change[]): Project {
  const next = applyChanges(p, changes, now)
  if (!next.ok) throw new Error(next.message)
  return next.value
}

/** A claim, three evidence passages (the second linked to the claim already) and a source. */
function checked(): Project {
  const p = project()
  return apply(p, [
    { op: 'addAnnotation', annotation: annotation(p, 'approximately US$2.8 billion', 'c1') },
    { op: 'addAnnotation', annotation: annotation(p, 'The trade amounts', 'e1', 'evidence') },
    { op: 'addAnnotation', annotation: annotation(p, 'the report said', 'e2', 'evidence') },
    { op: 'addAnnotation', annotation: annotation(p, 'Officials', 'e3', 'evidence') },
    { op: 'addSource', source: source('s1', 'Customs office') },
    { op: 'addLink', link: { id: 'l1', claimId: 'c1', target: { type: 'annotation', id: 'e2' }, stance: 'supports', note: '', createdAt: now, modifiedAt: now } }
  ])
}

let root: Root | null = null
afterEach(() => {
  act(() => root?.unmount())
  root = null
  document.body.innerHTML = ''
})

const added: { claimId: string; target: Link['target']; stance: Stance }[] = []
const nothing = () => undefined
const actions: InspectorActions = {
  patch: nothing,
  createSource: nothing,
  patchSource: nothing,
  attachToSource: nothing,
  addLink: (claimId, target, stance) => added.push({ claimId, target, stance }),
  setStance: nothing,
  removeLink: nothing,
  jumpTo: nothing,
  remove: nothing
}

/** Draw the inspector of `id`, again in the same place when it is drawn already. */
function inspect(p: Project, id: string): HTMLElement {
  if (!root) root = createRoot(document.body.appendChild(document.createElement('div')))
  act(() => root!.render(<Inspector project={p} annotation={p.annotations.find((a) => a.id === id)!} actions={actions} />))
  return document.body
}

const picker = (host: HTMLElement) => [...host.querySelectorAll('label')].find((l) => l.textContent === 'Link to')!.control as HTMLSelectElement
const offered = (host: HTMLElement) => [...picker(host).options].slice(1).map((o) => o.textContent)
const linkButton = (host: HTMLElement) => [...host.querySelectorAll('button')].find((b) => b.textContent === 'Add link')!

function choose(select: HTMLSelectElement, value: string): void {
  act(() => {
    select.value = value
    select.dispatchEvent(new Event('change', { bubbles: true }))
  })
}

describe('the link picker of a claim', () => {
  it('offers every source and evidence passage the claim is not linked to yet', () => {
    const p = checked()
    const host = inspect(p, 'c1')
    expect(offered(host)).toEqual(['Source: Customs office', 'Evidence: “The trade amounts”', 'Evidence: “Officials”'])
    expect(offered(host)).toEqual(linkCandidates(p, 'c1').map((c) => c.label))
  })

  it('keeps offering what the project holds as it is tagged, linked and renamed', () => {
    let p = checked()
    const host = inspect(p, 'c1')
    const steps: Change[][] = [
      [{ op: 'addAnnotation', annotation: annotation(p, 'Gatestone Institute', 'c2') }],
      [{ op: 'addAnnotation', annotation: annotation(p, 'disagreed', 'e4', 'evidence') }],
      [{ op: 'updateSource', id: 's1', patch: { title: 'Customs office of Pakistan', reliability: 'B' }, modifiedAt: now }],
      [{ op: 'addLink', link: { id: 'l2', claimId: 'c1', target: { type: 'source', id: 's1' }, stance: 'refutes', note: '', createdAt: now, modifiedAt: now } }],
      [{ op: 'updateAnnotation', id: 'e1', patch: { kind: 'note' }, modifiedAt: now }],
      [{ op: 'removeLink', id: 'l1' }]
    ]
    for (const changes of steps) {
      p = apply(p, changes)
      inspect(p, 'c1')
      expect(offered(host)).toEqual(linkCandidates(p, 'c1').map((c) => c.label))
    }
    expect(offered(host)).toEqual(['Evidence: “the report said”', 'Evidence: “Officials”', 'Evidence: “disagreed”'])
    // A second document: passages are labelled with the title of theirs.
    const second = buildDocument({ id: 'd2', fileName: 'b.txt', format: 'text', text: 'Follow-up\nMore figures.\n', original: { fileName: 'b.txt', mediaType: 'text/plain', size: 24, sha256: 'b'.repeat(64), importedAt: now } })
    if (!second.ok) throw new Error(second.message)
    p = { ...p, documents: [...p.documents, second.value] }
    inspect(p, 'c1')
    expect(offered(host)).toEqual(linkCandidates(p, 'c1').map((c) => c.label))
    expect(offered(host)[0]).toMatch(/— .+$/)
  })

  it('links the chosen passage with the chosen stance, and forgets the choice on another claim', () => {
    added.length = 0
    const p = apply(checked(), [{ op: 'addAnnotation', annotation: annotation(project(), 'Gatestone Institute', 'c2') }])
    const host = inspect(p, 'c1')
    expect(linkButton(host).disabled).toBe(true)
    choose(picker(host), 'annotation:e3')
    const stance = [...host.querySelectorAll('label')].find((l) => l.textContent === 'Stance')!.control as HTMLSelectElement
    choose(stance, 'refutes')
    act(() => linkButton(host).click())
    expect(added).toEqual([{ claimId: 'c1', target: { type: 'annotation', id: 'e3' }, stance: 'refutes' }])

    choose(picker(host), 'source:s1')
    inspect(p, 'c2')
    expect(picker(host).value).toBe('')
    expect(linkButton(host).disabled).toBe(true)
  })
})
