import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { fail, ok, type Result } from '../data/result'
import { syncDirectory } from './durable'
import { errorCode, isMissing, nodeFileSystem, type FileSystem } from './fileSystem'

/** The lock file in a data folder. It exists while a process may write to the store. */
export const LOCK_FILE = 'factwork.lock'

/** Who holds a data folder's lock. */
export const LockHolder = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** What is running, in words: "factwork serve", "the Factwork desktop app". */
  command: z.string(),
  startedAt: z.string(),
  /** When the process started, as the system counts it (on Linux), so that a process id reused
   *  by an unrelated process after a crash is not taken for the holder. */
  processStart: z.string().nullable()
})
export type LockHolder = z.infer<typeof LockHolder>

/** Error codes with which a file system says it has no hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])

/** How old an unreadable lock file or an abandoned takeover must be to be cleared away. */
const ABANDONED_MS = 5_000

/** Fields 3 (state) and 22 (start time) of `/proc/<pid>/stat`, or null off Linux. */
async function processStat(pid: number): Promise<{ state: string; start: string } | null> {
  if (process.platform !== 'linux') return null
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0] ?? '', start: fields[19] ?? '' }
  } catch {
    return null
  }
}

/** Whether the process that holds a lock is still running. A holder on another computer (a
 *  shared network folder) cannot be checked and counts as running. */
async function isRunning(holder: LockHolder): Promise<boolean> {
  if (holder.hostname !== hostname()) return true
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false
  }
  const stat = await processStat(holder.pid)
  if (stat && (stat.state === 'Z' || stat.state === 'X')) return false
  if (stat && holder.processStart && stat.start !== holder.processStart) return false
  return true
}

/** "factwork serve (process 4242, since 2026-01-01T10:00:00.000Z)". */
export function describeHolder(holder: LockHolder): string {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`
  return `${holder.command} (process ${holder.pid}${where}, since ${holder.startedAt})`
}

/** The sentence a person sees when another process has the data folder. */
export function inUseMessage(home: string, holder: LockHolder): string {
  return `The data folder ${home} is in use by ${describeHolder(holder)}. Close it first, or set FACTWORK_HOME to another folder.`
}

type LockContent = { kind: 'missing' } | { kind: 'holder'; holder: LockHolder; bytes: Buffer } | { kind: 'unreadable'; bytes: Buffer; ageMs: number }

async function readLock(path: string, fs: FileSystem): Promise<LockContent> {
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path)
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' }
    throw error
  }
  try {
    const holder = LockHolder.safeParse(JSON.parse(bytes.toString('utf8')))
    if (holder.success) return { kind: 'holder', holder: holder.data, bytes }
  } catch {
    // Not JSON: unreadable.
  }
  let ageMs = 0
  try {
    ageMs = Date.now() - (await fs.stat(path)).mtimeMs
  } catch {
    // Gone meanwhile.
  }
  return { kind: 'unreadable', bytes, ageMs }
}

/** The running process that holds the lock of the data folder `home`, or null when none does. */
export async function lockHolder(home: string, fs: FileSystem = nodeFileSystem): Promise<LockHolder | null> {
  const content = await readLock(join(home, LOCK_FILE), fs)
  return content.kind === 'holder' && (await isRunning(content.holder)) ? content.holder : null
}

/** A data folder's lock, held by this process until released. */
export class StoreLock {
  private released = false
  private readonly onExit = () => {
    // The process is ending without having released the lock (an uncaught error, say).
    try {
      if (readFileSync(this.path, 'utf8') === this.content) unlinkSync(this.path)
    } catch {
      // Already gone.
    }
  }

  constructor(
    readonly home: string,
    readonly holder: LockHolder,
    private readonly content: string,
    private readonly fs: FileSystem
  ) {
    process.once('exit', this.onExit)
  }

  get path(): string {
    return join(this.home, LOCK_FILE)
  }

  /** Let other processes use the data folder. Does nothing the second time. */
  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    process.removeListener('exit', this.onExit)
    try {
      if ((await this.fs.readFile(this.path)).toString('utf8') === this.content) await this.fs.unlink(this.path)
    } catch {
      // Already gone.
    }
  }
}

/** Take a stale lock away, one process at a time: a folder made beside the lock is the token. */
async function takeOver(path: string, stale: Buffer, fs: FileSystem): Promise<void> {
  const token = `${path}.takeover`
  try {
    await fs.mkdir(token)
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error
    const info = await fs.stat(token).catch(() => null)
    if (info && Date.now() - info.mtimeMs > ABANDONED_MS) await fs.rmdir(token).catch(() => undefined)
    else await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30))
    return
  }
  try {
    const now = await fs.readFile(path).catch(() => null)
    if (now && now.equals(stale)) await fs.unlink(path)
  } finally {
    await fs.rmdir(token).catch(() => undefined)
  }
}

/** Take the lock of the data folder `home` for `command` (words naming what runs, shown to a
 *  person who tries to start another). Fails with `conflict` and a sentence naming the process
 *  and the folder when a running process holds it; a lock left by a process that has ended (it
 *  crashed, or was killed) is taken over. The lock appears whole, by a hard link of a finished
 *  file, so no reader ever sees it half-written. */
export async function acquireStoreLock(home: string, command: string, fs: FileSystem = nodeFileSystem): Promise<Result<StoreLock>> {
  await fs.mkdir(home, { recursive: true })
  const path = join(home, LOCK_FILE)
  const self = await processStat(process.pid)
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString(), processStart: self?.start ?? null }
  const content = JSON.stringify(holder)
  const temp = join(home, `.${LOCK_FILE}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
  const handle = await fs.open(temp, 'w')
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        try {
          await fs.link(temp, path)
        } catch (error) {
          if (!NO_HARD_LINKS.has(errorCode(error))) throw error
          // No hard links here: create the lock exclusively and fill it; readers wait for it.
          const lock = await fs.open(path, 'wx')
          try {
            await lock.writeFile(content)
            await lock.sync()
          } finally {
            await lock.close()
          }
        }
        await syncDirectory(home, fs).catch(() => undefined)
        return ok(new StoreLock(home, holder, content, fs))
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error
      }
      const existing = await readLock(path, fs)
      if (existing.kind === 'missing') continue
      if (existing.kind === 'holder' && (await isRunning(existing.holder))) return fail('conflict', inUseMessage(home, existing.holder))
      if (existing.kind === 'unreadable' && existing.ageMs < ABANDONED_MS) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        continue
      }
      await takeOver(path, existing.bytes, fs)
    }
    return fail('conflict', `The data folder ${home} is locked by processes that keep changing; try again.`)
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined)
  }
}
