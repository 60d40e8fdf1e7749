import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildDocument } from '../../data/import'
import { newProject, PROJECT_FILE_VERSION, type Project } from '../../data/project'
import { ok } from '../../data/result'
import { factworkInProcess } from './cliInProcess'
import { GENERATIONS_KEPT, ProjectStore } from '../../main/projectStore'
import { addClaim, setNote } from '../soak/projects'

const now = '2026-01-01T00:00:00.000Z'

function sampleProject(id: string, text = 'Headline\nA claim worth checking.\n'): Project {
  const doc = buildDocument({
    id: `${id}-doc`,
    fileName: `${id}.txt`,
    format: 'text',
    text,
    original: { fileName: `${id}.txt`, mediaType: 'text/plain', size: text.length, sha256: 'b'.repeat(64), importedAt: now }
  })
  if (!doc.ok) throw new Error(doc.message)
  return newProject(id, doc.value, now)
}

describe('the project store', () => {
  let home: string
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-store-'))
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  it('keeps each project in its own lowdb file that a new process reads back', async () => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    await store.create(sampleProject('p2'))
    expect((await readdir(join(home, 'projects'))).sort()).toEqual(['p1.json', 'p2.json'])
    const file = JSON.parse(await readFile(join(home, 'projects', 'p1.json'), 'utf8'))
    expect(file.version).toBe(PROJECT_FILE_VERSION)

    const reopened = await ProjectStore.open(home)
    const p1 = await reopened.get('p1')
    expect(p1.ok && p1.value.title).toBe('Headline')
    const listing = await reopened.list()
    expect(listing.projects.map((p) => p.id).sort()).toEqual(['p1', 'p2'])
    expect(listing.problems).toEqual([])
  })

  it('has the change on disk when an update resolves, and keeps the last generations', async () => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    for (let i = 1; i <= GENERATIONS_KEPT + 3; i++) {
      const saved = await store.update('p1', (p) => ok({ ...p, title: `Title ${i}`, revision: p.revision + 1 }))
      expect(saved.ok).toBe(true)
      const onDisk = JSON.parse(await readFile(join(home, 'projects', 'p1.json'), 'utf8'))
      expect(onDisk.project.title).toBe(`Title ${i}`)
    }
    const generations = await readdir(join(home, 'backups', 'p1'))
    expect(generations).toHaveLength(GENERATIONS_KEPT)
    const titles = await Promise.all(generations.map(async (g) => JSON.parse(await readFile(join(home, 'backups', 'p1', g), 'utf8')).project.title))
    expect(titles.sort()).toEqual(['Title 3', 'Title 4', 'Title 5', 'Title 6', 'Title 7'])
    expect((await readdir(join(home, 'projects'))).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('runs concurrent updates of one project one after another, losing none', async () => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    await Promise.all(Array.from({ length: 50 }, () => store.update('p1', (p) => ok({ ...p, revision: p.revision + 1 }))))
    const reopened = await ProjectStore.open(home)
    const p = await reopened.get('p1')
    expect(p.ok && p.value.revision).toBe(50)
  })

  it.each([
    ['truncated', (s: string) => s.slice(0, s.length / 2), /not valid JSON/],
    ['empty', () => '', /empty/],
    ['NUL-filled', (s: string) => '\0'.repeat(s.length), /zero bytes/],
    ['schema-invalid', (s: string) => s.replace('"annotations":[]', '"annotations":{}'), /does not match the project format/],
    ['from a newer version', (s: string) => s.replace(`"version":${PROJECT_FILE_VERSION}`, '"version":99'), /newer Factwork/]
  ])('reports a %s project file by name and never overwrites it', async (_label, damage, reason) => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('good'))
    await store.create(sampleProject('bad'))
    const path = join(home, 'projects', 'bad.json')
    await writeFile(path, damage(await readFile(path, 'utf8')))
    const damaged = await readFile(path)

    const fresh = await ProjectStore.open(home)
    const listing = await fresh.list()
    expect(listing.projects.map((p) => p.id)).toEqual(['good'])
    expect(listing.problems).toHaveLength(1)
    expect(listing.problems[0]!.file).toBe('projects/bad.json')
    expect(listing.problems[0]!.message).toMatch(reason)

    const opened = await fresh.get('bad')
    expect(!opened.ok && opened.code).toBe('unreadable')
    expect(!opened.ok && opened.message).toContain('projects/bad.json')
    const saved = await fresh.update('bad', (p) => ok({ ...p, title: 'overwrite attempt' }))
    expect(saved.ok).toBe(false)
    expect(await readFile(path)).toEqual(damaged)

    const check = await fresh.check()
    expect(check.checked).toBe(2)
    expect(check.problems.map((p) => p.file)).toEqual(['projects/bad.json'])
  })

  it('reads a version 1 project file, writes the current version on the next save, and keeps the old file as a generation', async () => {
    const fixture = join(resolve(__dirname, '..'), 'fixtures', 'project-v1.json')
    const id = JSON.parse(await readFile(fixture, 'utf8')).project.id as string
    const store = await ProjectStore.open(home)
    await copyFile(fixture, join(home, 'projects', `${id}.json`))
    const opened = await store.get(id)
    expect(opened.ok && opened.value.annotations).toHaveLength(4)
    await store.update(id, (p) => ok({ ...p, revision: p.revision + 1 }))
    expect(JSON.parse(await readFile(join(home, 'projects', `${id}.json`), 'utf8')).version).toBe(PROJECT_FILE_VERSION)
    const [generation] = await readdir(join(home, 'backups', id))
    expect(await readFile(join(home, 'backups', id, generation!), 'utf8')).toBe(await readFile(fixture, 'utf8'))
  })

  it('moves a deleted project to the trash and restores it', async () => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    expect((await store.remove('p1')).ok).toBe(true)
    expect((await store.list()).projects).toEqual([])
    expect((await store.get('p1')).ok).toBe(false)
    const restored = await store.restore('p1')
    expect(restored.ok && restored.value.title).toBe('Headline')
    expect((await store.list()).projects.map((p) => p.id)).toEqual(['p1'])
  })

  it('refuses ids that are not safe file names', async () => {
    const store = await ProjectStore.open(home)
    const result = await store.get('../../etc/passwd')
    expect(!result.ok && result.code).toBe('not-found')
  })

  it('rebuilds a damaged index from the project files', async () => {
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    await store.list()
    await writeFile(join(home, 'index.json'), '{"version":1,"entr')
    const listing = await (await ProjectStore.open(home)).list()
    expect(listing.projects.map((p) => p.id)).toEqual(['p1'])
    expect(listing.problems).toEqual([])
  })
})

