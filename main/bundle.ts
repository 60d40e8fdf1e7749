import { unzipSync, zipSync, type Zippable } from 'fflate'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { z } from 'zod'
import { layout, type Block } from '../data/document'
import { safeHref } from '../data/import'
import { mergeProjects, resolveConflicts } from '../data/merge'
import type { ConflictChoices, MergeReport } from '../data/mergeReport'
import { readProjectFile } from '../data/migrate'
import { nestsDeeperThan } from '../data/nesting'
import { PROJECT_FILE_VERSION, type Project, type ProjectFile } from '../data/project'
import { fail, ok, type FailureCode, type Result } from '../data/result'
import { keepOriginal, sha256 } from './attachments'
import { writeFileDurably } from './durable'
import { BUNDLE_LIMITS, inspectZip, misstatedEntry, type ZipEntry } from './import/zip'
import type { ProjectStore } from './projectStore'

/** What a bundle's manifest says it is. */
export const BUNDLE_FORMAT = 'factwork-bundle'

/** The bundle layout this code writes; readers refuse later ones. */
export const BUNDLE_VERSION = 1

/** The manifest, the project file and the folder of attachments inside a bundle. */
const MANIFEST = 'factwork.json'
const PROJECT = 'project.json'
const ATTACHMENT = /^attachments\/([0-9a-f]{64})$/

/** Largest manifest a reader inflates: a line per entry of the largest bundle, with room. */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

/** An attachment the project refers to that could not be put in the bundle. */
export const MissingAttachment = z.object({
  sha256: Sha256,
  /** The file's name as the project knows it. */
  fileName: z.string(),
  /** What refers to it, as a person reads it: "the original of “Title”". */
  usedBy: z.string(),
  /** Why it is missing, as a sentence. */
  problem: z.string()
})
export type MissingAttachment = z.infer<typeof MissingAttachment>

/** `factwork.json`: what the bundle is, who wrote it and when, and every other entry with its
 *  size and SHA-256, so that a reader can tell a damaged bundle from a good one. */
export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.number().int().positive(),
  factworkVersion: z.string(),
  createdAt: z.string(),
  project: z.object({ id: z.string(), title: z.string(), fileVersion: z.number().int() }),
  entries: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: Sha256 })),
  missing: z.array(MissingAttachment),
  /** The versions this project was earlier exchanged as (the SHA-256 of their `project.json`),
   *  newest first: a receiver that has one of them can merge three-way from it. */
  basedOn: z.array(Sha256).max(100)
})
export type BundleManifest = z.infer<typeof BundleManifest>

/** An attachment a project refers to: a document's original or a source record's file. */
interface Reference {
  readonly sha256: string
  readonly fileName: string
  readonly usedBy: string
}

/** Every attachment the project refers to, each hash once, in project order. */
export function attachmentReferences(project: Project): Reference[] {
  const seen = new Map<string, Reference>()
  for (const d of project.documents) {
    if (!seen.has(d.original.sha256)) seen.set(d.original.sha256, { sha256: d.original.sha256, fileName: d.original.fileName, usedBy: `the original of “${d.title}”` })
  }
  for (const s of project.sources) {
    if (s.attachment && !seen.has(s.attachment.sha256)) {
      seen.set(s.attachment.sha256, { sha256: s.attachment.sha256, fileName: s.attachment.fileName, usedBy: `the file attached to the source “${s.title}”` })
    }
  }
  return [...seen.values()]
}

/** What writing a bundle needs besides the project. */
export interface BundleOptions {
  /** Factwork's version, named in the manifest. */
  readonly version: string
  /** When the bundle is made (ISO 8601): the manifest's `createdAt` and the entries' times. */
  readonly now: string
  /** Where the versions a project was exchanged as are kept: the bundle names them as what it
   *  grew from, and is itself remembered as exchanged. */
  readonly history?: ExchangeHistory
}

