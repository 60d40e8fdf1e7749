import { zipSync } from 'fflate'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { applyChanges, type Change } from '../../data/changes'
import { ANNOTATION_DEFAULTS, newProject, type Annotation, type ArticleDocument, type Project, type SourceRecord } from '../../data/project'
import { keepOriginal, sha256 } from '../../main/attachments'
import { ExchangeHistory, importBundle, keepBundleAttachments, readBundle, writeBundle } from '../../main/bundle'
import { importBytes } from '../../main/importer'
import { BUNDLE_LIMITS } from '../../main/import/zip'
import { ProjectStore } from '../../main/projectStore'

const FIXTURES = join(resolve(__dirname, '..'), 'fixtures', 'bundle')
const now = '2026-02-03T10:00:00.000Z'
const version = '0.1.0'
const temps: string[] = []

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'factwork-bundle-'))
  temps.push(dir)
  return dir
}

/** Import a fixture into a store's attachments as the app does, and return the document. */
async function imported(store: ProjectStore, name: string, id: string): Promise<ArticleDocument> {
  const bytes = new Uint8Array(await readFile(join(FIXTURES, name)))
  const doc = await importBytes(name, bytes, { documentId: id, now })
  if (!doc.ok) throw new Error(doc.message)
  await keepOriginal(store.layout.attachments, bytes)
  return doc.value
}

function passage(doc: ArticleDocument, exact: string, id: string, fields: Partial<Annotation> = {}): Annotation {
  const start = doc.text.indexOf(exact)
  if (start < 0) throw new Error(`“${exact}” is not in ${doc.id}`)
  return { ...ANNOTATION_DEFAULTS, tags: [], kind: 'claim', ...fields, id, documentId: doc.id, start, end: start + exact.length, quote: quoteAt(doc.text, start, start + exact.length), createdAt: now, modifiedAt: fields.modifiedAt ?? now }
}

/** A store holding one project of two imported articles, annotated, with a source whose file is
 *  attached, a link, an orphan and publication settings. */
async function annotatedStore(): Promise<{ store: ProjectStore; project: Project }> {
  const store = await ProjectStore.open(await tempDir())
  const article = await imported(store, 'nationpress.txt', 'd1')
  const brief = await imported(store, 'port-brief.md', 'd2')
  const attached = new Uint8Array(await readFile(join(FIXTURES, 'wheat-ar.md')))
  const source: SourceRecord = {
    id: 's1',
    title: 'Gatestone Institute report',
    url: 'https://www.gatestoneinstitute.org/',
    publisher: 'Gatestone Institute',
    author: '',
    date: '2026-01-08',
    accessed: '2026-01-09',
    origin: 'primary',
    reliability: 'C',
    notes: 'Saved copy attached.',
    attachment: { fileName: 'wheat-ar.md', mediaType: 'text/markdown', size: attached.length, sha256: await keepOriginal(store.layout.attachments, attached), attachedAt: now },
    createdAt: now,
    modifiedAt: now
  }
  const changes: Change[] = [
    { op: 'addSource', source },
    { op: 'addAnnotation', annotation: passage(article, 'approximately US$2.8 billion', 'c1', { verdict: 'Mostly false', claimant: 'Gatestone Institute' }) },
    { op: 'addAnnotation', annotation: passage(article, 'the first nation to recognize the Islamic Republic of Iran', 'c2') },
    { op: 'addAnnotation', annotation: passage(brief, '9 percent according to the dockers', 'e1', { kind: 'evidence', credibility: '2' }) },
    { op: 'addLink', link: { id: 'l1', claimId: 'c1', target: { type: 'source', id: 's1' }, stance: 'supports', note: '', createdAt: now, modifiedAt: now } },
    { op: 'addOrphan', orphan: { ...passage(brief, 'Port traffic', 'o1', { kind: 'note' }), start: null, end: null, reason: 'Not found in the text.', origin: 'notes.json' } }
  ]
  const base = { ...newProject('pakistan-check', article, now), documents: [article, brief] }
  const applied = applyChanges(base, changes, now)
  if (!applied.ok) throw new Error(applied.message)
  const project = { ...applied.value, settings: { ...applied.value.settings, publication: { organization: 'Desk Check', organizationUrl: '', reviewUrl: '', author: 'Amira Haddad' } } }
  const created = await store.create(project)
  if (!created.ok) throw new Error(created.message)
  return { store, project }
}