describe('the journal of saved edits', () => {
  let home: string
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-journal-store-'))
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  /** A store that folds only when asked. */
  const openStore = () => ProjectStore.open(home, { fold: { idleMs: 3_600_000, maxWaitMs: 3_600_000 } })
  const files = async () => (await readdir(join(home, 'projects'))).sort()

  it('acknowledges an edit once its journal record is on disk, and a new process sees it before any fold', async () => {
    const store = await openStore()
    const project = (await store.create(sampleProject('p1'))) as { ok: true; value: Project }
    const saved = await store.saveChanges('p1', addClaim(project.value, 'a1'), now)
    expect(saved.ok && saved.value.revision).toBe(1)
    expect(await files()).toEqual(['p1.journal', 'p1.json'])
    expect(JSON.parse(await readFile(join(home, 'projects', 'p1.json'), 'utf8')).project.revision).toBe(0)
    const fresh = await (await ProjectStore.open(home)).get('p1')
    expect(fresh.ok && fresh.value.annotations.map((a) => a.id)).toEqual(['a1'])
    expect(fresh.ok && fresh.value.revision).toBe(1)
  })

  it('folds the journal into the project file once editing pauses, keeping the previous file as a generation', async () => {
    const store = await ProjectStore.open(home, { fold: { idleMs: 20 } })
    const created = (await store.create(sampleProject('p1'))) as { ok: true; value: Project }
    let project = created.value
    for (const id of ['a1', 'a22', 'a333']) {
      const saved = await store.saveChanges('p1', addClaim(project, id), now)
      if (!saved.ok) throw new Error(saved.message)
      project = saved.value
    }
    await vi.waitFor(async () => expect(await files()).toEqual(['p1.json']), { timeout: 5_000, interval: 20 })
    const file = JSON.parse(await readFile(join(home, 'projects', 'p1.json'), 'utf8'))
    expect(file.project.revision).toBe(3)
    expect(file.project.annotations.map((a: { id: string }) => a.id)).toEqual(['a1', 'a22', 'a333'])
    expect(await readdir(join(home, 'backups', 'p1'))).toEqual(['1.json'])
    expect(JSON.parse(await readFile(join(home, 'backups', 'p1', '1.json'), 'utf8')).project.revision).toBe(0)
  })

  it('applies nothing twice when a crash came between rewriting the project file and emptying the journal', async () => {
    const store = await openStore()
    const created = (await store.create(sampleProject('p1'))) as { ok: true; value: Project }
    await store.saveChanges('p1', addClaim(created.value, 'a1'), now)
    await store.saveChanges('p1', setNote('a1', 'first'), now)
    const journal = await readFile(join(home, 'projects', 'p1.journal'))
    await store.flush()
    await writeFile(join(home, 'projects', 'p1.journal'), journal)
    const fresh = await openStore()
    const got = await fresh.get('p1')
    expect(got.ok && [got.value.revision, got.value.annotations.map((a) => a.note)]).toEqual([2, ['first']])
    const next = await fresh.saveChanges('p1', setNote('a1', 'second'), now)
    expect(next.ok && next.value.revision).toBe(3)
    const again = await (await openStore()).get('p1')
    expect(again.ok && again.value.annotations.map((a) => a.note)).toEqual(['second'])
    expect((await fresh.check()).problems).toEqual([])
  })

  it('drops an edit cut short by a crash, notes it in check, and saves the next edit cleanly after the others', async () => {
    const store = await openStore()
    const created = (await store.create(sampleProject('p1'))) as { ok: true; value: Project }
    await store.saveChanges('p1', addClaim(created.value, 'a1'), now)
    await store.saveChanges('p1', addClaim(created.value, 'a22'), now)
    const path = join(home, 'projects', 'p1.journal')
    const whole = await readFile(path)
    await writeFile(path, whole.subarray(0, whole.length - 17))
    const fresh = await openStore()
    const check = await fresh.check()
    expect(check.problems).toEqual([])
    expect(check.notices).toEqual(['projects/p1.journal ends in an edit cut short when Factwork stopped; that edit had not been saved and is left out.'])
    const got = await fresh.get('p1')
    expect(got.ok && got.value.annotations.map((a) => a.id)).toEqual(['a1'])
    expect((await fresh.saveChanges('p1', addClaim(created.value, 'a4444'), now)).ok).toBe(true)
    const reopened = await openStore()
    expect((await reopened.check()).notices).toEqual([])
    const final = await reopened.get('p1')
    expect(final.ok && final.value.annotations.map((a) => a.id)).toEqual(['a1', 'a4444'])
  })

  it('names a project file in which one character changed, though its JSON still parses', async () => {
    const store = await openStore()
    await store.create(sampleProject('p1'))
    const path = join(home, 'projects', 'p1.json')
    const text = await readFile(path, 'utf8')
    expect(text).toContain('"createdAt":"2026-01-01T00:00:00.000Z"')
    await writeFile(path, text.replace('"createdAt":"2026-01-01T00:00:00.000Z"', '"createdAt":"2026-01-02T00:00:00.000Z"'))
    const listing = await (await openStore()).list()
    expect(listing.problems).toEqual([
      {
        file: 'projects/p1.json',
        projectId: 'p1',
        message: expect.stringMatching(/^projects\/p1\.json cannot be read: its content does not match its checksum: it was damaged, or edited outside Factwork/)
      }
    ])
  })

  it('lists the kept generations with their time and content, and restores one, keeping the version it replaces', async () => {
    const store = await openStore()
    let project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    for (const id of ['a1', 'a22']) {
      project = ((await store.saveChanges('p1', addClaim(project, id), now)) as { ok: true; value: Project }).value
      await store.flush()
    }
    const backups = await store.backups('p1')
    expect(backups.ok && backups.value.map((b) => [b.generation, b.revision, b.annotationCount, b.problem])).toEqual([
      [2, 1, 1, null],
      [1, 0, 0, null]
    ])
    expect(backups.ok && Date.parse(backups.value[0]!.savedAt)).toBeGreaterThan(Date.now() - 60_000)

    const restored = await store.restoreBackup('p1', 1, '2026-02-01T00:00:00.000Z')
    expect(restored.ok && [restored.value.generation, restored.value.project.annotations.length, restored.value.project.revision]).toEqual([1, 0, 3])
    const after = await (await openStore()).backups('p1')
    expect(after.ok && after.value[0]).toMatchObject({ generation: 3, revision: 2, annotationCount: 2 })
  })

  it('restores a damaged project from its newest readable generation, setting the damaged file aside byte for byte', async () => {
    const store = await openStore()
    const project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    await store.saveChanges('p1', addClaim(project, 'a1'), now)
    await store.flush()
    await store.saveChanges('p1', addClaim(project, 'a22'), now)
    const path = join(home, 'projects', 'p1.json')
    await writeFile(path, '{"version":3,"proj')
    const journal = await readFile(join(home, 'projects', 'p1.journal'))

    const fresh = await openStore()
    expect((await fresh.get('p1')).ok).toBe(false)
    const restored = await fresh.restoreBackup('p1', null, now)
    expect(restored.ok && restored.value.generation).toBe(1)
    expect((await (await openStore()).list()).problems).toEqual([])
    const aside = (await readdir(join(home, 'backups', 'p1'))).filter((n) => n.startsWith('damaged-')).sort()
    expect(aside).toHaveLength(2)
    expect(await readFile(join(home, 'backups', 'p1', aside[0]!))).toEqual(journal)
    expect(await readFile(join(home, 'backups', 'p1', aside[1]!), 'utf8')).toBe('{"version":3,"proj')
  })

  it('opens a damaged project read-only with what can be read of it, changing nothing', async () => {
    const store = await openStore()
    let project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    for (const id of ['a1', 'a22', 'a333']) project = ((await store.saveChanges('p1', addClaim(project, id), now)) as { ok: true; value: Project }).value
    const journal = join(home, 'projects', 'p1.journal')
    const bytes = await readFile(journal)
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 1
    await writeFile(journal, bytes)

    const view = await (await openStore()).readOnlyView('p1')
    expect(view.ok && view.value.shown).toBe('projects/p1.json with the 2 saved edits of projects/p1.journal that can be read')
    expect(view.ok && view.value.problem).toMatch(/^projects\/p1\.journal cannot be read: record 3 \(at byte \d+\) is damaged/)
    expect(view.ok && view.value.project.annotations.map((a) => a.id)).toEqual(['a1', 'a22'])
    expect(await readFile(journal)).toEqual(bytes)

    await store.flush()
    await writeFile(join(home, 'projects', 'p1.json'), '')
    const fromBackup = await (await openStore()).readOnlyView('p1')
    expect(fromBackup.ok && fromBackup.value.shown).toMatch(/^backup generation 1 of projects\/p1\.json, saved .*: the newest copy that can be read$/)
  })

  it('refuses to save over a project file that another program changed meanwhile', async () => {
    const store = await openStore()
    const project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    const other = await openStore()
    await other.update('p1', (p) => ok({ ...p, title: 'Changed elsewhere', revision: p.revision + 1 }))
    const saved = await store.saveChanges('p1', addClaim(project, 'a1'), now)
    expect(!saved.ok && saved.message).toBe(
      'projects/p1.json was changed by another program while Factwork had it open; nothing was saved over it. Open the project again to see its content.'
    )
    const got = await (await openStore()).get('p1')
    expect(got.ok && [got.value.title, got.value.annotations.length]).toEqual(['Changed elsewhere', 0])
  })

  it('moves a project to the trash with its journal and brings both back', async () => {
    const store = await openStore()
    const project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    await store.saveChanges('p1', addClaim(project, 'a1'), now)
    expect((await store.remove('p1')).ok).toBe(true)
    expect(await files()).toEqual([])
    const restored = await (await openStore()).restore('p1')
    expect(restored.ok && restored.value.annotations.map((a) => a.id)).toEqual(['a1'])
  })
})