/** Pack a project into a bundle (`.factwork`): a zip holding `factwork.json` (the manifest),
 *  `project.json` (the project file as the store writes it) and `attachments/<sha256>` for every
 *  document original and source attachment found in `attachmentsDir`. An attachment that is not
 *  there, cannot be read, or no longer matches its hash is left out and reported in `missing`
 *  (and in the manifest), not fatal. With `options.history`, the manifest names the versions
 *  the project was exchanged as before, and this version is remembered as exchanged.
 *  `projectSha256` is the SHA-256 of the bundle's `project.json`, the name of this version. */
export async function writeBundle(
  project: Project,
  attachmentsDir: string,
  options: BundleOptions
): Promise<{ bytes: Uint8Array; missing: MissingAttachment[]; projectSha256: string }> {
  const file: ProjectFile = { version: PROJECT_FILE_VERSION, project }
  const projectBytes = new TextEncoder().encode(JSON.stringify(file))
  const projectSha256 = sha256(projectBytes)
  const entries: BundleManifest['entries'] = [{ name: PROJECT, size: projectBytes.length, sha256: projectSha256 }]
  const missing: MissingAttachment[] = []
  const mtime = new Date(options.now)
  const files: Zippable = { [PROJECT]: [projectBytes, { level: 6, mtime }] }
  for (const ref of attachmentReferences(project)) {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await readFile(join(attachmentsDir, ref.sha256)))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      missing.push({ ...ref, problem: code === 'ENOENT' ? 'It is not in the attachments folder.' : `It could not be read (${code ?? (error as Error).message}).` })
      continue
    }
    if (sha256(bytes) !== ref.sha256) {
      missing.push({ ...ref, problem: 'Its stored copy is damaged: its content no longer matches its SHA-256.' })
      continue
    }
    const name = `attachments/${ref.sha256}`
    entries.push({ name, size: bytes.length, sha256: ref.sha256 })
    files[name] = [bytes, { level: 6, mtime }]
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    factworkVersion: options.version,
    createdAt: options.now,
    project: { id: project.id, title: project.title, fileVersion: PROJECT_FILE_VERSION },
    entries,
    missing,
    basedOn: options.history ? (await options.history.versions(project.id)).filter((h) => h !== projectSha256).slice(0, 100) : []
  }
  const bytes = zipSync({ [MANIFEST]: [new TextEncoder().encode(JSON.stringify(manifest, null, 2)), { level: 6, mtime }], ...files })
  await options.history?.remember(project.id, projectSha256, file)
  return { bytes, missing, projectSha256 }
}

/** What a bundle holds once read and checked. */
export interface Bundle {
  /** The project file, validated and migrated to the current version. */
  readonly file: ProjectFile
  /** Every attachment in the bundle by its SHA-256, each checked against it. */
  readonly attachments: Map<string, Uint8Array>
  /** Whether the project file was of an older version. */
  readonly migrated: boolean
  readonly manifest: BundleManifest
  /** The SHA-256 of the bundle's `project.json`: the name of the version it holds. */
  readonly projectSha256: string
  /** Attachments the project refers to that the bundle does not hold. */
  readonly missing: MissingAttachment[]
}

/** The failure code for a problem `inspectZip` found. */
function zipFailure(problem: string): FailureCode {
  return /inflate|entries/.test(problem) ? 'too-large' : 'bad-input'
}

/** Inflate the entries named in `wanted`, each bounded by the size its directory entry gives, and
 *  check each against that size and its CRC-32. */
function inflate(bytes: Uint8Array, wanted: ReadonlyMap<string, ZipEntry>): { ok: true; files: Record<string, Uint8Array> } | { ok: false; problem: string } {
  let files: Record<string, Uint8Array>
  try {
    // fflate inflates each entry into a buffer of the size the directory gives, never more.
    files = unzipSync(bytes, { filter: (f) => wanted.has(f.name) })
  } catch (error) {
    return { ok: false, problem: `is a damaged zip archive (${error instanceof Error ? error.message : String(error)})` }
  }
  for (const [name, entry] of wanted) {
    const data = files[name]
    if (!data) return { ok: false, problem: `is a damaged zip archive (${name} cannot be read)` }
    if (data.length !== entry.size || crc32(data) >>> 0 !== entry.crc32) {
      return { ok: false, problem: `is damaged: ${name} does not inflate to what its directory entry says` }
    }
  }
  return { ok: true, files }
}

