import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCK_FILE, acquireStoreLock } from '../../main/storeLock'
import { ProjectStore } from '../../main/projectStore'
import { addClaim, NOW, sampleProject } from '../soak/projects'
import { factwork, FIXTURES, ROOT } from './cli'

/** Start a process that takes the lock of `home` as `command` and keeps it. */
async function holdLock(home: string, command: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', join(__dirname, 'lockHolder.ts'), home, command], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((done) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) done(out.trim())
    })
  })
  expect(line).toBe('locked')
  return child
}

describe('the data folder’s lock', () => {
  let home: string
  let holder: ChildProcess
  let id: string
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-lock-'))
    const store = await ProjectStore.open(home)
    await store.create(sampleProject('p1'))
    id = 'p1'
    await store.close()
    holder = await holdLock(home, 'factwork serve')
  })
  afterAll(async () => {
    holder.kill('SIGKILL')
    await rm(home, { recursive: true, force: true })
  })

  it('refuses a second process with a sentence naming the process holding the folder and the folder', async () => {
    const second = await acquireStoreLock(home, 'factwork import')
    expect(second.ok).toBe(false)
    expect(!second.ok && second.message).toMatch(new RegExp(`^The data folder ${home} is in use by factwork serve \\(process ${holder.pid}, since [0-9T:.-]+Z\\)\\. Close it first`))
  })

  it('lets the command line list, show and check meanwhile, and refuses an import and a restore', async () => {
    const [imported, restored, listed, shown, checked] = await Promise.all([
      factwork(home, 'import', join(FIXTURES, 'wrapped-report.txt')),
      factwork(home, 'restore', id),
      factwork(home, 'list', '--json'),
      factwork(home, 'show', id, '--json'),
      factwork(home, 'check')
    ])
    expect(imported.code).toBe(1)
    expect(imported.stderr).toContain(`The data folder ${home} is in use by factwork serve (process ${holder.pid}`)
    expect(imported.stderr).toContain('factwork import changes the store and needs the folder to itself')
    expect(restored.code).toBe(1)
    expect(restored.stderr).toContain(`in use by factwork serve (process ${holder.pid}`)
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout).projects.map((p: { id: string }) => p.id)).toEqual([id])
    expect(shown.code).toBe(0)
    expect(checked.code).toBe(0)
    expect((await readdir(join(home, 'projects'))).sort()).toEqual(['p1.json'])
  })

  it('opens a read-only store that writes nothing and refuses changes, naming the process', async () => {
    const before = (await readdir(home)).sort()
    const store = await ProjectStore.openReadOnly(home)
    expect((await store.list()).projects.map((p) => p.id)).toEqual([id])
    const saved = await store.saveChanges(id, addClaim(sampleProject(id), 'a1'), NOW)
    expect(!saved.ok && saved.message).toContain(`Factwork opened the data folder ${home} read-only because factwork serve (process ${holder.pid}`)
    expect((await readdir(home)).sort()).toEqual(before)
  })

  it('is taken over once the process holding it has been killed, and released for the next', async () => {
    const exited = new Promise((done) => holder.once('exit', done))
    holder.kill('SIGKILL')
    await exited
    const taken = await acquireStoreLock(home, 'factwork import')
    expect(taken.ok).toBe(true)
    if (!taken.ok) return
    const again = await acquireStoreLock(home, 'factwork serve')
    expect(!again.ok && again.message).toContain(`in use by factwork import (process ${process.pid}`)
    await taken.value.release()
    const next = await acquireStoreLock(home, 'factwork serve')
    expect(next.ok).toBe(true)
    if (next.ok) await next.value.release()
    expect(await readdir(home)).not.toContain(LOCK_FILE)
  })

  it('clears away a lock file that is not a lock, once it is old', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'factwork-lock-'))
    try {
      await writeFile(join(folder, LOCK_FILE), '')
      const { utimes } = await import('node:fs/promises')
      await utimes(join(folder, LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
      const taken = await acquireStoreLock(folder, 'factwork import')
      expect(taken.ok).toBe(true)
      if (taken.ok) await taken.value.release()
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
