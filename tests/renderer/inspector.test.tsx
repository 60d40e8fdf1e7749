import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDocument } from '../../data/import'
import { applyChanges, type Change } from '../../data/changes'
import { linkCandidates } from '../../data/links'
import type { Link, Project } from '../../data/project'
import type { Stance } from '../../data/vocabulary'
import { Inspector, type InspectorActions } from '../../renderer/Inspector'
import { SHOWN_MATCHES } from '../../renderer/LinkPicker'
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

const picker = (host: HTMLElement) => [...host.querySelectorAll('label')].find((l) => l.textContent === 'Link to')!.control as HTMLInputElement
const listed = (host: HTMLElement) => [...host.querySelectorAll('[role="option"]')].map((o) => o.textContent)
const linkButton = (host: HTMLElement) => [...host.querySelectorAll('button')].find((b) => b.textContent === 'Add link')!

/** What the link picker lists when it is opened with nothing typed. */
function offered(host: HTMLElement): (string | null)[] {
  const field = picker(host)
  act(() => field.focus())
  const labels = listed(host)
  act(() => field.blur())
  return labels
}

/** Type into the link picker, as a person does (React hears the input event). */
function type(field: HTMLInputElement, text: string): void {
  act(() => {
    field.focus()
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, text)
    field.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

function press(field: HTMLInputElement, key: string): void {
  act(() => {
    field.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  })
}

/** Choose the entry labelled `label` in the link picker with the mouse. */
function pick(host: HTMLElement, label: string): void {
  act(() => {
    picker(host).focus()
    picker(host).click()
  })
  const option = [...host.querySelectorAll('[role="option"]')].find((o) => o.textContent === label)
  if (!option) throw new Error(`The link picker does not list ${label}`)
  act(() => {
    option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }))
  })
}

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
    pick(host, 'Evidence: “Officials”')
    expect(picker(host).value).toBe('Evidence: “Officials”')
    const stance = [...host.querySelectorAll('label')].find((l) => l.textContent === 'Stance')!.control as HTMLSelectElement
    choose(stance, 'refutes')
    act(() => linkButton(host).click())
    expect(added).toEqual([{ claimId: 'c1', target: { type: 'annotation', id: 'e3' }, stance: 'refutes' }])
    expect(picker(host).value).toBe('')

    pick(host, 'Source: Customs office')
    inspect(p, 'c2')
    expect(picker(host).value).toBe('')
    expect(linkButton(host).disabled).toBe(true)
  })
})

describe('finding a link target by typing', () => {
  /** The claim and passages of `checked`, and `count` sources named “Report number N”. */
  function withSources(count: number): Project {
    const p = checked()
    return apply(p, Array.from({ length: count }, (_, i): Change => ({ op: 'addSource', source: source(`r${i}`, `Report number ${i}`) })))
  }

  it('lists the entries holding every word typed, in any case and order', () => {
    const host = inspect(withSources(3), 'c1')
    type(picker(host), 'officials')
    expect(listed(host)).toEqual(['Evidence: “Officials”'])
    type(picker(host), 'NUMBER report 2')
    expect(listed(host)).toEqual(['Source: Report number 2'])
    type(picker(host), 'nowhere to be found')
    expect(listed(host)).toEqual([])
    expect(host.querySelector('.fw-combo-list')!.textContent).toContain('No source or evidence matches “nowhere to be found”')
  })

  it('lists the first 50 matches of thousands and tells how many more there are', () => {
    const host = inspect(withSources(2000), 'c1')
    act(() => picker(host).focus())
    expect(listed(host)).toHaveLength(SHOWN_MATCHES)
    expect(listed(host)[0]).toBe('Source: Customs office')
    expect(host.querySelector('.fw-combo-list')!.textContent).toContain(`${(2003 - SHOWN_MATCHES).toLocaleString('en')} more`)
    type(picker(host), 'number 1999')
    expect(listed(host)).toEqual(['Source: Report number 1999'])
  })

  it('chooses with the arrow keys and Enter, closes with Escape, and forgets the choice when typed over', () => {
    const host = inspect(withSources(3), 'c1')
    const field = picker(host)
    type(field, 'report')
    press(field, 'ArrowDown')
    expect(host.querySelector('[aria-selected="true"]')!.textContent).toBe('Source: Report number 1')
    press(field, 'Enter')
    expect(field.value).toBe('Source: Report number 1')
    expect(listed(host)).toEqual([])
    expect(linkButton(host).disabled).toBe(false)

    type(field, 'Source: Report number')
    expect(linkButton(host).disabled).toBe(true)
    press(field, 'Escape')
    expect(listed(host)).toEqual([])
    expect(field.getAttribute('aria-expanded')).toBe('false')
    // Opened again, the list starts on its first match.
    press(field, 'ArrowDown')
    press(field, 'ArrowDown')
    press(field, 'ArrowDown')
    expect(host.querySelector('[aria-selected="true"]')!.textContent).toBe('Source: Report number 2')
    press(field, 'Escape')
    press(field, 'ArrowDown')
    expect(host.querySelector('[aria-selected="true"]')!.textContent).toBe('Source: Report number 0')
  })
})