/** Read a bundle a colleague sent. The archive is checked from its central directory before
 *  anything is inflated (`BUNDLE_LIMITS`: entries, inflated size, ratio; names that leave the
 *  archive, backslashes, duplicates, symbolic links, encryption, unknown compression); entries
 *  are inflated into buffers of the size the directory gives and checked against it; the
 *  manifest must list every other entry with its size and SHA-256, every attachment must match
 *  the hash it is named by, and `project.json` must be a project file this version can read
 *  (older versions are migrated). Fails with a sentence naming `fileName`. Nothing is written. */
export function readBundle(fileName: string, bytes: Uint8Array): Result<Bundle> {
  const notBundle = (why: string) => fail('bad-input', `${fileName} is not a Factwork bundle: ${why}.`)
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || (bytes[2] !== 3 && bytes[2] !== 5)) return notBundle('it is not a zip archive')
  const zip = inspectZip(bytes, BUNDLE_LIMITS)
  if (!zip.ok) return fail(zipFailure(zip.problem), `${fileName} ${zip.problem}.`)
  // A directory that lies about sizes would have the inflating below run through all the data.
  const lie = misstatedEntry(bytes, zip.entries)
  if (lie) return fail('bad-input', `${fileName} is damaged: ${lie.name} does not inflate to what its directory entry says.`)
  const byName = new Map(zip.entries.map((e) => [e.name, e]))
  const manifestEntry = byName.get(MANIFEST)
  if (!manifestEntry) return notBundle(`it has no ${MANIFEST}`)
  if (!byName.has(PROJECT)) return notBundle(`it has no ${PROJECT}`)
  if (manifestEntry.size > MAX_MANIFEST_BYTES) return notBundle(`its ${MANIFEST} is too large to be a manifest`)

  const first = inflate(bytes, new Map([[MANIFEST, manifestEntry]]))
  if (!first.ok) return fail('bad-input', `${fileName} ${first.problem}.`)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(first.files[MANIFEST]))
  } catch {
    return notBundle(`its ${MANIFEST} is not JSON`)
  }
  const head = z.object({ format: z.string(), bundleVersion: z.number() }).safeParse(value)
  if (!head.success || head.data.format !== BUNDLE_FORMAT) return notBundle(`its ${MANIFEST} is not a bundle manifest`)
  if (head.data.bundleVersion > BUNDLE_VERSION) {
    return fail('unsupported', `${fileName} was written by a newer Factwork (bundle version ${head.data.bundleVersion}); update Factwork to open it.`)
  }
  const parsed = BundleManifest.safeParse(value)
  if (!parsed.success) return notBundle(`its ${MANIFEST} does not describe the bundle (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`)
  const manifest = parsed.data

  const listed = new Map(manifest.entries.map((e) => [e.name, e]))
  for (const entry of zip.entries) {
    if (entry.name === MANIFEST) continue
    if (entry.name !== PROJECT && !ATTACHMENT.test(entry.name)) return notBundle(`it holds an entry a bundle does not have (${JSON.stringify(entry.name)})`)
    if (!listed.has(entry.name)) return fail('bad-input', `${fileName} is damaged: ${entry.name} is not listed in ${MANIFEST}.`)
  }
  for (const entry of manifest.entries) {
    if (!byName.has(entry.name)) return fail('bad-input', `${fileName} is damaged: ${entry.name} is listed in ${MANIFEST} but missing.`)
  }

  const rest = inflate(bytes, new Map(zip.entries.filter((e) => e.name !== MANIFEST).map((e) => [e.name, e])))
  if (!rest.ok) return fail('bad-input', `${fileName} ${rest.problem}.`)
  const attachments = new Map<string, Uint8Array>()
  for (const [name, data] of Object.entries(rest.files)) {
    const expected = listed.get(name)!
    const actual = sha256(data)
    if (data.length !== expected.size || actual !== expected.sha256) {
      return fail('bad-input', `${fileName} is damaged: ${name} does not match its SHA-256 in ${MANIFEST}.`)
    }
    const hash = ATTACHMENT.exec(name)?.[1]
    if (hash === undefined) continue
    if (actual !== hash) return fail('bad-input', `${fileName} is damaged: ${name} does not match the SHA-256 it is named by.`)
    attachments.set(hash, data)
  }

  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rest.files[PROJECT]))
  } catch (error) {
    return fail('bad-input', `${fileName} holds a ${PROJECT} that is not valid JSON (${error instanceof Error ? error.message : String(error)}).`)
  }
  if (nestsDeeperThan(json, MAX_PROJECT_NESTING)) {
    return fail('bad-input', `${fileName} holds a ${PROJECT} that cannot be read: it nests more than ${MAX_PROJECT_NESTING} levels deep.`)
  }
  const read = readProjectFile(json)
  if (!read.ok) return fail('bad-input', `${fileName} holds a ${PROJECT} that cannot be read: ${read.problem}.`)
  const problem = misfit(read.file.project)
  if (problem) return fail('bad-input', `${fileName} holds a ${PROJECT} whose parts do not fit together: ${problem}.`)
  // Links are kept only to plain http(s) and mailto addresses, as every importer keeps them.
  const file: ProjectFile = { ...read.file, project: { ...read.file.project, documents: read.file.project.documents.map((d) => ({ ...d, blocks: safeLinks(d.blocks) })) } }
  const missing = attachmentReferences(file.project)
    .filter((ref) => !attachments.has(ref.sha256))
    .map((ref) => manifest.missing.find((m) => m.sha256 === ref.sha256) ?? { ...ref, problem: `It is not in ${fileName}.` })
  return ok({ file, attachments, migrated: read.migrated, manifest, projectSha256: listed.get(PROJECT)!.sha256, missing })
}

