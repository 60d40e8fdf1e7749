import { Document, ExternalHyperlink, Packer, Paragraph, TextRun } from 'docx'
import { unzipSync, zipSync } from 'fflate'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib'
import { writeBundle } from '../../../main/bundle'
import { hostileProject } from './project'
import type { Random } from './random'
import { hostileString, obfuscatedUrl, SENTINEL } from './vectors'

// Hostile archives, for the two importers that open zips: bundles (`.factwork`) and Word files.
// Zip bombs whose directory tells the truth and bombs whose directory lies, too many entries,
// names that leave the archive (`../`, absolute, drive letters, backslashes, NUL), names given
// twice, symbolic links, encryption, unknown compression, zip64 markers, archives cut short or
// with bits flipped, and well-formed bundles and Word files whose content is hostile.

/** One entry as written, true or not. */
export interface RawEntry {
  readonly name: string
  /** The bytes stored in the archive for this entry (deflated unless `method` is 0). */
  readonly body: Uint8Array
  readonly method?: number
  /** The inflated size the headers claim. */
  readonly size: number
  readonly crc?: number
  readonly madeBy?: number
  readonly externalAttributes?: number
  readonly flags?: number
}

/** A zip archive of `entries` exactly as described, lies included. `count` overrides the number
 *  of entries the end record claims. */
export function writeZip(entries: readonly RawEntry[], count = entries.length): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const method = e.method ?? 8
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.flags ?? 0, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(e.crc ?? 0, 14)
    local.writeUInt32LE(e.body.length, 18)
    local.writeUInt32LE(e.size >>> 0, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, Buffer.from(e.body))
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(e.madeBy ?? 20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(e.flags ?? 0, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(e.crc ?? 0, 16)
    central.writeUInt32LE(e.body.length, 20)
    central.writeUInt32LE(e.size >>> 0, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE((e.externalAttributes ?? 0) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + e.body.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Math.min(count, 0xffff), 8)
  end.writeUInt16LE(Math.min(count, 0xffff), 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, dir, end]))
}

/** An honest entry: `data` deflated (or stored), with its true size and CRC-32. */
export function entry(name: string, data: Uint8Array | string, method = 8): RawEntry {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return { name, body: method === 8 ? deflateRawSync(bytes) : bytes, method, size: bytes.length, crc: crc32(bytes) >>> 0 }
}

/** A deflated run of `size` zero bytes and its CRC-32, made in pieces so that the zeros are never
 *  all in memory. */
async function deflatedZeros(size: number): Promise<{ body: Uint8Array; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 9 })
  const chunks: Buffer[] = []
  deflater.on('data', (c: Buffer) => chunks.push(c))
  const piece = Buffer.alloc(1 << 20)
  let crc = 0
  for (let left = size; left > 0; left -= piece.length) {
    const chunk = left >= piece.length ? piece : piece.subarray(0, left)
    crc = crc32(chunk, crc)
    if (!deflater.write(chunk)) await once(deflater, 'drain')
  }
  deflater.end()
  await once(deflater, 'end')
  return { body: new Uint8Array(Buffer.concat(chunks)), crc: crc >>> 0, size }
}

/** What the archive generator prepares once: deflated bombs, a Word file to damage, and a folder
 *  of attachments (empty: bundles report their originals as missing). */
export interface ArchiveKit {
  /** 64 MB, 600 MB and 200 MB of zeros, deflated (about a thousand times smaller). */
  readonly bombs: { readonly ratio: Awaited<ReturnType<typeof deflatedZeros>>; readonly huge: Awaited<ReturnType<typeof deflatedZeros>>; readonly lying: Awaited<ReturnType<typeof deflatedZeros>> }
  /** The entries of a small real Word file. */
  readonly docx: Readonly<Record<string, Uint8Array>>
  readonly attachmentsDir: string
}

