import { basename, dirname, join } from 'node:path'
import { errorCode, isMissing, nodeFileSystem, type FileSystem } from './fileSystem'
import { step } from './saveError'

let sequence = 0

/** Error codes with which a file system says it cannot fsync a folder at all; the rename is
 *  still atomic there, so these are not failures. */
const NO_DIRECTORY_SYNC = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF'])

/** Error codes with which a file system says it has no hard links; a copy does instead. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS'])

/** The name of a temporary file beside `path`: hidden, and unique to this process and write. */
function besides(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.${suffix}`)
}

/** Temporary files `writeFileDurably` leaves only when its process is killed mid-write. */
export const TEMPORARY_FILE = /^\..+\.\d+\.\d+\.(tmp|prev)$/

/** Flush a folder's entries, so that a file created or renamed in it survives a power cut.
 *  Windows cannot open a folder and some file systems refuse the call: there this does nothing.
 *  Any other failure is thrown. */
export async function syncDirectory(dir: string, fs: FileSystem = nodeFileSystem): Promise<void> {
  if (process.platform === 'win32') return
  let handle
  try {
    handle = await fs.open(dir, 'r')
  } catch (error) {
    if (NO_DIRECTORY_SYNC.has(errorCode(error))) return
    throw error
  }
  try {
    await handle.sync()
  } catch (error) {
    if (!NO_DIRECTORY_SYNC.has(errorCode(error))) throw error
  } finally {
    await handle.close()
  }
}

/** Options for `writeFileDurably`. */
export interface DurableWriteOptions {
  /** Before replacing the file, keep its previous content as a generation in this folder. */
  readonly generationsDir?: string
  /** How many generations to keep; older ones are deleted. */
  readonly keep?: number
  /** The file system to use (a test's, with faults); Node's by default. */
  readonly fs?: FileSystem
}

/** New content for a file, already flushed to a temporary file beside it, waiting to replace it. */
export interface PreparedWrite {
  /** The file it will replace. */
  readonly path: string
  /** Put the new content in place: keep the previous file as a generation (if asked), rename,
   *  flush the folder. On any failure the previous file is back in place, unchanged, and the
   *  error is a `SaveError`. */
  commit(options?: Omit<DurableWriteOptions, 'fs'>): Promise<void>
  /** Give up: remove the temporary file. */
  discard(): Promise<void>
}

/** Write `data` to a temporary file beside `path` and flush it to disk, without touching `path`.
 *  This is the slow half of a durable write, which may run while other work goes on; `commit`
 *  is the quick half. Throws a `SaveError` (and leaves no temporary file) on failure. */
export async function prepareDurableWrite(path: string, data: string | Uint8Array, fs: FileSystem = nodeFileSystem): Promise<PreparedWrite> {
  const temp = besides(path, 'tmp')
  try {
    const handle = await step(path, 'creating the temporary file', () => fs.open(temp, 'w'))
    try {
      await step(path, 'writing', () => handle.writeFile(data))
      await step(path, 'flushing to disk', () => handle.sync())
    } finally {
      await handle.close()
    }
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
  let settled = false
  return {
    path,
    async discard() {
      if (settled) return
      settled = true
      await fs.rm(temp, { force: true }).catch(() => undefined)
    },
    async commit(options = {}) {
      if (settled) throw new Error(`The write of ${path} was already committed or discarded`)
      settled = true
      await commitWrite(path, temp, options.generationsDir ? { dir: options.generationsDir, keep: options.keep ?? 5 } : null, fs)
    }
  }
}

/** Replace `path` with `data` so that, whatever happens, the file holds either the old or the new
 *  content in full: write a temp file beside it, fsync it, rename it over, fsync the folder.
 *  Resolves only once the new content is on disk. On failure (a `SaveError` naming the file, the
 *  step and the error code) the temp file is removed and the old file is as it was. */
export async function writeFileDurably(path: string, data: string | Uint8Array, options: DurableWriteOptions = {}): Promise<void> {
  const prepared = await prepareDurableWrite(path, data, options.fs)
  await prepared.commit(options)
}

async function commitWrite(path: string, temp: string, generations: { dir: string; keep: number } | null, fs: FileSystem): Promise<void> {
  // A way back to the previous content: its new generation, or a private link to it.
  let back: string | null = null
  let hadPrevious = true
  try {
    if (generations) {
      back = await step(path, 'keeping the previous version', () => keepGeneration(path, generations.dir, fs))
      hadPrevious = back !== null
    } else {
      const aside = besides(path, 'prev')
      try {
        await fs.link(path, aside)
        back = aside
      } catch (error) {
        if (isMissing(error)) hadPrevious = false
        // Without hard links a failed folder flush cannot be undone; the rename is still atomic.
      }
    }
    await step(path, 'replacing the file', () => fs.rename(temp, path))
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined)
    if (back) await fs.rm(back, { force: true }).catch(() => undefined)
    throw error
  }
  try {
    await step(path, 'flushing the folder', () => syncDirectory(dirname(path), fs))
  } catch (error) {
    // The rename may not last: put the previous file back, so the save has not happened at all.
    if (back) await fs.rename(back, path).catch(() => undefined)
    else if (!hadPrevious) await fs.rm(path, { force: true }).catch(() => undefined)
    throw error
  }
  if (back && !generations) await fs.rm(back, { force: true }).catch(() => undefined)
  if (generations) await pruneGenerations(generations.dir, generations.keep, fs)
}

/** The generation numbers present in `dir`, oldest first. */
export async function listGenerations(dir: string, fs: FileSystem = nodeFileSystem): Promise<number[]> {
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch {
    return []
  }
  return names
    .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

/** The file of generation `n` in `dir`. */
export function generationFile(dir: string, n: number): string {
  return join(dir, `${n}.json`)
}

/** Keep the current content of `path` (if any) as the next generation in `dir`, by a hard link
 *  (no copy) where the file system allows, a copy elsewhere. Resolves with the generation's file,
 *  or null when there is no previous content. */
async function keepGeneration(path: string, dir: string, fs: FileSystem): Promise<string | null> {
  await fs.mkdir(dir, { recursive: true })
  const existing = await listGenerations(dir, fs)
  const target = generationFile(dir, (existing[existing.length - 1] ?? 0) + 1)
  try {
    await fs.link(path, target)
  } catch (error) {
    if (isMissing(error)) return null
    if (!NO_HARD_LINKS.has(errorCode(error))) throw error
    await fs.copyFile(path, target)
  }
  return target
}

/** Delete all but the newest `keep` generations. A generation that cannot be deleted now is
 *  deleted by a later save. */
async function pruneGenerations(dir: string, keep: number, fs: FileSystem): Promise<void> {
  const all = await listGenerations(dir, fs)
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    await fs.rm(generationFile(dir, old), { force: true }).catch(() => undefined)
  }
}

/** Remove the temporary files that writes of a killed process left in `dir`. Call it only while
 *  holding the store's lock, when no other write can be under way. */
export async function removeTemporaryFiles(dir: string, fs: FileSystem = nodeFileSystem): Promise<void> {
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch {
    return
  }
  for (const name of names.filter((n) => TEMPORARY_FILE.test(n))) {
    await fs.rm(join(dir, name), { force: true }).catch(() => undefined)
  }
}