describe('backups on the command line', () => {
  let home: string
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-backups-'))
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  const factwork = (...args: string[]) => factworkInProcess(home, ...args)

  it('lists a project’s generations and restores the one asked for, or the newest readable one', async () => {
    const store = await ProjectStore.open(home, { fold: { idleMs: 3_600_000, maxWaitMs: 3_600_000 } })
    let project = ((await store.create(sampleProject('p1'))) as { ok: true; value: Project }).value
    for (const id of ['a1', 'a22']) {
      project = ((await store.saveChanges('p1', addClaim(project, id), now)) as { ok: true; value: Project }).value
      await store.flush()
    }
    await store.close()

    const listed = await factwork('backups', 'p1')
    expect(listed.code).toBe(0)
    expect(listed.out.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^generation 2 {2}saved \S+ {2}revision 1 {2}1 annotation\(s\) {2}"Headline"$/),
      expect.stringMatching(/^generation 1 {2}saved \S+ {2}revision 0 {2}0 annotation\(s\) {2}"Headline"$/)
    ])

    const restored = await factwork('restore', 'p1', '--generation', '1')
    expect(restored.code).toBe(0)
    expect(restored.out).toBe('Restored "Headline" (project p1, 0 annotation(s)) from backup generation 1. What it replaced is kept in backups/p1/.\n')
    const got = await (await ProjectStore.open(home)).get('p1')
    expect(got.ok && got.value.annotations).toEqual([])

    await writeFile(join(home, 'projects', 'p1.json'), '\0\0\0\0')
    const newest = await factwork('restore', 'p1', '--json')
    expect(newest.code).toBe(0)
    expect(JSON.parse(newest.out)).toMatchObject({ generation: 3, project: { id: 'p1', annotationCount: 2 } })
    expect((await factwork('check')).code).toBe(0)

    const unknown = await factwork('restore', 'p1', '--generation', '9')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/^factwork: projects\/p1\.json has no backup generation 9; it has \d+(, \d+)*\.\n$/)
  })
})
