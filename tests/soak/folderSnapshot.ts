import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

// Snapshots of a folder's files, to tell what a run wrote.

/** Every file under `dir` with a hash of its bytes, by path relative to `dir`, leaving out
 *  `ignore` (relative paths). */
export async function snapshot(dir: string, ignore: readonly string[] = []): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      const path = join(folder, entry.name)
      const name = relative(dir, path)
      if (ignore.some((i) => name === i || name.startsWith(`${i}/`))) continue
      if (entry.isDirectory()) await walk(path)
      else files.set(name, createHash('sha256').update(await readFile(path)).digest('hex'))
    }
  }
  await walk(dir)
  return files
}

/** The files `after` has that `before` had not, or had with other bytes, and those it lost. */
export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = [...after].filter(([name, hash]) => before.get(name) !== hash).map(([name]) => name)
  const removed = [...before.keys()].filter((name) => !after.has(name))
  return [...changed, ...removed.map((name) => `${name} (removed)`)]
}
