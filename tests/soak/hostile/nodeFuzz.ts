import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { applyChanges } from '../../../data/changes'
import { placeAnnotations } from '../../../data/import/placing'
import { parseAnnotationsText } from '../../../data/import/w3c'
import { newProject, type Project } from '../../../data/project'
import { ok, type Result } from '../../../data/result'
import { ExchangeHistory } from '../../../main/bundle'
import { exportProject } from '../../../main/exporter'
import { importBytes } from '../../../main/importer'
import { importProjectFile } from '../../../main/projectImport'
import { ProjectStore } from '../../../main/projectStore'
import { addClaim, sampleProject } from '../projects'
import { entry, prepareArchives, REFUSED_BEFORE_INFLATING, writeZip, type ArchiveShape } from './archives'
import { exportFindings, storedProblems } from './checks'
import { hostileInput, type HostileInput, type InputKind, type InputKit } from './inputs'

// The Node half of the hostile-input fuzzer: every generated input goes through the code path a
// person's import takes (importProjectFile for files; parseAnnotationsText, placeAnnotations and
// the store for annotation files, as `factwork annotations import` does) into a real store in a
// temporary folder, and everything it leaves behind is checked: the result, the store, the
// stored blocks and the exported HTML page.

const NOW = '2026-01-01T00:00:00.000Z'

/** Figures for one kind or shape of input. */
export interface Tally {
  inputs: number
  imported: number
  refused: number
}

/** What a run of the Node fuzzer found. Every count but the first few must be 0. */
export interface NodeFuzzReport {
  seed: number
  inputs: number
  byKind: Record<string, Tally>
  byShape: Record<string, Tally>
  imported: number
  refused: number
  /** Refusals by what they say is wrong. */
  refusedByReason: Record<string, number>
  /** Imports that threw instead of returning a result. */
  crashes: number
  /** Inputs that took longer than the time limit. */
  hangs: number
  timeLimitMs: number
  slowestMs: number
  slowest: string
  /** Refusals whose sentence does not name the file. */
  unnamedRefusals: number
  /** Refusals that stored something anyway. */
  storedOnRefusal: number
  /** Stored projects with blocks other than text, known marks and http(s)/mailto links, or whose
   *  parts do not fit together. */
  unsafeStored: number
  /** Exported pages checked, and those with forbidden markup. */
  exportsChecked: number
  forbiddenMarkup: number
  /** Attributes that are not addresses (a title, a data-verdict) whose text starts like a script
   *  address: inert, counted for the record. */
  inertScriptText: number
  /** The attributes those were found in. */
  inertAttributes: string[]
  /** Store checks run, and those that found a file it cannot read. */
  storeChecks: number
  corruptStores: number
  /** The project every store holds besides the imports: times it changed. */
  otherProjectChanged: number
  /** Times `Object.prototype` was found changed after an input. */
  prototypePolluted: number
  /** Archives that must be refused from their directory alone: how many were, and the largest
   *  rise of the process's peak memory during one. */
  archivesToRefuseBeforeInflating: number
  archivesRefusedBeforeInflating: number
  largestPeakRiseDuringArchiveMb: number
  /** Each kind of zip bomb imported once at the start, while the process's peak memory is still
   *  low: how it was refused, how long that took and how far the peak memory rose. */
  bombs: BombProbe[]
  peakRssMb: number
  elapsedMs: number
  /** The first problems found, each with the input's number and shape, to reproduce it. */
  failures: string[]
}

/** One zip bomb imported on its own. */
export interface BombProbe {
  readonly bomb: string
  readonly inflatesToMb: number
  readonly fileKb: number
  readonly refusal: string
  readonly ms: number
  readonly peakRiseMb: number
}

function tally(map: Record<string, Tally>, key: string): Tally {
  return (map[key] ??= { inputs: 0, imported: 0, refused: 0 })
}