/** How deeply a bundle's `project.json` may nest. Blocks nest (a list in a quote in a list) a few
 *  levels; the schema reads them recursively, and a file nested thousands deep would overflow the
 *  stack. */
const MAX_PROJECT_NESTING = 400

/** Why the parts of a project do not fit together, or null when they do: a document whose text is
 *  not its blocks' text, two documents or two annotations with one id, an annotation on a document
 *  the project does not have or outside its document's text. The schema cannot tell; the view and
 *  the exports rely on them. */
function misfit(project: Project): string | null {
  const texts = new Map<string, string>()
  const quoted = (id: string) => JSON.stringify(id.slice(0, 80))
  for (const d of project.documents) {
    if (texts.has(d.id)) return `two documents have the id ${quoted(d.id)}`
    if (layout(d.blocks).text !== d.text) return `the text of document ${quoted(d.id)} is not the text of its blocks`
    texts.set(d.id, d.text)
  }
  const ids = new Set<string>()
  for (const a of project.annotations) {
    if (ids.has(a.id)) return `two annotations have the id ${quoted(a.id)}`
    ids.add(a.id)
    const text = texts.get(a.documentId)
    if (text === undefined) return `annotation ${quoted(a.id)} is on a document the project does not have`
    if (a.start >= a.end || a.end > text.length) return `annotation ${quoted(a.id)} lies outside the text of its document`
  }
  return null
}

/** `blocks` with every link that is not a plain http(s) or mailto address turned into plain
 *  text. */