/** Prepare the bombs and the Word file (a few seconds, once per run). */
export async function prepareArchives(attachmentsDir: string): Promise<ArchiveKit> {
  const word = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('Exports rose to approximately US$2.8 billion last year, the ministry said.')] }),
          new Paragraph({ children: [new ExternalHyperlink({ link: `javascript:${SENTINEL}`, children: [new TextRun('a hostile link')] }), new TextRun(' and more text.')] }),
          new Paragraph({ children: [new TextRun(`<script>${SENTINEL}</script> stays text`)] })
        ]
      }
    ]
  })
  const docx = unzipSync(new Uint8Array(await Packer.toBuffer(word)))
  return {
    bombs: { ratio: await deflatedZeros(64 << 20), huge: await deflatedZeros(600 << 20), lying: await deflatedZeros(200 << 20) },
    docx,
    attachmentsDir
  }
}

/** What kind of hostile archive an input is, for the figures. */
export type ArchiveShape =
  | 'bomb (honest sizes)'
  | 'bomb (lying sizes)'
  | 'too many entries'
  | 'path outside the archive'
  | 'duplicate names'
  | 'symbolic link'
  | 'encrypted or unknown method'
  | 'truncated'
  | 'bits flipped'
  | 'manifest lies'
  | 'hostile project'
  | 'inconsistent project'
  | 'deeply nested project'
  | 'hostile Word file'

/** Shapes that must be refused from the directory alone, before anything is inflated. */
export const REFUSED_BEFORE_INFLATING: ReadonlySet<ArchiveShape> = new Set(['bomb (honest sizes)', 'too many entries', 'path outside the archive', 'duplicate names', 'symbolic link', 'encrypted or unknown method'])

const MANIFEST = (entries: { name: string; size: number; sha256: string }[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'factwork-bundle',
    bundleVersion: 1,
    factworkVersion: '0.1.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    project: { id: 'p', title: 't', fileVersion: 3 },
    entries,
    missing: [],
    basedOn: [],
    ...extra
  })

const BAD_NAMES = [
  '../evil.txt',
  '../../../../../../tmp/factwork-evil',
  'attachments/../../evil',
  '/etc/passwd',
  '/tmp/factwork-evil',
  '\\evil',
  '\\\\server\\share\\evil',
  'C:\\Windows\\evil.dll',
  'C:/evil',
  'c:evil',
  'attachments\\..\\..\\evil',
  'attachments/\u0000/evil',
  'a/../../evil',
  '..',
  './../evil'
]

/** A hostile archive: `bundle` ones say they are Factwork bundles (a `factwork.json` entry),
 *  the others are shaped like Word files. */