/** The class of a refusal, from its sentence. */
export function refusalReason(message: string): string {
  const classes: [RegExp, string][] = [
    [/zip bombs|would inflate to more than/, 'zip bomb'],
    [/entries; Factwork opens archives/, 'too many entries'],
    [/outside the archive|backslash/, 'path outside the archive'],
    [/twice/, 'duplicate names'],
    [/symbolic link/, 'symbolic link'],
    [/encrypted|compression method|zip64/, 'encrypted or unknown method'],
    [/newer Factwork/, 'written by a newer Factwork'],
    [/not a Factwork bundle|manifest/, 'not a bundle'],
    [/not a complete zip|damaged zip|is damaged|does not match|does not inflate|lies past/, 'damaged archive'],
    [/nests more than/, 'nested too deeply'],
    [/do not fit together/, 'project parts do not fit together'],
    [/project\.json (that )?(cannot be read|is not valid JSON)|holds a project\.json/, 'project file unreadable'],
    [/id .* is not one Factwork uses/, 'project id not a file name'],
    [/not a Word file|damaged Word file/, 'not a Word file'],
    [/binary data/, 'binary data'],
    [/no text to annotate|without any document text/, 'no text'],
    [/is empty/, 'empty'],
    [/not valid JSON/, 'annotations: not JSON'],
    [/no annotations|not W3C Web Annotation JSON/, 'annotations: none found'],
    [/could not be restored|does not apply|not in project/, 'changes do not apply'],
    [/is \d+(\.\d+)? MB/, 'too large']
  ]
  return classes.find(([pattern]) => pattern.test(message))?.[1] ?? 'other'
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message} ${(error.stack ?? '').split('\n').slice(1, 4).join(' ').trim()}` : String(error)
}

/** Run `task`, resolving `null` when it takes longer than `ms` (the task keeps running; the run
 *  counts it as a hang). */
function withTimeout<T>(task: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout>
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer))
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join()
const polluted = () => Object.getOwnPropertyNames(Object.prototype).sort().join() !== PROTOTYPE_KEYS || ({} as Record<string, unknown>).polluted !== undefined

/** A store in a temporary folder with the project no import may touch and the project annotation
 *  files are placed on (a copy of it for each file). */
interface Bench {
  readonly home: string
  readonly store: ProjectStore
  readonly history: ExchangeHistory
  readonly target: Project
  otherHash: string
}

async function openBench(root: string, target: Project): Promise<Bench> {
  const home = await mkdtemp(join(root, 'store-'))
  const store = await ProjectStore.open(home, { log: () => undefined })
  const other = sampleProject('other-project')
  const created = await store.create(other)
  if (!created.ok) throw new Error(created.message)
  const saved = await store.saveChanges('other-project', addClaim(other, 'kept'), NOW)
  if (!saved.ok) throw new Error(saved.message)
  await store.flush()
  const made = await store.create({ ...target, id: 'target' })
  if (!made.ok) throw new Error(made.message)
  return { home, store, history: new ExchangeHistory(join(home, 'exchanges')), target, otherHash: await otherFiles(home) }
}

/** The bytes of the untouched project's file and journal. */
async function otherFiles(home: string): Promise<string> {
  const hash = createHash('sha256')
  for (const name of ['other-project.json', 'other-project.journal']) hash.update(await readFile(join(home, 'projects', name)).catch(() => Buffer.from('missing')))
  return hash.digest('hex')
}

/** The project annotation files are placed on: the example article, imported as a person would. */
export async function annotationTarget(): Promise<Project> {
  const text = await readFile(new URL('../../../main/samples/pakistan-mnna-nationpress.txt', import.meta.url))
  const document = await importBytes('pakistan-mnna-nationpress.txt', new Uint8Array(text), { documentId: 'doc-1', now: NOW })
  if (!document.ok) throw new Error(document.message)
  return newProject('target', document.value, NOW)
}

/** Prepare what the generator needs (bombs, a Word file, the annotation target). */
export async function prepareKit(root: string): Promise<{ kit: InputKit; target: Project }> {
  const attachments = join(root, 'no-attachments')
  await mkdir(attachments, { recursive: true })
  const target = await annotationTarget()
  const doc = target.documents[0]!
  return { kit: { archives: await prepareArchives(attachments), target: { documentId: doc.id, text: doc.text, sha256: doc.original.sha256, url: null } }, target }
}

/** Fuzz `count` inputs from `seed` through the real importers into real stores under `root`. */
export async function runNodeFuzz(options: {
  count: number
  seed: number
  /** The number of the first input (to run a part of a longer run again). */
  from?: number
  root: string
  timeLimitMs?: number
  /** Inputs per store before a fresh one is opened (checks stay quick). */
  perStore?: number
  onProgress?: (report: NodeFuzzReport) => void
}): Promise<NodeFuzzReport> {
  const started = performance.now()
  const timeLimitMs = options.timeLimitMs ?? 10_000
  const perStore = options.perStore ?? 250
  const report: NodeFuzzReport = {
    seed: options.seed,
    inputs: 0,
    byKind: {},
    byShape: {},
    imported: 0,
    refused: 0,
    refusedByReason: {},
    crashes: 0,
    hangs: 0,
    timeLimitMs,
    slowestMs: 0,
    slowest: '',
    unnamedRefusals: 0,
    storedOnRefusal: 0,
    unsafeStored: 0,
    exportsChecked: 0,
    forbiddenMarkup: 0,
    inertScriptText: 0,
    inertAttributes: [],
    storeChecks: 0,
    corruptStores: 0,
    otherProjectChanged: 0,
    prototypePolluted: 0,
    archivesToRefuseBeforeInflating: 0,
    archivesRefusedBeforeInflating: 0,
    largestPeakRiseDuringArchiveMb: 0,
    bombs: [],
    peakRssMb: 0,
    elapsedMs: 0,
    failures: []
  }
  const fail = (input: HostileInput, problem: string) => {
    if (report.failures.length < 40) report.failures.push(`input ${input.index} (${input.kind}, ${input.shape}, seed ${options.seed}): ${problem}`.slice(0, 600))
  }
  const { kit, target } = await prepareKit(options.root)
  report.bombs = await probeBombs(options.root, kit)
  let bench: Bench | null = null
  let ids = 0
  const newId = () => `h${(ids++).toString(36)}`

  const checkStore = async (b: Bench, input: HostileInput) => {
    report.storeChecks++
    const checked = await b.store.check()
    if (checked.problems.length) {
      report.corruptStores++
      fail(input, `the store check found: ${checked.problems.map((p) => p.message).join(' ')}`)
    }
  }

  /** Export a stored project as HTML and check the page. */
  const checkExport = async (input: HostileInput, project: Project) => {
    const stored = storedProblems(project)
    if (stored.length) {
      report.unsafeStored++
      fail(input, `stored: ${stored.slice(0, 3).join('; ')}`)
    }
    const page = await exportProject(project, 'html', { options: { generatedAt: NOW, version: '0.1.0' }, attachmentsDir: join(options.root, 'no-attachments') })
    if (!page.ok) {
      fail(input, `the HTML export failed: ${page.message}`)
      return
    }
    report.exportsChecked++
    const findings = exportFindings(page.value.content, 2)
    report.inertScriptText += findings.inert.length
    for (const name of findings.inert) if (!report.inertAttributes.includes(name)) report.inertAttributes.push(name)
    if (findings.forbidden.length) {
      report.forbiddenMarkup++
      fail(input, `exported page: ${findings.forbidden.slice(0, 3).join('; ')}`)
    }
  }

  const from = options.from ?? 0
  for (let index = from; index < from + options.count; index++) {
    if (!bench || (index - from) % perStore === 0) {
      if (bench) {
        await bench.store.close()
        await rm(bench.home, { recursive: true, force: true })
      }
      bench = await openBench(options.root, target)
    }
    const b = bench
    const input = await hostileInput(options.seed, index, kit)
    report.inputs++
    tally(report.byKind, input.kind).inputs++
    tally(report.byShape, `${input.kind}: ${input.shape}`).inputs++
    const projectsBefore = (await readdir(b.store.layout.projects)).sort().join()
    const peakBefore = process.resourceUsage().maxRSS
    const t0 = performance.now()
    let outcome: Result<Project> | null
    try {
      outcome = await withTimeout(importOne(b, input, newId), timeLimitMs)
    } catch (error) {
      report.crashes++
      fail(input, `threw ${describeError(error)}`)
      continue
    }
    const elapsed = performance.now() - t0
    const peakRiseMb = (process.resourceUsage().maxRSS - peakBefore) / 1024
    if (elapsed > report.slowestMs) {
      report.slowestMs = Math.round(elapsed)
      report.slowest = `input ${input.index} (${input.kind}, ${input.shape})`
    }
    if (outcome === null || elapsed > timeLimitMs) {
      report.hangs++
      fail(input, `took ${Math.round(elapsed)} ms, over the limit of ${timeLimitMs} ms`)
      if (outcome === null) {
        // The import may still be running and writing: start the next input on a fresh store.
        bench = null
        continue
      }
    }
    if (input.kind === 'bundle') {
      report.largestPeakRiseDuringArchiveMb = Math.max(report.largestPeakRiseDuringArchiveMb, Math.round(peakRiseMb))
      if (peakRiseMb > 100) fail(input, `the process's peak memory rose by ${Math.round(peakRiseMb)} MB while importing it`)
    }
    if (outcome.ok) {
      report.imported++
      tally(report.byKind, input.kind).imported++
      tally(report.byShape, `${input.kind}: ${input.shape}`).imported++
      try {
        await checkExport(input, outcome.value)
      } catch (error) {
        report.crashes++
        fail(input, `exporting the imported project threw ${describeError(error)}`)
      }
    } else {
      report.refused++
      tally(report.byKind, input.kind).refused++
      tally(report.byShape, `${input.kind}: ${input.shape}`).refused++
      const reason = refusalReason(outcome.message)
      report.refusedByReason[reason] = (report.refusedByReason[reason] ?? 0) + 1
      if (!outcome.message.includes(input.fileName)) {
        report.unnamedRefusals++
        fail(input, `the refusal does not name the file: ${outcome.message}`)
      }
      if (input.kind !== 'w3c' && (await readdir(b.store.layout.projects)).sort().join() !== projectsBefore) {
        report.storedOnRefusal++
        fail(input, 'a refused import stored a project')
      }
    }
    if (input.kind === 'bundle' && REFUSED_BEFORE_INFLATING.has(input.shape as ArchiveShape)) {
      report.archivesToRefuseBeforeInflating++
      // These refusals come from the archive's directory (inspectZip), which is read before
      // anything is inflated.
      const reason = outcome.ok ? 'imported' : refusalReason(outcome.message)
      if (['zip bomb', 'too many entries', 'path outside the archive', 'duplicate names', 'symbolic link', 'encrypted or unknown method', 'too large'].includes(reason)) report.archivesRefusedBeforeInflating++
      else fail(input, `an archive that must be refused from its directory was ${outcome.ok ? 'imported' : `refused only as: ${outcome.ok ? '' : outcome.message}`}`)
    }
    if ((await otherFiles(b.home)) !== b.otherHash) {
      report.otherProjectChanged++
      fail(input, 'the other project of the store changed')
      b.otherHash = await otherFiles(b.home)
    }
    if (polluted()) {
      report.prototypePolluted++
      fail(input, `Object.prototype changed: ${Object.getOwnPropertyNames(Object.prototype).join(', ')}`)
    }
    if (index % 25 === 24 || index === options.count - 1) await checkStore(b, input)
    if (options.onProgress && index % 500 === 499) options.onProgress(report)
  }
  if (bench) {
    await bench.store.close()
    await rm(bench.home, { recursive: true, force: true })
  }
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  report.elapsedMs = Math.round(performance.now() - started)
  return report
}