function safeLinks(blocks: readonly Block[]): Block[] {
  return blocks.map((block): Block => {
    if (block.type === 'quote') return { ...block, blocks: safeLinks(block.blocks) }
    if (block.type === 'list') return { ...block, items: block.items.map(safeLinks) }
    return {
      ...block,
      content: block.content.map(({ href, ...run }) => {
        const kept = safeHref(href)
        return kept ? { ...run, href: kept } : run
      })
    }
  })
}

/** Keep a bundle's attachments in the store's attachments folder `dir`, each under the SHA-256
 *  this function computes from its bytes (never a name taken from the archive); files already
 *  there are left as they are. Resolves with the hashes kept. Throws, before writing it, when an
 *  attachment's bytes do not match the hash it is filed under, which `readBundle` rules out. */
export async function keepBundleAttachments(dir: string, attachments: ReadonlyMap<string, Uint8Array>): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const kept: string[] = []
  for (const [expected, bytes] of attachments) {
    const hash = sha256(bytes)
    if (hash !== expected) throw new Error(`An attachment filed as ${JSON.stringify(expected)} has the SHA-256 ${hash}`)
    kept.push(await keepOriginal(dir, bytes))
  }
  return kept
}

/** Project ids are file names in the store; a bundle's id is used only when it is one. */
const PROJECT_ID = /^[A-Za-z0-9_-]{1,80}$/

/** How many exchanged versions of each project are kept. */
export const EXCHANGES_KEPT = 20

/** The versions each project was exchanged as (written to or read from a bundle), kept as
 *  project files under `<dir>/<project id>/<sha256>.json`, named by the SHA-256 of their
 *  `project.json` in the bundle. A later bundle names the versions it grew from (`basedOn`); the
 *  newest of them found here is what both sides share, the base of a three-way merge. The newest
 *  `EXCHANGES_KEPT` versions of each project are kept. */
export class ExchangeHistory {
  constructor(readonly dir: string) {}

  private folder(projectId: string): string | null {
    return PROJECT_ID.test(projectId) ? join(this.dir, projectId) : null
  }

  /** The versions kept for a project, newest first. */
  async versions(projectId: string): Promise<string[]> {
    const folder = this.folder(projectId)
    if (!folder) return []
    let names: string[]
    try {
      names = await readdir(folder)
    } catch {
      return []
    }
    const kept = await Promise.all(
      names
        .filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
        .map(async (n) => ({ hash: n.slice(0, 64), time: (await stat(join(folder, n)).catch(() => null))?.mtimeMs ?? 0 }))
    )
    return kept.sort((a, b) => b.time - a.time || (a.hash < b.hash ? -1 : 1)).map((k) => k.hash)
  }

  /** Remember that the project was exchanged as `file`, whose `project.json` has the SHA-256
   *  `hash`, and forget all but the newest versions. Ids that are not safe file names are not
   *  remembered. */
  async remember(projectId: string, hash: string, file: ProjectFile): Promise<void> {
    const folder = this.folder(projectId)
    if (!folder || !/^[0-9a-f]{64}$/.test(hash)) return
    await mkdir(folder, { recursive: true })
    await writeFileDurably(join(folder, `${hash}.json`), JSON.stringify(file))
    const versions = await this.versions(projectId)
    for (const old of versions.slice(EXCHANGES_KEPT)) await rm(join(folder, `${old}.json`), { force: true })
  }

  /** The first of `candidates` kept for the project, read and validated; null when none is (or
   *  the one found cannot be read). */
  async find(projectId: string, candidates: readonly string[]): Promise<{ hash: string; project: Project } | null> {
    const folder = this.folder(projectId)
    if (!folder) return null
    for (const hash of candidates) {
      if (!/^[0-9a-f]{64}$/.test(hash)) continue
      let text: string
      try {
        text = await readFile(join(folder, `${hash}.json`), 'utf8')
      } catch {
        continue
      }
      try {
        const read = readProjectFile(JSON.parse(text))
        return read.ok ? { hash, project: read.file.project } : null
      } catch {
        return null
      }
    }
    return null
  }
}

