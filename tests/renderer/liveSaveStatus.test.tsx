import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import type { Bridge } from '../../data/api'
import { ANNOTATION_DEFAULTS, type Annotation, type Project } from '../../data/project'
import { ProjectStore } from '../../main/projectStore'
import { createWorkbench } from '../../main/workbench'
import { LiveSaveStatus } from '../../renderer/LiveSaveStatus'
import { registerPendingEdit } from '../../renderer/pendingEdits'
import { Session } from '../../renderer/session'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const now = '2026-01-01T00:00:00.000Z'
let dir: string
let wb: ReturnType<typeof createWorkbench>
let project: Project
let root: Root | null = null
let session: Session | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factwork-status-'))
  wb = createWorkbench({ store: await ProjectStore.open(dir), host: 'browser', version: 't' })
  const created = await wb.createProject({ fileName: 'a.txt', content: 'Headline\nFirst paragraph here.\n', encoding: 'utf8' })
  if (!created.ok) throw new Error(created.message)
  const got = await wb.getProject({ id: created.value.project.id })
  if (!got.ok) throw new Error(got.message)
  project = got.value
})

afterEach(async () => {
  act(() => root?.unmount())
  root = null
  await session?.dispose()
  session = null
  document.body.innerHTML = ''
  await rm(dir, { recursive: true, force: true })
})

function claim(): Annotation {
  const document = project.documents[0]!
  const start = document.text.indexOf('First paragraph')
  const end = start + 'First paragraph'.length
  return { ...ANNOTATION_DEFAULTS, tags: [], id: 'a1', documentId: document.id, kind: 'claim', start, end, quote: quoteAt(document.text, start, end), createdAt: now, modifiedAt: now }
}

/** The status of a session saving through `bridge`, and every text it has shown. */
function show(bridge: Pick<Bridge, 'saveChanges'>): { status: () => string; shown: string[] } {
  const opened = new Session(bridge, project)
  session = opened
  const host = document.body.appendChild(document.createElement('div'))
  root = createRoot(host)
  act(() => root!.render(<LiveSaveStatus session={opened} />))
  const status = () => host.querySelector('[role="status"], [role="alert"]')?.textContent ?? ''
  const shown = [status()]
  new MutationObserver(() => {
    if (status() && status() !== shown.at(-1)) shown.push(status())
  }).observe(host, { subtree: true, childList: true, characterData: true })
  return { status, shown }
}

const wait = (ms: number) => act(() => new Promise<void>((done) => setTimeout(done, ms)))

describe('the save status', () => {
  it('goes from unsaved to saved without saying “Saving…” for a save that takes a moment', async () => {
    const { status, shown } = show(wb)
    act(() => void session!.edit('Tag claim', [{ op: 'addAnnotation', annotation: claim() }]))
    await act(() => session!.flush())
    await wait(0)
    expect(shown.slice(1, -1)).toEqual(['Unsaved changes'])
    expect(status()).toMatch(/^All changes saved · /)
  })

  it('says “Saving…” once a save has gone on for a while, then that it is saved', async () => {
    let release = () => undefined as void
    const slow: Pick<Bridge, 'saveChanges'> = {
      saveChanges: async (request) => {
        await new Promise<void>((done) => (release = done))
        return wb.saveChanges(request)
      }
    }
    const { status } = show(slow)
    act(() => void session!.edit('Tag claim', [{ op: 'addAnnotation', annotation: claim() }]))
    let saved: Promise<void> = Promise.resolve()
    act(() => void (saved = session!.flush()))
    await wait(50)
    expect(status()).toBe('Unsaved changes')
    await wait(500)
    expect(status()).toBe('Saving…')
    release()
    await act(() => saved)
    expect(status()).toMatch(/^All changes saved · /)
  })

  it('says there are unsaved changes while typed text has not reached the session, and that all is saved once it has', async () => {
    const { status, shown } = show(wb)
    expect(status()).toMatch(/^All changes saved/)
    let committed = false
    let unregister = () => undefined as unknown
    act(() => {
      unregister = registerPendingEdit(() => {
        committed = true
      })
    })
    expect(status()).toBe('Unsaved changes')
    // The typing reaches the session as an edit, which is then saved.
    act(() => {
      unregister()
      void session!.edit('Tag claim', [{ op: 'addAnnotation', annotation: claim() }])
    })
    expect(status()).toBe('Unsaved changes')
    await act(() => session!.flush())
    await wait(0)
    expect(status()).toMatch(/^All changes saved · /)
    expect(shown.slice(1, -1)).toEqual(['Unsaved changes'])
    expect(committed).toBe(false)
  })
})
