import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { quoteAt } from '../../data/anchor'
import type { Bridge } from '../../data/api'
import type { Change } from '../../data/changes'
import { ANNOTATION_DEFAULTS, type Annotation, type Project } from '../../data/project'
import { createWorkbench } from '../../main/workbench'
import { ProjectStore } from '../../main/projectStore'
import { Session, type SaveState } from '../../renderer/session'

const now = '2026-01-01T00:00:00.000Z'

let dir: string
let wb: ReturnType<typeof createWorkbench>
let project: Project
let session: Session | null = null

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'factwork-session-'))
  wb = createWorkbench({ store: await ProjectStore.open(dir), host: 'browser', version: 't' })
  const created = await wb.createProject({ fileName: 'a.txt', content: 'Headline\nFirst paragraph here.\nSecond one.\n', encoding: 'utf8' })
  if (!created.ok) throw new Error(created.message)
  const got = await wb.getProject({ id: created.value.project.id })
  if (!got.ok) throw new Error(got.message)
  project = got.value
})

afterEach(async () => {
  await session?.dispose()
  session = null
  await rm(dir, { recursive: true, force: true })
})

/** A claim on the first occurrence of `exact` in the project's document. */
function claim(exact: string, id = 'a1'): Annotation {
  const document = project.documents[0]!
  const start = document.text.indexOf(exact)
  if (start < 0) throw new Error(`"${exact}" is not in the document`)
  const end = start + exact.length
  return { ...ANNOTATION_DEFAULTS, tags: [], id, documentId: document.id, kind: 'claim', start, end, quote: quoteAt(document.text, start, end), createdAt: now, modifiedAt: now }
}

const tag = (annotation: Annotation): Change[] => [{ op: 'addAnnotation', annotation }]

/** The annotations on disk, read through a store opened afresh on the same folder. */
async function onDisk(): Promise<string[]> {
  const fresh = createWorkbench({ store: await ProjectStore.open(dir), host: 'browser', version: 't' })
  const saved = await fresh.getProject({ id: project.id })
  if (!saved.ok) throw new Error(saved.message)
  return saved.value.annotations.map((a) => a.quote.exact)
}

const shown = (s: Session): string[] => s.getSnapshot().project.annotations.map((a) => a.quote.exact)

/** A session whose save states are recorded as they are announced. */
function open(bridge: Pick<Bridge, 'saveChanges'> = wb): { session: Session; states: SaveState['kind'][] } {
  const opened = new Session(bridge, project)
  const states: SaveState['kind'][] = []
  opened.subscribe(() => states.push(opened.getSnapshot().save.kind))
  session = opened
  return { session: opened, states }
}

describe('tagging a passage', () => {
  it('shows the tag at once, then saves it to disk', async () => {
    const { session, states } = open()
    expect(session.getSnapshot().save).toEqual({ kind: 'saved', at: project.updatedAt })
    session.edit('Tag claim', tag(claim('First paragraph')))
    expect(shown(session)).toEqual(['First paragraph'])
    expect(session.getSnapshot().save.kind).toBe('pending')
    expect(session.dirty).toBe(true)
    await session.flush()
    expect(states).toEqual(['pending', 'saving', 'saved'])
    expect(session.dirty).toBe(false)
    expect(await onDisk()).toEqual(['First paragraph'])
  })

  it('saves on its own a moment after the last edit, one save for a burst of edits', async () => {
    const save = vi.fn(wb.saveChanges)
    const { session } = open({ saveChanges: save })
    session.edit('Tag claim', tag(claim('First paragraph', 'a1')))
    session.edit('Tag claim', tag(claim('Second one', 'a2')))
    await vi.waitFor(() => expect(session.getSnapshot().save.kind).toBe('saved'), { timeout: 3000 })
    expect(save).toHaveBeenCalledTimes(1)
    expect(await onDisk()).toEqual(['First paragraph', 'Second one'])
  })
})

describe('undo and redo', () => {
  it('takes a tag away and puts it back, saving each step', async () => {
    const { session } = open()
    expect(session.undo()).toBe(false)
    session.edit('Tag claim', tag(claim('Second one')))
    await session.flush()

    expect(session.undo()).toBe(true)
    expect(shown(session)).toEqual([])
    expect(session.getSnapshot()).toMatchObject({ canUndo: false, canRedo: true, save: { kind: 'pending' } })
    await session.flush()
    expect(session.getSnapshot().save.kind).toBe('saved')
    expect(await onDisk()).toEqual([])

    expect(session.redo()).toBe(true)
    expect(shown(session)).toEqual(['Second one'])
    expect(session.getSnapshot()).toMatchObject({ canUndo: true, canRedo: false })
    await session.flush()
    expect(await onDisk()).toEqual(['Second one'])
    expect(session.redo()).toBe(false)
  })

  it('brings back a removed tag with its note, and forgets what could be redone after a new edit', async () => {
    const noted = { ...claim('Headline'), note: 'Check the date' }
    project = { ...project, annotations: [noted] }
    await wb.saveChanges({ id: project.id, changes: tag(noted) })
    const { session } = open()
    session.edit('Remove', [{ op: 'removeAnnotation', id: noted.id }])
    session.undo()
    expect(session.find(noted.id)?.note).toBe('Check the date')
    session.edit('Tag claim', tag(claim('Second one', 'a2')))
    expect(session.getSnapshot().canRedo).toBe(false)
    await session.flush()
    expect(await onDisk()).toEqual(['Headline', 'Second one'])
  })

  it('tells listeners about the changes of edits, undos and redos', () => {
    const { session } = open()
    const heard: Change[][] = []
    const stop = session.onApplied((changes) => heard.push([...changes]))
    const a = claim('Headline')
    session.edit('Tag claim', tag(a))
    session.undo()
    session.redo()
    expect(heard).toEqual([[{ op: 'addAnnotation', annotation: a }], [{ op: 'removeAnnotation', id: a.id }], [{ op: 'addAnnotation', annotation: a }]])
    stop()
    session.undo()
    expect(heard).toHaveLength(3)
  })
})