export async function hostileArchive(random: Random, kit: ArchiveKit): Promise<{ fileName: string; bytes: Uint8Array; shape: ArchiveShape }> {
  const asBundle = random.chance(0.7)
  const first = asBundle ? 'factwork.json' : '[Content_Types].xml'
  const main = asBundle ? 'project.json' : 'word/document.xml'
  const fileName = random.chance(0.85) ? (asBundle ? random.pick(['colleague.factwork', 'project.factwork', 'shared.zip']) : random.pick(['report.docx', 'statement.docx'])) : `${hostileString(random).slice(0, 60).replace(/[/\\]/g, '_')}.${asBundle ? 'factwork' : 'docx'}`
  const head = entry(first, asBundle ? MANIFEST([{ name: main, size: 10, sha256: 'c'.repeat(64) }]) : kit.docx['[Content_Types].xml']!)
  const shape = random.pick<ArchiveShape>([
    'bomb (honest sizes)',
    'bomb (honest sizes)',
    'bomb (lying sizes)',
    'too many entries',
    'path outside the archive',
    'path outside the archive',
    'duplicate names',
    'symbolic link',
    'encrypted or unknown method',
    'truncated',
    'bits flipped',
    ...(asBundle ? (['manifest lies', 'hostile project', 'hostile project', 'hostile project', 'inconsistent project', 'inconsistent project', 'deeply nested project'] as const) : (['hostile Word file', 'hostile Word file', 'hostile Word file'] as const))
  ])
  const { ratio, huge, lying } = kit.bombs
  const done = (bytes: Uint8Array) => ({ fileName, bytes, shape })
  switch (shape) {
    case 'bomb (honest sizes)': {
      const bomb = random.chance(0.5) ? ratio : huge
      const name = random.pick([main, asBundle ? `attachments/${'d'.repeat(64)}` : 'word/media/image1.png'])
      const copies = random.pick([1, 1, 3, 12])
      const entries = [head, ...Array.from({ length: copies }, (_, i) => ({ name: i ? `${name}${i}` : name, body: bomb.body, size: bomb.size, crc: bomb.crc }))]
      return done(writeZip(entries))
    }
    case 'bomb (lying sizes)': {
      // The directory claims a small entry (or one whose ratio looks ordinary); the data inflates
      // to 200 MB.
      const claimed = random.pick([10, 1000, lying.body.length * 100])
      if (asBundle) {
        const manifest = entry(first, MANIFEST([{ name: main, size: claimed, sha256: 'c'.repeat(64) }]))
        return done(writeZip([manifest, { name: main, body: lying.body, size: claimed, crc: 0 }]))
      }
      const docx = Object.entries(kit.docx).filter(([name]) => name !== main).map(([name, data]) => entry(name, data))
      return done(writeZip([...docx, { name: main, body: lying.body, size: claimed, crc: lying.crc }]))
    }
    case 'too many entries': {
      const limit = asBundle ? 10_000 : 5_000
      const n = random.pick([limit + 1, limit + 50])
      const stored = entry('x', 'x', 0)
      const entries = [head, ...Array.from({ length: n }, (_, i) => ({ ...stored, name: asBundle ? `attachments/${String(i).padStart(64, '0')}` : `word/x${i}.xml` }))]
      return done(random.chance(0.8) ? writeZip(entries) : writeZip([head, entry(main, '{}')], random.pick([limit + 1, 0xffff])))
    }
    case 'path outside the archive': {
      const bad = entry(random.pick(BAD_NAMES), random.chance(0.5) ? `${SENTINEL}` : hostileString(random).slice(0, 1000))
      const entries = [head, entry(main, asBundle ? '{}' : kit.docx[main]!), bad]
      return done(writeZip(random.chance(0.5) ? entries : [bad, ...entries.slice(0, 2)]))
    }
    case 'duplicate names': {
      const twice = random.pick([first, main])
      return done(writeZip([head, entry(main, asBundle ? '{}' : kit.docx[main]!), entry(twice, random.pick(['{}', hostileString(random)]))]))
    }
    case 'symbolic link': {
      const link: RawEntry = { ...entry(random.pick([main, 'attachments/' + 'e'.repeat(64), 'link']), random.pick(['/etc/passwd', '../../../../home', '/'])), madeBy: (3 << 8) | 20, externalAttributes: (0o120777 << 16) >>> 0 }
      return done(writeZip([head, link]))
    }
    case 'encrypted or unknown method': {
      const odd = random.pick<Partial<RawEntry>>([{ flags: 1 }, { method: 12 }, { method: 14 }, { method: 99 }, { method: 9 }, { size: 0xffffffff }])
      return done(writeZip([head, { ...entry(main, asBundle ? '{}' : kit.docx[main]!), ...odd }]))
    }
    case 'truncated':
    case 'bits flipped': {
      const whole = asBundle ? await validBundle(random, kit, false) : wordFile(random, kit)
      if (shape === 'truncated') return done(whole.slice(0, random.int(whole.length)))
      const out = whole.slice()
      for (let n = random.between(1, 6); n > 0; n--) {
        const at = random.int(out.length)
        out[at] = out[at]! ^ (1 << random.int(8))
      }
      return done(out)
    }
    case 'manifest lies': {
      const project = new TextEncoder().encode(JSON.stringify({ version: 3, project: hostileProject(random, 'lies') }))
      const lie = random.pick([
        MANIFEST([{ name: main, size: project.length + 1, sha256: 'c'.repeat(64) }]),
        MANIFEST([]),
        MANIFEST([{ name: main, size: project.length, sha256: 'c'.repeat(64) }], { bundleVersion: 99 }),
        MANIFEST([{ name: main, size: project.length, sha256: 'c'.repeat(64) }, { name: `attachments/${'f'.repeat(64)}`, size: 1, sha256: 'f'.repeat(64) }]),
        JSON.stringify({ format: 'factwork-bundle', bundleVersion: 1, [hostileString(random)]: hostileString(random) }),
        hostileString(random)
      ])
      return done(writeZip([entry(first, lie), entry(main, project), ...(random.chance(0.3) ? [entry(`attachments/${'0'.repeat(64)}`, 'not that hash')] : [])]))
    }
    case 'hostile project':
    case 'inconsistent project':
      return done(await validBundle(random, kit, shape === 'inconsistent project'))
    case 'deeply nested project': {
      // Blocks nested thousands deep: quotes in quotes, or lists in lists.
      const depth = random.pick([300, 3000, 30_000])
      const [open, close] = random.chance(0.5) ? ['{"type":"quote","blocks":[', ']}'] : ['{"type":"list","ordered":false,"items":[[', ']]}']
      const deep = `${open.repeat(depth)}{"type":"paragraph","content":[{"text":"deep"}]}${close.repeat(depth)}`
      const project = hostileProject(random, `deep-${random.int(1e6)}`)
      const text = JSON.stringify({ version: 3, project: { ...project, documents: [{ ...project.documents[0]!, blocks: ['\u0000deep'], text: 'deep' }], annotations: [], links: [] } }).replace('["\\u0000deep"]', `[${deep}]`)
      const bytes = new TextEncoder().encode(text)
      return done(writeZip([entry(first, MANIFEST([{ name: main, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }])), entry(main, bytes)]))
    }
    case 'hostile Word file':
      return done(wordFile(random, kit))
  }
}

