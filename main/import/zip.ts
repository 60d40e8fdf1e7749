import { inflateRawSync } from 'node:zlib'

/** Limits an archive must keep before anything in it is inflated. */
export interface ZipLimits {
  readonly maxEntries: number
  /** Largest total size of the entries once inflated, in bytes. */
  readonly maxInflatedBytes: number
  /** Largest ratio of inflated to compressed size, over the whole archive. */
  readonly maxRatio: number
}

export const DOCX_LIMITS: ZipLimits = { maxEntries: 5000, maxInflatedBytes: 300 * 1024 * 1024, maxRatio: 200 }

/** A project bundle holds a manifest, the project file and one entry per attachment. */
export const BUNDLE_LIMITS: ZipLimits = { maxEntries: 10_000, maxInflatedBytes: 512 * 1024 * 1024, maxRatio: 200 }

/** One entry of a zip archive as its central directory describes it. */
export interface ZipEntry {
  readonly name: string
  readonly compressedSize: number
  /** The inflated size the directory claims. */
  readonly size: number
  /** 0 stored, 8 deflated: the only methods an archive may use here. */
  readonly method: number
  /** The CRC-32 of the inflated data, as the directory claims it. */
  readonly crc32: number
  /** Where the entry's local header starts. */
  readonly offset: number
}

/** Unix file type bits of a directory entry's external attributes, and the symbolic link type. */
const UNIX_TYPE = 0o170000
const UNIX_SYMLINK = 0o120000
/** The "made by" host number of Unix, whose external attributes carry a file mode. */
const HOST_UNIX = 3

/** Why an entry name cannot be accepted, or null when it is a plain relative path. */
function badName(name: string): string | null {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0')) {
    return `contains an entry outside the archive (${JSON.stringify(name)})`
  }
  if (name.includes('\\')) return `contains an entry whose name has a backslash (${JSON.stringify(name)})`
  return null
}

/** List a zip archive's entries from its central directory, without inflating anything. Returns a
 *  sentence (to follow the file's name) when the archive is damaged, too large once inflated,
 *  inflates suspiciously far, has too many entries, names a path outside itself or with a
 *  backslash, names an entry twice, holds a symbolic link, is encrypted, or uses a compression
 *  method other than stored or deflated. */
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
  const names = new Set<string>()
  let at = dirOffset
  let inflated = 0
  let compressed = 0
  const decoder = new TextDecoder()
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return { ok: false, problem: 'is a damaged zip archive' }
    const madeBy = view.getUint16(at + 4, true)
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    const crc32 = view.getUint32(at + 16, true)
    const compressedSize = view.getUint32(at + 20, true)
    const size = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const external = view.getUint32(at + 38, true)
    const offset = view.getUint32(at + 42, true)
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    const nameProblem = badName(name)
    if (nameProblem) return { ok: false, problem: nameProblem }
    if (names.has(name)) return { ok: false, problem: `names the entry ${JSON.stringify(name)} twice` }
    names.add(name)
    if (madeBy >> 8 === HOST_UNIX && ((external >>> 16) & UNIX_TYPE) === UNIX_SYMLINK) {
      return { ok: false, problem: `contains a symbolic link (${JSON.stringify(name)})` }
    }
    if (flags & 1) return { ok: false, problem: `is encrypted (${JSON.stringify(name)})` }
    if (method !== 0 && method !== 8) {
      return { ok: false, problem: `uses a compression method Factwork does not read (method ${method} for ${JSON.stringify(name)})` }
    }
    if (offset + 30 + compressedSize > dirOffset) {
      return { ok: false, problem: `is a damaged zip archive (${JSON.stringify(name)} lies past its end)` }
    }
    entries.push({ name, compressedSize, size, method, crc32, offset })
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

/** The first deflated entry of `entries` (as `inspectZip` listed them) that does not inflate to
 *  the size its directory entry gives, or cannot be inflated at all; null when every one does.
 *  Each is inflated into at most that many bytes and stopped the moment it would need more, so an
 *  archive whose directory lies about its sizes (a zip bomb that passed `inspectZip`) costs no
 *  more memory or time than an honest one of the same claims. Readers that inflate entries whole
 *  whatever their size (mammoth's), or run through all of an entry's data (fflate's), run only
 *  after this. */
export function misstatedEntry(bytes: Uint8Array, entries: readonly ZipEntry[]): ZipEntry | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (const entry of entries) {
    if (entry.method !== 8) continue
    if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== 0x04034b50) return entry
    const data = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true)
    try {
      if (inflateRawSync(bytes.subarray(data, data + entry.compressedSize), { maxOutputLength: Math.max(1, entry.size) }).length !== entry.size) return entry
    } catch {
      return entry
    }
  }
  return null
}
