import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildDocument } from '../../data/import'
import { newProject, PROJECT_FILE_VERSION, type Project } from '../../data/project'
import { ok } from '../../data/result'
import { GENERATIONS_KEPT, ProjectStore } from '../../main/projectStore'

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
