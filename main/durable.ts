import { link, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

let sequence = 0

/** Flush a directory's entries, so a rename inside it survives a power cut. Platforms that cannot
 *  open a directory (Windows) make this a no-op. */
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
  } catch {
    return
  }
  try {
    await handle.sync()
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
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
}

/** Replace `path` with `data` so that, whatever happens, the file holds either the old or the new
 *  content in full: write a temp file beside it, fsync it, rename it over, fsync the folder. Resolves
 *  only once the new content is on disk. On failure the temp file is removed and the old file is
 *  untouched. */
export async function writeFileDurably(path: string, data: string | Uint8Array, options: DurableWriteOptions = {}): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++sequence}.tmp`)
  try {
    const handle = await open(tmp, 'w')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (options.generationsDir) await keepGeneration(path, options.generationsDir, options.keep ?? 5)
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
  await syncDirectory(dirname(path))
}

/** The generation numbers present in `dir`, oldest first. */
export async function listGenerations(dir: string): Promise<number[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  return names
    .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

/** Keep the current content of `path` (if any) as the next generation in `dir`, by a hard link
 *  (no copy) where the file system allows, and delete all but the newest `keep`. */
async function keepGeneration(path: string, dir: string, keep: number): Promise<void> {
  await mkdir(dir, { recursive: true })
  const existing = await listGenerations(dir)
  const next = (existing[existing.length - 1] ?? 0) + 1
  const target = join(dir, `${next}.json`)
  try {
    await link(path, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    // No hard links here (some network and FAT file systems): copy instead.
    const { copyFile } = await import('node:fs/promises')
    await copyFile(path, target)
  }
  const all = [...existing, next]
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    await rm(join(dir, `${old}.json`), { force: true })
  }
}