/** Import one input as a person would, into `bench`. Resolves with the stored project, or the
 *  failure the person would see. */
async function importOne(bench: Bench, input: HostileInput, newId: () => string): Promise<Result<Project>> {
  const { store } = bench
  if (input.kind !== 'w3c') {
    const imported = await importProjectFile({ store, history: bench.history, now: () => NOW, newId }, input.fileName, input.bytes)
    if (!imported.ok) return imported
    return store.get(imported.value.project.id)
  }
  // As `factwork annotations import <id> <file>`: parse, then place on a copy of the target.
  const parsed = parseAnnotationsText(new TextDecoder().decode(input.bytes), input.fileName)
  if (!parsed.ok) return parsed
  const id = newId()
  const created = await store.create({ ...bench.target, id })
  if (!created.ok) return created
  return store.update(id, (project) => {
    const documentId = project.documents.length === 1 ? project.documents[0]!.id : null
    const placed = placeAnnotations(project, parsed.value, { documentId, now: NOW, newId, origin: input.fileName })
    return placed.changes.length ? applyChanges(project, placed.changes, NOW) : ok(project)
  })
}

/** Import each kind of zip bomb once, into a store of its own, measuring the rise of the
 *  process's peak memory (which only ever grows, so this runs first). */
async function probeBombs(root: string, kit: InputKit): Promise<BombProbe[]> {
  const home = await mkdtemp(join(root, 'bombs-'))
  const store = await ProjectStore.open(home, { log: () => undefined })
  const history = new ExchangeHistory(join(home, 'exchanges'))
  const { ratio, huge, lying } = kit.archives.bombs
  const manifest = (size: number) => entry('factwork.json', JSON.stringify({ format: 'factwork-bundle', bundleVersion: 1, factworkVersion: '0.1.0', createdAt: NOW, project: { id: 'p', title: 't', fileVersion: 3 }, entries: [{ name: 'project.json', size, sha256: '0'.repeat(64) }], missing: [], basedOn: [] }))
  const word = Object.entries(kit.archives.docx).filter(([name]) => name !== 'word/document.xml').map(([name, data]) => entry(name, data))
  const bombs: [string, number, Uint8Array][] = [
    ['bundle, honest sizes, 1,000 times its size', ratio.size, writeZip([manifest(ratio.size), { name: 'project.json', body: ratio.body, size: ratio.size, crc: ratio.crc }])],
    ['bundle, honest sizes, past the size limit', huge.size, writeZip([manifest(huge.size), { name: 'project.json', body: huge.body, size: huge.size, crc: huge.crc }])],
    ['bundle, directory claiming 1 KB', lying.size, writeZip([manifest(1024), { name: 'project.json', body: lying.body, size: 1024, crc: lying.crc }])],
    ['Word file, honest sizes, past the size limit', huge.size, writeZip([...word, { name: 'word/document.xml', body: huge.body, size: huge.size, crc: huge.crc }])],
    ['Word file, directory claiming 1 KB', lying.size, writeZip([...word, { name: 'word/document.xml', body: lying.body, size: 1024, crc: lying.crc }])],
    ['Word file, directory claiming a plausible size', lying.size, writeZip([...word, { name: 'word/document.xml', body: lying.body, size: lying.body.length * 100, crc: lying.crc }])]
  ]
  const probes: BombProbe[] = []
  for (const [bomb, inflates, bytes] of bombs) {
    const peak = process.resourceUsage().maxRSS
    const started = performance.now()
    const imported = await importProjectFile({ store, history, now: () => NOW, newId: () => 'bomb' }, bomb.startsWith('bundle') ? 'bomb.factwork' : 'bomb.docx', bytes)
    probes.push({
      bomb,
      inflatesToMb: Math.round(inflates / 1024 / 1024),
      fileKb: Math.round(bytes.length / 1024),
      refusal: imported.ok ? 'imported' : imported.message,
      ms: Math.round(performance.now() - started),
      peakRiseMb: Math.round((process.resourceUsage().maxRSS - peak) / 1024)
    })
  }
  await store.close()
  await rm(home, { recursive: true, force: true })
  return probes
}

/** Generate inputs without importing them (for the Chromium runs, which import through the
 *  browser host). */
export async function generateInputs(seed: number, from: number, count: number, kit: InputKit, kinds: ReadonlySet<InputKind>): Promise<HostileInput[]> {
  const out: HostileInput[] = []
  for (let index = from; out.length < count && index < from + count * 20; index++) {
    const input = await hostileInput(seed, index, kit)
    if (kinds.has(input.kind)) out.push(input)
  }
  return out
}
