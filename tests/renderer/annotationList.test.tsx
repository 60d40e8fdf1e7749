import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { NO_FILTER } from '../../data/filter'
import { ANNOTATION_DEFAULTS, DEFAULT_SETTINGS, type Annotation, type Project } from '../../data/project'
import { AnnotationList } from '../../renderer/AnnotationList'

const now = '2026-01-01T00:00:00.000Z'
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** A project of one document with `count` claims, one per sentence. */
function projectWith(count: number): Project {
  const text = Array.from({ length: count }, (_, i) => `Claim number ${i} says the trade grew.`).join('\n\n')
  let at = 0
  const annotations: Annotation[] = []
  for (let i = 0; i < count; i++) {
    const length = `Claim number ${i}`.length
    annotations.push({ ...ANNOTATION_DEFAULTS, tags: [], id: `c${i}`, documentId: 'd1', kind: 'claim', start: at, end: at + length, quote: quoteAt(text, at, at + length), createdAt: now, modifiedAt: now })
    at += `Claim number ${i} says the trade grew.`.length + 2
  }
  const original = { fileName: 'a.txt', mediaType: 'text/plain', size: 1, sha256: 'a'.repeat(64), importedAt: now }
  return {
    id: 'p1',
    title: 'Trade',
    createdAt: now,
    updatedAt: now,
    revision: 1,
    documents: [{ id: 'd1', title: 'Trade', format: 'text', blocks: [], text, original }],
    annotations,
    sources: [],
    links: [],
    orphans: [],
    settings: DEFAULT_SETTINGS
  }
}

let root: Root | null = null
afterEach(() => {
  act(() => root?.unmount())
  root = null
  document.body.innerHTML = ''
})

function show(project: Project, selectedId: string | null = null): HTMLElement {
  const host = document.body.appendChild(document.createElement('div'))
  root = createRoot(host)
  const noop = () => undefined
  act(() =>
    root!.render(
      <AnnotationList
        project={project}
        shown={project.annotations}
        total={project.annotations.length}
        filter={NO_FILTER}
        sort="position"
        selectedId={selectedId}
        onFilter={noop}
        onSort={noop}
        onChoose={noop}
        onStep={noop}
      />
    )
  )
  return host
}

describe('the annotation list', () => {
  it('draws a few dozen entries of ten thousand, each telling its place in the whole list', () => {
    const host = show(projectWith(10_000))
    const items = host.querySelectorAll('li')
    expect(items.length).toBeGreaterThan(0)
    expect(items.length).toBeLessThan(60)
    expect(items[0]!.getAttribute('aria-setsize')).toBe('10000')
    expect(items[0]!.getAttribute('aria-posinset')).toBe('1')
    expect(items[0]!.querySelector('button')!.textContent).toContain('Claim number 0')
    expect(host.querySelector('[role="status"]')!.textContent).toBe('10000 annotations')
    // The entries not drawn still take their room, so the scroll bar is that of the whole list.
    expect(parseFloat((host.querySelector('ol') as HTMLElement).style.paddingBottom)).toBeGreaterThan(100_000)
  })

  it('marks the selected entry as the current one, for the keyboard and for screen readers', () => {
    const host = show(projectWith(12), 'c3')
    const current = host.querySelectorAll('li.is-selected button[aria-current="true"]')
    expect(current).toHaveLength(1)
    expect(current[0]!.textContent).toContain('Claim number 3')
  })
})