/** A bundle made of `files`, with a manifest listing them unless `manifest` overrides it. */
function bundleOf(files: Record<string, Uint8Array>, manifest: Record<string, unknown> = {}): Uint8Array {
  const entries = Object.entries(files).map(([name, data]) => ({ name, size: data.length, sha256: sha256(data) }))
  const head = { format: 'factwork-bundle', bundleVersion: 1, factworkVersion: version, createdAt: now, project: { id: 'p', title: 'p', fileVersion: 3 }, entries, missing: [], basedOn: [], ...manifest }
  return zipSync({ 'factwork.json': new TextEncoder().encode(JSON.stringify(head)), ...files })
}

interface RawEntry {
  readonly name: string
  /** The bytes as stored in the archive. */
  readonly data: Uint8Array
  readonly method?: number
  readonly flags?: number
  readonly madeBy?: number
  readonly external?: number
  /** The inflated size and CRC-32 the directory claims. */
  readonly size?: number
  readonly crc?: number
}

/** A zip archive written byte by byte, so that it can lie. */
function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(e.flags ?? 0, 6)
    local.writeUInt16LE(e.method ?? 0, 8)
    local.writeUInt32LE(e.crc ?? crc32(e.data), 14)
    local.writeUInt32LE(e.data.length, 18)
    local.writeUInt32LE(e.size ?? e.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, Buffer.from(e.data))
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(e.madeBy ?? 20, 4)
    central.writeUInt16LE(e.flags ?? 0, 8)
    central.writeUInt16LE(e.method ?? 0, 10)
    central.writeUInt32LE(e.crc ?? crc32(e.data), 16)
    central.writeUInt32LE(e.data.length, 20)
    central.writeUInt32LE(e.size ?? e.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(e.external ?? 0, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + e.data.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, dir, end]))
}

/** Bytes that are not a deflate stream: an archive whose entries hold them fails to inflate, so a
 *  specific refusal proves the reader refused before inflating. */
const NOT_DEFLATE = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])

/** `megabytes` MB of zeros, deflated without ever holding them in memory. */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (c: Buffer) => chunks.push(c))
  const ended = once(deflate, 'end')
  const megabyte = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < megabytes; i++) if (!deflate.write(megabyte)) await once(deflate, 'drain')
  deflate.end()
  await ended
  return Buffer.concat(chunks)
}

function message(result: { ok: boolean; message?: string }): string | undefined {
  return result.ok ? undefined : result.message
}

