import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readProjectFile } from '../../data/migrate'
import { DEFAULT_SETTINGS, PROJECT_FILE_VERSION } from '../../data/project'

const FIXTURE = join(resolve(__dirname, '..'), 'fixtures', 'project-v1.json')

describe('reading older project files', () => {
  it('migrates a version 1 file, keeping every annotation with empty new fields', async () => {
    const raw = JSON.parse(await readFile(FIXTURE, 'utf8'))
    expect(raw.version).toBe(1)
    const read = readProjectFile(raw)
    if (!read.ok) throw new Error(read.problem)
    expect(read.migrated).toBe(true)
    expect(read.file.version).toBe(PROJECT_FILE_VERSION)
    const p = read.file.project
    expect(p.annotations.map((a) => [a.id, a.kind, a.quote.exact])).toEqual(raw.project.annotations.map((a: { id: string; kind: string; quote: { exact: string } }) => [a.id, a.kind, a.quote.exact]))
    expect(p.annotations.find((a) => a.id === 'e1')).toMatchObject({ note: 'Check the 2019 change', confidence: null, tags: [], sourceId: null, credibility: null })
    expect(p.annotations.find((a) => a.id === 'c1')).toMatchObject({ status: 'to-check', verdict: null, claimant: '' })
    expect(p.sources).toEqual([])
    expect(p.links).toEqual([])
    expect(p.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('migrates a version 2 file: no orphans yet, and empty publication settings', async () => {
    const current = readProjectFile(JSON.parse(await readFile(FIXTURE, 'utf8')))
    if (!current.ok) throw new Error(current.problem)
    const { orphans: _orphans, settings, ...project } = current.file.project
    const { publication: _publication, ...oldSettings } = settings
    const v2 = { version: 2, project: { ...project, settings: oldSettings } }
    const read = readProjectFile(JSON.parse(JSON.stringify(v2)))
    if (!read.ok) throw new Error(read.problem)
    expect(read.migrated).toBe(true)
    expect(read.file.project.orphans).toEqual([])
    expect(read.file.project.settings).toEqual(DEFAULT_SETTINGS)
    expect(read.file.project.annotations).toEqual(current.file.project.annotations)
  })

  it('reads the current version without migrating', async () => {
    const first = readProjectFile(JSON.parse(await readFile(FIXTURE, 'utf8')))
    if (!first.ok) throw new Error(first.problem)
    const again = readProjectFile(JSON.parse(JSON.stringify(first.file)))
    expect(again.ok && again.migrated).toBe(false)
  })

  it('explains a file it cannot read', async () => {
    const raw = JSON.parse(await readFile(FIXTURE, 'utf8'))
    expect(readProjectFile({ ...raw, version: 7 })).toEqual({ ok: false, problem: 'it was written by a newer Factwork (file version 7)' })
    expect(readProjectFile({ project: {} })).toEqual({ ok: false, problem: 'it is not a Factwork project file (no version)' })
    const broken = readProjectFile({ ...raw, project: { ...raw.project, annotations: 'none' } })
    expect(!broken.ok && broken.problem).toMatch(/does not match the project format at project\.annotations/)
  })
})
