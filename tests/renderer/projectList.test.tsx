import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProjectSummary } from '../../data/project'
import { ok } from '../../data/result'
import { ProjectList } from '../../renderer/ProjectList'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** `count` projects, newest first, as the store lists them. */
function summaries(count: number): ProjectSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const n = count - 1 - i
    const at = new Date(Date.UTC(2026, 0, 1, 9, 0) + n * 60_000).toISOString()
    return { id: `p${n}`, title: `Story ${n}`, createdAt: at, updatedAt: at, documentCount: 1, annotationCount: n % 3, counts: { claim: n % 3, source: 0, evidence: 0, note: 0 } }
  })
}

let root: Root | null = null
afterEach(() => {
  act(() => root?.unmount())
  root = null
  document.body.innerHTML = ''
})

function show(projects: ProjectSummary[]): { host: HTMLElement; opened: string[]; deleted: string[] } {
  const host = document.body.appendChild(document.createElement('div'))
  const opened: string[] = []
  const deleted: string[] = []
  const noop = () => undefined
  root = createRoot(host)
  act(() =>
    root!.render(
      <ProjectList
        listing={{ projects, problems: [] }}
        dataDir={null}
        onOpen={(id) => opened.push(id)}
        onImportFiles={noop}
        onChooseFiles={null}
        onPaste={async () => false}
        onRename={noop}
        onDelete={(p) => deleted.push(p.id)}
        onListBackups={async () => ok({ backups: [] })}
        onRestoreBackup={noop}
        onOpenReadOnly={noop}
      />
    )
  )
  return { host, opened, deleted }
}

const button = (host: HTMLElement, name: string) => [...host.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)

describe('the project list', () => {
  it('draws the rows in view of a thousand projects, each telling its place in the whole list', () => {
    const { host } = show(summaries(1000))
    const rows = host.querySelectorAll('.fw-project-list > li')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('1000')
    expect(rows[0]!.getAttribute('aria-posinset')).toBe('1')
    expect(rows[0]!.querySelector('.fw-project-title')!.textContent).toBe('Story 999')
    // The rows not drawn still take their room, so the scroll bar is that of the whole list.
    expect(parseFloat((host.querySelector('.fw-project-list') as HTMLElement).style.paddingBottom)).toBeGreaterThan(50_000)
  })

  it('names every button of a row after its project, and each does what it says', () => {
    const { host, opened, deleted } = show(summaries(3))
    expect(host.querySelectorAll('.fw-project-list > li')).toHaveLength(3)
    act(() => button(host, 'Delete Story 1')!.click())
    expect(deleted).toEqual(['p1'])
    act(() => host.querySelectorAll<HTMLButtonElement>('.fw-project-open')[2]!.click())
    expect(opened).toEqual(['p0'])
    act(() => button(host, 'Rename Story 2')!.click())
    expect(host.querySelector<HTMLInputElement>('.fw-rename input')!.value).toBe('Story 2')
    expect(button(host, 'Backups of Story 0')!.getAttribute('aria-expanded')).toBe('false')
  })

  it('writes when each project was updated as the locale writes a date and a time', () => {
    const projects = summaries(2)
    const { host } = show(projects)
    const meta = [...host.querySelectorAll('.fw-project-meta')].map((m) => m.textContent)
    const written = new Date(projects[0]!.updatedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
    expect(meta[0]).toBe(`1 annotation · 1 document · updated ${written}`)
  })
})