describe('project bundles', () => {
  it('carry a project and its attachments into a fresh store unchanged', async () => {
    const { store, project } = await annotatedStore()
    const stored = await store.get(project.id)
    if (!stored.ok) throw new Error(stored.message)
    const { bytes, missing } = await writeBundle(stored.value, store.layout.attachments, { version, now })
    expect(missing).toEqual([])
    const path = join(await tempDir(), 'pakistan-check.factwork')
    await writeFile(path, bytes)
    const attachmentBytes = (await Promise.all((await readdir(store.layout.attachments)).map((n) => readFile(join(store.layout.attachments, n))))).reduce((n, b) => n + b.length, 0)
    console.log(`Bundle of ${project.documents.length} documents, ${project.annotations.length} annotations and ${attachmentBytes} bytes of attachments: ${bytes.length} bytes`)

    const fresh = await ProjectStore.open(await tempDir())
    const read = readBundle('pakistan-check.factwork', new Uint8Array(await readFile(path)))
    if (!read.ok) throw new Error(read.message)
    expect(read.value.migrated).toBe(false)
    expect(read.value.manifest).toMatchObject({ format: 'factwork-bundle', bundleVersion: 1, factworkVersion: version, createdAt: now, project: { id: 'pakistan-check', fileVersion: 3 } })
    expect(read.value.manifest.entries.map((e) => e.name).sort()).toEqual(['project.json', ...[...read.value.attachments.keys()].map((h) => `attachments/${h}`)].sort())
    expect(await keepBundleAttachments(fresh.layout.attachments, read.value.attachments)).toHaveLength(3)
    expect(await fresh.create(read.value.file.project)).toMatchObject({ ok: true })
    fresh.forget()
    expect(await fresh.get(project.id)).toEqual(stored)
    for (const name of await readdir(store.layout.attachments)) {
      expect(await readFile(join(fresh.layout.attachments, name))).toEqual(await readFile(join(store.layout.attachments, name)))
    }
  })

  it('report an attachment missing from the store without failing', async () => {
    const { store, project } = await annotatedStore()
    const attachment = project.sources[0]!.attachment!
    await rm(join(store.layout.attachments, attachment.sha256))
    const { bytes, missing } = await writeBundle(project, store.layout.attachments, { version, now })
    const expected = { sha256: attachment.sha256, fileName: 'wheat-ar.md', usedBy: 'the file attached to the source “Gatestone Institute report”', problem: 'It is not in the attachments folder.' }
    expect(missing).toEqual([expected])
    const read = readBundle('colleague.factwork', bytes)
    if (!read.ok) throw new Error(read.message)
    expect(read.value.missing).toEqual([expected])
    expect(read.value.attachments.size).toBe(2)
  })

  it('migrate an older project file they hold', async () => {
    const { project } = await annotatedStore()
    const { orphans: _orphans, ...older } = project
    const v2 = { version: 2, project: { ...older, settings: { verdictScale: project.settings.verdictScale, tags: [] } } }
    const read = readBundle('old.factwork', bundleOf({ 'project.json': new TextEncoder().encode(JSON.stringify(v2)) }))
    if (!read.ok) throw new Error(read.message)
    expect(read.value.migrated).toBe(true)
    expect(read.value.file.version).toBe(3)
    expect(read.value.file.project.orphans).toEqual([])
    expect(read.value.file.project.settings.publication).toEqual({ organization: '', organizationUrl: '', reviewUrl: '', author: '' })
  })

  it('refuse what is not a bundle, or a damaged one, with a sentence naming the file', async () => {
    const { project, store } = await annotatedStore()
    const good = (await writeBundle(project, store.layout.attachments, { version, now })).bytes
    const json = new TextEncoder().encode(JSON.stringify({ version: 3, project }))
    const cases: [string, Uint8Array, string][] = [
      ['a JSON file', json, 'colleague.factwork is not a Factwork bundle: it is not a zip archive.'],
      ['an empty file', new Uint8Array(), 'colleague.factwork is not a Factwork bundle: it is not a zip archive.'],
      ['a bundle cut short', good.subarray(0, Math.floor(good.length / 2)), 'colleague.factwork is not a complete zip archive (no central directory).'],
      ['a zip without a project', zipSync({ 'factwork.json': new TextEncoder().encode('{}') }), 'colleague.factwork is not a Factwork bundle: it has no project.json.'],
      ['a zip without a manifest', zipSync({ 'project.json': json }), 'colleague.factwork is not a Factwork bundle: it has no factwork.json.'],
      ['a Word file', zipSync({ 'word/document.xml': new Uint8Array(1), '[Content_Types].xml': new Uint8Array(1) }), 'colleague.factwork is not a Factwork bundle: it has no factwork.json.'],
      ['a manifest of another format', zipSync({ 'factwork.json': new TextEncoder().encode('{"format":"other","bundleVersion":1}'), 'project.json': json }), 'colleague.factwork is not a Factwork bundle: its factwork.json is not a bundle manifest.'],
      ['a newer bundle', bundleOf({ 'project.json': json }, { bundleVersion: 2 }), 'colleague.factwork was written by a newer Factwork (bundle version 2); update Factwork to open it.'],
      ['an entry a bundle does not have', bundleOf({ 'project.json': json, 'notes.txt': new Uint8Array(1) }), 'colleague.factwork is not a Factwork bundle: it holds an entry a bundle does not have ("notes.txt").'],
      ['an entry the manifest does not list', bundleOf({ 'project.json': json, [`attachments/${sha256(new Uint8Array(1))}`]: new Uint8Array(1) }, { entries: [{ name: 'project.json', size: json.length, sha256: sha256(json) }] }), `colleague.factwork is damaged: attachments/${sha256(new Uint8Array(1))} is not listed in factwork.json.`],
      ['a project that is not one', bundleOf({ 'project.json': new TextEncoder().encode('{"version":3,"project":{"id":"x"}}') }), 'colleague.factwork holds a project.json that cannot be read: it does not match the project format at project.title: Invalid input: expected string, received undefined.'],
      ['a project that is not JSON', bundleOf({ 'project.json': new TextEncoder().encode('{"version":') }), expect.stringMatching(/^colleague\.factwork holds a project\.json that is not valid JSON \(/) as unknown as string]
    ]
    for (const [what, bytes, expected] of cases) expect(message(readBundle('colleague.factwork', bytes)), what).toEqual(expected)
  })

  it('refuse an attachment whose content does not match its SHA-256', async () => {
    const json = new TextEncoder().encode(JSON.stringify({ version: 3, project: (await annotatedStore()).project }))
    const original = new TextEncoder().encode('the original report')
    const tampered = new TextEncoder().encode('a tampered report!!')
    const name = `attachments/${sha256(original)}`
    // The manifest lists the original, the archive holds something else.
    const swapped = bundleOf({ 'project.json': json, [name]: tampered }, { entries: [{ name: 'project.json', size: json.length, sha256: sha256(json) }, { name, size: original.length, sha256: sha256(original) }] })
    expect(message(readBundle('colleague.factwork', swapped))).toBe(`colleague.factwork is damaged: ${name} does not match its SHA-256 in factwork.json.`)
    // Manifest and content agree, but not with the name the archive files it under.
    expect(message(readBundle('colleague.factwork', bundleOf({ 'project.json': json, [name]: tampered })))).toBe(`colleague.factwork is damaged: ${name} does not match the SHA-256 it is named by.`)
    // A flipped byte inside a deflated entry.
    const good = bundleOf({ 'project.json': json })
    const at = Buffer.from(good).indexOf(Buffer.from('project.json')) + 'project.json'.length + 40
    const flipped = Uint8Array.from(good, (b, i) => (i === at ? b ^ 0xff : b))
    expect(message(readBundle('colleague.factwork', flipped))).toMatch(/^colleague\.factwork (is damaged: project\.json does not inflate to what its directory entry says|is a damaged zip archive \(.+\))\.$/)
  })

  it('refuse archives that would write outside their folder, repeat a name, hold links or encrypted entries, before inflating anything', () => {
    const json = { name: 'project.json', data: NOT_DEFLATE, method: 8, size: 10 }
    const manifest = { name: 'factwork.json', data: NOT_DEFLATE, method: 8, size: 10 }
    const cases: [RawEntry[], string][] = [
      [[manifest, json, { name: '../../.bashrc', data: NOT_DEFLATE }], 'contains an entry outside the archive ("../../.bashrc")'],
      [[manifest, json, { name: 'attachments/../../evil', data: NOT_DEFLATE }], 'contains an entry outside the archive ("attachments/../../evil")'],
      [[manifest, json, { name: '/etc/cron.d/x', data: NOT_DEFLATE }], 'contains an entry outside the archive ("/etc/cron.d/x")'],
      [[manifest, json, { name: 'C:/Windows/x', data: NOT_DEFLATE }], 'contains an entry outside the archive ("C:/Windows/x")'],
      [[manifest, json, { name: 'attachments\\x', data: NOT_DEFLATE }], 'contains an entry whose name has a backslash ("attachments\\\\x")'],
      [[manifest, json, { name: 'project.json\u0000.txt', data: NOT_DEFLATE }], 'contains an entry outside the archive ("project.json\\u0000.txt")'],
      [[manifest, json, json], 'names the entry "project.json" twice'],
      [[manifest, json, { name: 'attachments/link', data: new TextEncoder().encode('/etc/passwd'), madeBy: (3 << 8) | 20, external: (0o120777 << 16) >>> 0 }], 'contains a symbolic link ("attachments/link")'],
      [[manifest, { ...json, flags: 1 }], 'is encrypted ("project.json")'],
      [[manifest, { ...json, method: 12 }], 'uses a compression method Factwork does not read (method 12 for "project.json")'],
      [[manifest, { ...json, size: 600 * 1024 * 1024 }], 'would inflate to more than 512 MB']
    ]
    for (const [entries, problem] of cases) expect(message(readBundle('colleague.factwork', rawZip(entries)))).toBe(`colleague.factwork ${problem}.`)
    const many = rawZip(Array.from({ length: BUNDLE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `attachments/${i}`, data: new Uint8Array() })))
    expect(message(readBundle('colleague.factwork', many))).toBe('colleague.factwork has 10001 entries; Factwork opens archives of up to 10000.')
  })

  it('refuse a zip bomb before inflating it, and one that hides its size while inflating no more than it claims', async () => {
    const zeros = await deflatedZeros(256)
    const manifestData = new TextEncoder().encode(JSON.stringify({ format: 'factwork-bundle', bundleVersion: 1, factworkVersion: version, createdAt: now, project: { id: 'p', title: 'p', fileVersion: 3 }, entries: [{ name: 'project.json', size: 1024, sha256: '0'.repeat(64) }], missing: [], basedOn: [] }))
    const manifest = { name: 'factwork.json', data: deflateRawSync(manifestData), method: 8, size: manifestData.length, crc: crc32(manifestData) }

    const honest = rawZip([manifest, { name: 'project.json', data: zeros, method: 8, size: 256 * 1024 * 1024, crc: 0 }])
    let before = process.memoryUsage().rss
    expect(message(readBundle('bomb.factwork', honest))).toMatch(/^bomb\.factwork inflates \d+ times its size, which is how zip bombs work\.$/)
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024)

    // The directory claims 1 KB; the data inflates to 256 MB.
    const lying = rawZip([manifest, { name: 'project.json', data: zeros, method: 8, size: 1024, crc: 0 }])
    before = process.memoryUsage().rss
    const started = performance.now()
    expect(message(readBundle('bomb.factwork', lying))).toBe('bomb.factwork is damaged: project.json does not inflate to what its directory entry says.')
    const grown = process.memoryUsage().rss - before
    console.log(`A bomb of ${zeros.length} bytes claiming 1 KB (256 MB inside): refused in ${(performance.now() - started).toFixed(0)} ms, memory grew ${(grown / 1024 / 1024).toFixed(1)} MB`)
    expect(grown).toBeLessThan(32 * 1024 * 1024)
  })

  it('carry a 1 MB article with 10,000 annotations and read back the same project', async () => {
    const store = await ProjectStore.open(await tempDir())
    const words = (await readFile(join(FIXTURES, 'nationpress.txt'), 'utf8')).split(/\s+/).filter(Boolean)
    const paragraphs = Array.from({ length: 5000 }, (_, p) => {
      let line = ''
      for (let w = p; line.length < 200; w += 7) line += `${words[w % words.length]} `
      return line.trim()
    })
    const text = paragraphs.join('\n')
    const bytes = new TextEncoder().encode(text)
    const doc = await importBytes('big.txt', bytes, { documentId: 'big', now })
    if (!doc.ok) throw new Error(doc.message)
    await keepOriginal(store.layout.attachments, bytes)
    const annotations = Array.from({ length: 10_000 }, (_, i) => {
      const start = Math.floor((i * (doc.value.text.length - 100)) / 10_000)
      const end = start + 20 + (i % 60)
      return { ...ANNOTATION_DEFAULTS, tags: [], id: `a${i}`, documentId: 'big', kind: 'claim' as const, start, end, quote: quoteAt(doc.value.text, start, end), note: i % 3 ? '' : `Checked against source ${i}.`, createdAt: now, modifiedAt: now }
    })
    const project = { ...newProject('big', doc.value, now), annotations }
    let started = performance.now()
    const written = await writeBundle(project, store.layout.attachments, { version, now })
    const writing = performance.now() - started
    started = performance.now()
    const read = readBundle('big.factwork', written.bytes)
    const reading = performance.now() - started
    if (!read.ok) throw new Error(read.message)
    const json = JSON.stringify({ version: 3, project }).length
    console.log(
      `Bundle of a ${(doc.value.text.length / 1e6).toFixed(2)} MB article with 10,000 annotations: project.json ${(json / 1e6).toFixed(1)} MB, bundle ${(written.bytes.length / 1e6).toFixed(2)} MB (ratio ${(json / written.bytes.length).toFixed(1)}); written in ${writing.toFixed(0)} ms, read and checked in ${reading.toFixed(0)} ms`
    )
    expect(read.value.file.project).toEqual(project)
    expect(read.value.attachments.get(sha256(bytes))).toEqual(bytes)
  })

  it('keep attachments under the hash of their bytes, never under a name from the archive', async () => {
    const dir = await tempDir()
    const bytes = new TextEncoder().encode('report')
    await expect(keepBundleAttachments(join(dir, 'attachments'), new Map([['../escaped', bytes]]))).rejects.toThrow(/has the SHA-256/)
    expect(await readdir(dir)).toEqual(['attachments'])
    expect(await readdir(join(dir, 'attachments'))).toEqual([])
    expect(await keepBundleAttachments(join(dir, 'attachments'), new Map([[sha256(bytes), bytes]]))).toEqual([sha256(bytes)])
    expect(await readdir(join(dir, 'attachments'))).toEqual([sha256(bytes)])
  })
})

