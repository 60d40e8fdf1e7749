import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { factwork, FIXTURES } from './cli'

describe('the factwork command', () => {
  let home: string
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-cli-'))
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  it('imports a text file, lists it, checks the store and exports the text', async () => {
    const imported = await factwork(home, 'import', join(FIXTURES, 'wrapped-report.txt'), '--json')
    expect(imported.code).toBe(0)
    const project = JSON.parse(imported.stdout)
    expect(project.id).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(project.title).toBe('wrapped-report')
    expect(project.documents[0].original.sha256).toMatch(/^[0-9a-f]{64}$/)

    const listed = await factwork(home, 'list')
    expect(listed.stdout).toContain(project.id)
    const listedJson = JSON.parse((await factwork(home, 'list', '--json')).stdout)
    expect(listedJson.projects.map((p: { id: string }) => p.id)).toEqual([project.id])

    const checked = await factwork(home, 'check')
    expect(checked.code).toBe(0)
    expect(checked.stdout).toContain('All 1 project file(s)')

    const out = join(home, 'out.txt')
    expect((await factwork(home, 'export', project.id, '--format', 'text', '--out', out)).code).toBe(0)
    expect(await readFile(out, 'utf8')).toBe(
      'The ministry said on Tuesday that unemployment fell to 4.2 percent in the third quarter, the lowest figure since records began.\n\n' +
        'Independent economists disputed the claim, saying the survey method had changed twice since 2019.\n'
    )
  })

  it('shows a project with its documents, plain text and annotations', async () => {
    const { stdout } = await factwork(home, 'import', join(FIXTURES, 'climate-notes.md'), '--json')
    const id = JSON.parse(stdout).id
    const shown = JSON.parse((await factwork(home, 'show', id, '--json')).stdout)
    expect(shown.title).toBe('Sea ice reached a record low, agency says')
    expect(shown.documents[0].format).toBe('markdown')
    expect(shown.documents[0].text).toContain('4.1 million square kilometres')
    expect(shown.annotations).toEqual([])
  })

  it('fails with a sentence and a non-zero exit for a missing file, a binary file and an unknown project', async () => {
    const missing = await factwork(home, 'import', join(home, 'nope.txt'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('nope.txt: no such file')
    const binary = join(home, 'photo.txt')
    await writeFile(binary, Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]))
    const bin = await factwork(home, 'import', binary)
    expect(bin.code).toBe(1)
    expect(bin.stderr).toContain('photo.txt is not a document Factwork reads')
    const unknown = await factwork(home, 'show', 'abc', '--json')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('There is no project with id abc')
    expect((await factwork(home, 'frobnicate')).code).toBe(2)
  })

  it('refuses a damaged bundle as a bundle, rather than importing its bytes as an article', async () => {
    const damaged = join(home, 'colleague.factwork')
    await writeFile(damaged, '{"not":"a bundle"')
    const imported = await factwork(home, 'import', damaged)
    expect(imported.code).toBe(1)
    expect(imported.stderr).toContain('colleague.factwork is not a Factwork bundle: it is not a zip archive.')
    expect(JSON.parse((await factwork(home, 'list', '--json')).stdout).projects).toEqual([])
  })

  it('check exits 1 naming each unreadable file, and list keeps working with the healthy ones', async () => {
    const good = JSON.parse((await factwork(home, 'import', join(FIXTURES, 'wrapped-report.txt'), '--json')).stdout).id
    await writeFile(join(home, 'projects', 'broken.json'), '{"version":1,"project":')
    const checked = await factwork(home, 'check', '--json')
    expect(checked.code).toBe(1)
    expect(JSON.parse(checked.stdout).problems.map((p: { file: string }) => p.file)).toEqual(['projects/broken.json'])
    expect(checked.stderr).toContain('projects/broken.json cannot be read')
    const listed = await factwork(home, 'list', '--json')
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout).projects.map((p: { id: string }) => p.id)).toEqual([good])
    expect(await readFile(join(home, 'projects', 'broken.json'), 'utf8')).toBe('{"version":1,"project":')
  })
})