/** A well-formed bundle of a hostile project, as Factwork itself writes them. */
async function validBundle(random: Random, kit: ArchiveKit, inconsistent: boolean): Promise<Uint8Array> {
  const id = random.chance(0.9) ? `hostile-${random.int(1e9)}` : random.pick(['../../evil', 'a/b', '..', 'CON', 'x'.repeat(81), hostileString(random).slice(0, 80) || 'x'])
  const project = hostileProject(random, id, inconsistent)
  const { bytes } = await writeBundle(project, kit.attachmentsDir, { version: '0.1.0', now: '2026-01-01T00:00:00.000Z' })
  return bytes
}

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry are dropped: the file would not be XML otherwise.
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A real Word file with hostile runs, hyperlinks to script addresses and a HYPERLINK field. */
function wordFile(random: Random, kit: ArchiveKit): Uint8Array {
  const files: Record<string, Uint8Array> = { ...kit.docx }
  const decoder = new TextDecoder()
  const runs = Array.from({ length: random.between(1, 6) }, () => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(hostileString(random).slice(0, 5000))}</w:t></w:r></w:p>`).join('')
  const field = `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "${escapeXml(obfuscatedUrl(random, false))}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>field link</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`
  const document = decoder.decode(files['word/document.xml']!).replace('<w:body>', `<w:body>${runs}${random.chance(0.5) ? field : ''}`)
  files['word/document.xml'] = new TextEncoder().encode(random.chance(0.1) ? document.slice(0, random.int(document.length)) : document)
  const relsName = 'word/_rels/document.xml.rels'
  if (files[relsName]) {
    const rels = decoder.decode(files[relsName]).replace(/Target="javascript:[^"]*"/g, `Target="${escapeXml(obfuscatedUrl(random, false))}"`)
    files[relsName] = new TextEncoder().encode(rels)
  }
  return zipSync(files)
}
