/** Limits an archive must keep before anything in it is inflated. */
export interface ZipLimits {
  readonly maxEntries: number
  /** Largest total size of the entries once inflated, in bytes. */
  readonly maxInflatedBytes: number
  /** Largest ratio of inflated to compressed size, over the whole archive. */
  readonly maxRatio: number
}

export const DOCX_LIMITS: ZipLimits = { maxEntries: 5000, maxInflatedBytes: 300 * 1024 * 1024, maxRatio: 200 }

export interface ZipEntry {
  readonly name: string
  readonly compressedSize: number
  readonly size: number
}

/** List a zip archive's entries from its central directory, without inflating anything. Returns a
 *  sentence (to follow the file's name) when the archive is damaged, too large once inflated,
 *  inflates suspiciously far, has too many entries, or names a path outside itself. */
export function inspectZip(bytes: Uint8Array, limits: ZipLimits): { ok: true; entries: ZipEntry[] } | { ok: false; problem: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return { ok: false, problem: 'is not a complete zip archive (no central directory)' }
  const count = view.getUint16(eocd + 10, true)
  const dirSize = view.getUint32(eocd + 12, true)
  const dirOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, problem: 'is a zip64 archive, which Factwork does not open' }
  if (count > limits.maxEntries) return { ok: false, problem: `has ${count} entries; Factwork opens archives of up to ${limits.maxEntries}` }
  if (dirOffset + dirSize > bytes.length) return { ok: false, problem: 'is a damaged zip archive (its directory lies past its end)' }
  const entries: ZipEntry[] = []
  let at = dirOffset
  let inflated = 0
  let compressed = 0
  const decoder = new TextDecoder()
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return { ok: false, problem: 'is a damaged zip archive' }
    const compressedSize = view.getUint32(at + 20, true)
    const size = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0')) {
      return { ok: false, problem: `contains an entry outside the archive (${JSON.stringify(name)})` }
    }
    entries.push({ name, compressedSize, size })
    inflated += size
    compressed += compressedSize
    if (inflated > limits.maxInflatedBytes) {
      return { ok: false, problem: `would inflate to more than ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB` }
    }
    at += 46 + nameLength + extraLength + commentLength
  }
  if (inflated > 1024 * 1024 && inflated / Math.max(1, compressed) > limits.maxRatio) {
    return { ok: false, problem: `inflates ${Math.round(inflated / Math.max(1, compressed))} times its size, which is how zip bombs work` }
  }
  return { ok: true, entries }
}