describe('a save that fails', () => {
  /** The real workbench, except that the first `failures` saves fail as a full disk would. */
  function failing(failures: number): Pick<Bridge, 'saveChanges'> {
    let left = failures
    return {
      saveChanges: async (args) => (left-- > 0 ? { ok: false, code: 'io', message: 'Disk full' } : wb.saveChanges(args))
    }
  }

  it('says so with the reason, keeps the edit, and saves it on a later try', async () => {
    const { session } = open(failing(1))
    session.edit('Tag claim', tag(claim('First paragraph')))
    await session.flush()
    expect(session.getSnapshot().save).toEqual({ kind: 'failed', message: 'Disk full' })
    expect(shown(session)).toEqual(['First paragraph'])
    expect(session.dirty).toBe(true)
    expect(await onDisk()).toEqual([])

    await session.flush()
    expect(session.getSnapshot().save.kind).toBe('saved')
    expect(session.dirty).toBe(false)
    expect(await onDisk()).toEqual(['First paragraph'])
  })

  it('saves the failed edits and the ones made since, in order', async () => {
    const { session } = open(failing(1))
    session.edit('Tag claim', tag(claim('First paragraph', 'a1')))
    await session.flush()
    session.edit('Tag claim', tag(claim('Second one', 'a2')))
    session.undo()
    session.undo()
    session.redo()
    await session.flush()
    expect(session.getSnapshot().save.kind).toBe('saved')
    expect(await onDisk()).toEqual(['First paragraph'])
  })

  it('recovers from a transport that throws, keeping the edit for the next try', async () => {
    let throws = true
    const { session } = open({
      saveChanges: async (args) => {
        if (throws) throw new Error('connection reset')
        return wb.saveChanges(args)
      }
    })
    session.edit('Tag claim', tag(claim('First paragraph')))
    await session.flush()
    expect(session.getSnapshot().save).toMatchObject({ kind: 'failed', message: expect.stringContaining('connection reset') })
    throws = false
    session.edit('Tag claim', tag(claim('Second one', 'a2')))
    await session.flush()
    expect(session.getSnapshot().save.kind).toBe('saved')
    expect((await onDisk()).sort()).toEqual(['First paragraph', 'Second one'])
  })

  it('refuses at once an edit that does not fit the project, changing nothing', () => {
    const { session } = open()
    const broken = { ...claim('Second one', 'bad'), quote: { exact: 'not in the text', prefix: '', suffix: '' } }
    const result = session.edit('Tag claim', tag(broken))
    expect(result.ok).toBe(false)
    expect(shown(session)).toEqual([])
    expect(session.getSnapshot().canUndo).toBe(false)
    expect(session.dirty).toBe(false)
  })

  it('saves the other edits when the store refuses one, and names the refusal', async () => {
    // The store may know better than the page (another window changed the project, say).
    const { session } = open({
      saveChanges: async (args) =>
        args.changes.some((c) => c.op === 'addAnnotation' && c.annotation.id === 'refused')
          ? { ok: false, code: 'conflict', message: 'An annotation with id refused already exists.' }
          : wb.saveChanges(args)
    })
    session.edit('Tag claim', tag(claim('First paragraph', 'a1')))
    session.edit('Tag claim', tag(claim('Second one', 'refused')))
    await session.flush()
    expect(session.getSnapshot().save).toMatchObject({ kind: 'failed', message: expect.stringContaining('1 change(s) could not be saved') })
    expect(await onDisk()).toEqual(['First paragraph'])
    expect(session.dirty).toBe(false)
  })
})

describe('flushing', () => {
  it('waits for a save already under way before it resolves', async () => {
    let release = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { session } = open({
      saveChanges: async (args) => {
        await gate
        return wb.saveChanges(args)
      }
    })
    session.edit('Tag claim', tag(claim('First paragraph', 'a1')))
    const first = session.flush()
    session.edit('Tag claim', tag(claim('Second one', 'a2')))
    const second = session.flush()
    release()
    await second
    expect(session.dirty).toBe(false)
    expect(session.getSnapshot().save.kind).toBe('saved')
    expect((await onDisk()).sort()).toEqual(['First paragraph', 'Second one'])
    await first
  })
})