describe('importing a bundle into a store', () => {
  it('creates the project when the store has none, and merges a colleague’s later bundle cleanly from the version both share', async () => {
    const { store: mine, project } = await annotatedStore()
    const myHistory = new ExchangeHistory(join(mine.layout.home, 'exchanges'))
    const sent = await writeBundle(project, mine.layout.attachments, { version, now, history: myHistory })

    // The colleague opens it in a fresh store, edits another claim and sends it back.
    const theirs = await ProjectStore.open(await tempDir())
    const theirHistory = new ExchangeHistory(join(theirs.layout.home, 'exchanges'))
    const opened = await importBundle(theirs, theirHistory, 'pakistan-check.factwork', sent.bytes, { now })
    if (!opened.ok) throw new Error(opened.message)
    expect(opened.value).toMatchObject({ created: true, report: null, missing: [], migrated: false })
    expect(opened.value.project).toEqual(project)
    const theirEdit = { op: 'updateAnnotation' as const, id: 'c2', patch: { verdict: 'True', status: 'published' as const }, modifiedAt: '2026-02-04T12:00:00.000Z' }
    const edited = await theirs.update(project.id, (p) => applyChanges(p, [theirEdit], '2026-02-04T12:00:00.000Z'))
    if (!edited.ok) throw new Error(edited.message)
    const back = await writeBundle(edited.value, theirs.layout.attachments, { version, now: '2026-02-04T12:01:00.000Z', history: theirHistory })

    // Meanwhile I edited the first claim.
    const myEdit = { op: 'updateAnnotation' as const, id: 'c1', patch: { ruling: 'Customs data say US$1.9 billion.' }, modifiedAt: '2026-02-04T09:00:00.000Z' }
    await mine.update(project.id, (p) => applyChanges(p, [myEdit], '2026-02-04T09:00:00.000Z'))
    const merged = await importBundle(mine, myHistory, 'amira.factwork', back.bytes, { now: '2026-02-05T08:00:00.000Z' })
    if (!merged.ok) throw new Error(merged.message)
    expect(merged.value).toMatchObject({ created: false, shared: true, report: { conflicts: [], updated: 1, changed: true } })
    const c1 = merged.value.project.annotations.find((a) => a.id === 'c1')!
    const c2 = merged.value.project.annotations.find((a) => a.id === 'c2')!
    expect([c1.ruling, c2.verdict, c2.status]).toEqual(['Customs data say US$1.9 billion.', 'True', 'published'])
    mine.forget()
    expect(await mine.get(project.id)).toEqual({ ok: true, value: merged.value.project })

    // Importing the same bundle again changes nothing and writes nothing.
    const again = await importBundle(mine, myHistory, 'amira.factwork', back.bytes, { now: '2026-02-06T08:00:00.000Z' })
    expect(again).toMatchObject({ ok: true, value: { report: { changed: false, conflicts: [] }, project: merged.value.project } })
  })

  it('refuses a project whose id is not a safe file name, writing nothing', async () => {
    const { project } = await annotatedStore()
    const home = await tempDir()
    const store = await ProjectStore.open(home)
    const hostile = bundleOf({ 'project.json': new TextEncoder().encode(JSON.stringify({ version: 3, project: { ...project, id: '../../escaped' } })) })
    const result = await importBundle(store, new ExchangeHistory(join(home, 'exchanges')), 'colleague.factwork', hostile, { now })
    expect(message(result)).toBe('colleague.factwork holds a project whose id "../../escaped" is not one Factwork uses.')
    expect(await readdir(home)).not.toContain('exchanges')
    expect(await readdir(store.layout.projects)).toEqual([])
    expect(await readdir(store.layout.attachments)).toEqual([])
  })

  it('keeps mine for a claim both edited, lists the conflict, and takes theirs when asked', async () => {
    const { store: mine, project } = await annotatedStore()
    const theirs = await ProjectStore.open(await tempDir())
    const myHistory = new ExchangeHistory(join(mine.layout.home, 'exchanges'))
    const theirHistory = new ExchangeHistory(join(theirs.layout.home, 'exchanges'))
    await importBundle(theirs, theirHistory, 'a.factwork', (await writeBundle(project, mine.layout.attachments, { version, now, history: myHistory })).bytes, { now })
    await theirs.update(project.id, (p) => applyChanges(p, [{ op: 'updateAnnotation', id: 'c1', patch: { verdict: 'False' }, modifiedAt: '2026-02-04T12:00:00.000Z' }], now))
    await mine.update(project.id, (p) => applyChanges(p, [{ op: 'updateAnnotation', id: 'c1', patch: { verdict: 'Half true' }, modifiedAt: '2026-02-04T11:00:00.000Z' }], now))
    const theirProject = await theirs.get(project.id)
    if (!theirProject.ok) throw new Error(theirProject.message)
    const back = (await writeBundle(theirProject.value, theirs.layout.attachments, { version, now, history: theirHistory })).bytes

    const kept = await importBundle(mine, myHistory, 'amira.factwork', back, { now })
    if (!kept.ok) throw new Error(kept.message)
    expect(kept.value.report!.conflicts.map((c) => [c.key, c.fields])).toEqual([['annotation:c1', ['verdict', 'modifiedAt']]])
    expect(kept.value.project.annotations.find((a) => a.id === 'c1')!.verdict).toBe('Half true')

    const taken = await importBundle(mine, myHistory, 'amira.factwork', back, { now, choices: { 'annotation:c1': 'theirs' } })
    if (!taken.ok) throw new Error(taken.message)
    expect(taken.value.report!.conflicts).toEqual([])
    expect(taken.value.project.annotations.find((a) => a.id === 'c1')!.verdict).toBe('False')
  })
})
