import { createHash } from 'node:crypto'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from './durable'

/** The SHA-256 of `bytes`, as lower-case hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Keep an original file byte for byte under `dir`, named by its SHA-256, so that identical
 *  originals are stored once. Resolves with the hash once the bytes are on disk. */
export async function keepOriginal(dir: string, bytes: Uint8Array): Promise<string> {
  const hash = sha256(bytes)
  const path = join(dir, hash)
  try {
    await access(path)
  } catch {
    await writeFileDurably(path, bytes)
  }
  return hash
}