/** What importing a bundle did. */
export interface BundleImport {
  /** The project as stored now. */
  readonly project: Project
  /** True when the bundle made a new project; false when it was merged into an existing one. */
  readonly created: boolean
  /** The merge report (null for a new project). Conflicts listed here kept the local version,
   *  unless `choices` took theirs. */
  readonly report: MergeReport | null
  /** Whether the merge was three-way, from a version both sides share. */
  readonly shared: boolean
  /** Attachments the project refers to that the bundle did not hold. */
  readonly missing: readonly MissingAttachment[]
  /** Whether the bundle held an older project file version (migrated). */
  readonly migrated: boolean
}

/** Import a bundle into the store: check it (`readBundle`), keep its attachments (before the
 *  project that refers to them), then either create the project, when the store has none with its
 *  id, or merge it into the existing one (`mergeProjects`, three-way when `history` holds a version
 *  the bundle grew from), saving only when the merge changed something. `choices` takes their
 *  version for the conflicts it names, or for all of them with `'theirs'`. The bundle's version
 *  is then remembered in `history`. Fails with a sentence naming `fileName`. */
export async function importBundle(
  store: ProjectStore,
  history: ExchangeHistory,
  fileName: string,
  bytes: Uint8Array,
  options: { readonly now: string; readonly choices?: ConflictChoices | 'theirs' }
): Promise<Result<BundleImport>> {
  const read = readBundle(fileName, bytes)
  if (!read.ok) return read
  const bundle = read.value
  const incoming = bundle.file.project
  if (!PROJECT_ID.test(incoming.id)) {
    return fail('bad-input', `${fileName} holds a project whose id ${JSON.stringify(incoming.id.slice(0, 100))} is not one Factwork uses.`)
  }
  await keepBundleAttachments(store.layout.attachments, bundle.attachments)
  const common = { missing: bundle.missing, migrated: bundle.migrated }
  const existing = await store.get(incoming.id)
  if (!existing.ok && existing.code !== 'not-found') return existing
  if (!existing.ok) {
    const created = await store.create(incoming)
    if (!created.ok) return created
    await history.remember(incoming.id, bundle.projectSha256, bundle.file)
    return ok({ project: created.value, created: true, report: null, shared: false, ...common })
  }
  // The bundle's own version is not a candidate: merging it again shows the same conflicts.
  const base = await history.find(incoming.id, bundle.manifest.basedOn)
  const merge = (local: Project) => {
    const merged = mergeProjects(local, incoming, options.now, { origin: fileName, base: base?.project })
    const choices = options.choices === 'theirs' ? Object.fromEntries(merged.report.conflicts.map((c) => [c.key, 'theirs' as const])) : (options.choices ?? {})
    const resolved = resolveConflicts(merged.project, merged.report.conflicts, choices, options.now)
    return { ...merged, resolved, choices }
  }
  const preview = merge(existing.value)
  let outcome = preview
  let project = existing.value
  if (!preview.resolved.ok) return preview.resolved
  if (preview.resolved.value !== existing.value) {
    const saved = await store.update(incoming.id, (current) => {
      outcome = merge(current)
      return outcome.resolved
    })
    if (!saved.ok) return saved
    project = saved.value
  }
  await history.remember(incoming.id, bundle.projectSha256, bundle.file)
  const taken = new Set(Object.entries(outcome.choices).flatMap(([key, choice]) => (choice === 'theirs' ? [key] : [])))
  const conflicts = outcome.report.conflicts.filter((c) => !taken.has(c.key))
  const tookTheirs = outcome.report.conflicts.length - conflicts.length
  const report: MergeReport = {
    ...outcome.report,
    conflicts,
    notes: tookTheirs ? [...outcome.report.notes, `Took the version in ${fileName} for ${tookTheirs} of the items that differed, as asked.`] : outcome.report.notes,
    changed: project !== existing.value
  }
  return ok({ project, created: false, report, shared: base !== null, ...common })
}
