import { createHash } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProjectFile } from '../../data/project'
import { ok } from '../../data/result'
import { factworkInProcess } from '../main/cliInProcess'
import { encodeRecord } from '../../main/journal'
import { encodeProjectFile } from '../../main/projectFile'
import { ProjectStore } from '../../main/projectStore'
import { addClaim, NOW, sampleProject, setNote } from './projects'
import { seededRandom as random } from '../seeded'

// The corruption fuzzer: a store with two healthy projects and one, "target", whose project file
// and journal are damaged in many ways. Every variant must be named by `list`, `check` (exit 1)
// and `get`; no attempt to save may change the damaged bytes; the healthy projects stay listed; a
// read-only view and a restore from backup must work on request. A journal cut short inside its
// last record is what a crash during an append leaves: it must open with every earlier record.

/** How a variant damages the target project. */
export type DamageKind =
  | 'file truncated'
  | 'file NUL-filled'
  | 'file bits flipped'
  | 'file empty'
  | 'file schema-invalid'
  | 'journal bits flipped'
  | 'journal NUL-filled'
  | 'journal bytes overwritten'
  | 'journal record schema-invalid'
  | 'journal record missing'
  | 'journal records swapped'
  | 'journal record that does not apply'
  | 'journal cut short (a crash)'

export const DAMAGE_KINDS: readonly DamageKind[] = [
  'file truncated',
  'file NUL-filled',
  'file bits flipped',
  'file empty',
  'file schema-invalid',
  'journal bits flipped',
  'journal NUL-filled',
  'journal bytes overwritten',
  'journal record schema-invalid',
  'journal record missing',
  'journal records swapped',
  'journal record that does not apply',
  'journal cut short (a crash)'
]

export interface FuzzReport {
  variants: number
  byKind: Partial<Record<DamageKind, number>>
  /** Damaged variants (all but the crash-like cut journals)… */
  damaged: number
  /** …named by `list`, by `factwork check` (which exited 1) and by `get`. */
  namedByList: number
  namedByCheck: number
  namedByGet: number
  /** Damaged files whose bytes no save, fold or close changed. */
  neverOverwritten: number
  /** Variants after which both healthy projects were still listed. */
  healthyStillListed: number
  /** Damaged projects that could be opened read-only. */
  openedReadOnly: number
  /** Damaged projects restored from a backup on request, with the damaged bytes kept aside. */
  restored: number
  /** Journals cut short inside their last record that opened with every earlier record. */
  cutJournalsRecovered: number
  cutJournals: number
  elapsedMs: number
  failures: string[]
}

/** The base store: healthy projects h1 and h2; target with two generations, six annotations in its
 *  file and five more edits in its journal. */
async function buildBase(home: string): Promise<void> {
  const store = await ProjectStore.open(home, { fold: { idleMs: 3_600_000, maxWaitMs: 3_600_000 } })
  for (const id of ['h1', 'h2', 'target']) await store.create(sampleProject(id))
  let target = sampleProject('target')
  const save = async (changes: ReturnType<typeof addClaim>) => {
    const saved = await store.saveChanges('target', changes, NOW)
    if (!saved.ok) throw new Error(saved.message)
    target = saved.value
  }
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 3; i++) await save(addClaim(target, `t${round}-${i}`))
    await store.flush()
  }
  await save(addClaim(target, 'j1'))
  await save(setNote('t0-0', 'changed in the journal'))
  await save(addClaim(target, 'j2'))
  await save(setNote('j1', 'also in the journal'))
  await save(addClaim(target, 'j3'))
  // Not closed: closing would fold the journal.
  store.forget()
}

/** The lines of a journal, each with its newline. */
function records(journal: Buffer): Buffer[] {
  const out: Buffer[] = []
  let start = 0
  for (let i = 0; i < journal.length; i++) {
    if (journal[i] === 0x0a) {
      out.push(journal.subarray(start, i + 1))
      start = i + 1
    }
  }
  return out
}

function flipBits(bytes: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(bytes)
  const flips = 1 + Math.floor(rand() * 3)
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(rand() * out.length)
    out[at] = out[at]! ^ (1 << Math.floor(rand() * 8))
  }
  return out.equals(bytes) ? flipBits(bytes, rand) : out
}

function fillRange(bytes: Buffer, rand: () => number, fill: () => number): Buffer {
  const out = Buffer.from(bytes)
  const start = Math.floor(rand() * out.length)
  const length = 1 + Math.floor(rand() * Math.min(256, out.length - start))
  for (let i = start; i < start + length; i++) out[i] = fill()
  return out.equals(bytes) ? fillRange(bytes, rand, fill) : out
}

/** Ways to break the project format while keeping valid JSON. */
type Json = Record<string, unknown>
const SCHEMA_DAMAGE: readonly ((file: Json) => void)[] = [
  (f) => {
    delete (f.project as Json).title
  },
  (f) => {
    ;(f.project as Json).revision = -1
  },
  (f) => {
    ;(f.project as Json).documents = []
  },
  (f) => {
    ;(f.project as Json).annotations = {}
  },
  (f) => {
    ;(f.project as { annotations: Json[] }).annotations[0]!.start = 'x'
  },
  (f) => {
    ;(f.project as { annotations: Json[] }).annotations[0]!.kind = 'rumour'
  },
  (f) => {
    f.version = 99
  },
  (f) => {
    delete f.version
  },
  (f) => {
    f.project = null
  },
  (f) => {
    ;(f.project as { settings: Json }).settings.verdictScale = 5
  },
  (f) => {
    ;(f.project as Json).id = ''
  },
  (f) => {
    delete (f.project as Json).links
  }
]

/** Damage the target's file or journal in `home` as `kind` says. Returns the damaged file's name. */
async function damage(home: string, kind: DamageKind, rand: () => number): Promise<string> {
  const filePath = join(home, 'projects', 'target.json')
  const journalPath = join(home, 'projects', 'target.journal')
  const file = await readFile(filePath)
  const journal = await readFile(journalPath)
  const lines = records(journal)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!
  const writeJournal = (bytes: Buffer) => writeFile(journalPath, bytes)
  switch (kind) {
    case 'file truncated':
      await writeFile(filePath, file.subarray(0, 1 + Math.floor(rand() * (file.length - 1))))
      return 'projects/target.json'
    case 'file NUL-filled':
      await writeFile(filePath, fillRange(file, rand, () => 0))
      return 'projects/target.json'
    case 'file bits flipped':
      await writeFile(filePath, flipBits(file, rand))
      return 'projects/target.json'
    case 'file empty':
      await writeFile(filePath, '')
      return 'projects/target.json'
    case 'file schema-invalid': {
      const value = JSON.parse(file.toString('utf8')) as Json
      delete value.sha256
      pick(SCHEMA_DAMAGE)(value)
      // Half with a checksum that matches, so that only the format can tell.
      await writeFile(filePath, rand() < 0.5 ? JSON.stringify(value) : encodeProjectFile(value as unknown as ProjectFile))
      return 'projects/target.json'
    }
    case 'journal bits flipped':
      await writeJournal(flipBits(journal, rand))
      return 'projects/target.journal'
    case 'journal NUL-filled':
      await writeJournal(fillRange(journal, rand, () => 0))
      return 'projects/target.journal'
    case 'journal bytes overwritten':
      await writeJournal(fillRange(journal, rand, () => Math.floor(rand() * 256)))
      return 'projects/target.journal'
    case 'journal record schema-invalid': {
      const at = Math.floor(rand() * lines.length)
      const bad = pick([{ revision: 'seven', at: NOW, changes: [] }, { revision: 8, at: NOW, changes: [{ op: 'explode' }] }, { at: NOW }])
      const payload = Buffer.from(JSON.stringify(bad))
      // A record whose checksum is right but whose content is not an edit.
      lines[at] = frame(payload)
      await writeJournal(Buffer.concat(lines))
      return 'projects/target.journal'
    }
    case 'journal record missing': {
      // Any record but the last: the revisions then jump (or start past the file's).
      lines.splice(Math.floor(rand() * (lines.length - 1)), 1)
      await writeJournal(Buffer.concat(lines))
      return 'projects/target.journal'
    }
    case 'journal records swapped': {
      const a = Math.floor(rand() * (lines.length - 1))
      ;[lines[a], lines[a + 1]] = [lines[a + 1]!, lines[a]!]
      await writeJournal(Buffer.concat(lines))
      return 'projects/target.journal'
    }
    case 'journal record that does not apply': {
      const at = Math.floor(rand() * lines.length)
      const revision = 7 + at
      lines[at] = encodeRecord({ revision, at: NOW, changes: setNote(pick(['ghost', 'nobody', 'gone']), 'x') })
      await writeJournal(Buffer.concat(lines))
      return 'projects/target.journal'
    }
    case 'journal cut short (a crash)': {
      const last = lines[lines.length - 1]!
      await writeJournal(journal.subarray(0, journal.length - last.length + Math.floor(rand() * (last.length - 1))))
      return 'projects/target.journal'
    }
  }
}

/** Frame `payload` as a journal record with a right length and checksum. */
function frame(payload: Buffer): Buffer {
  const sum = createHash('sha256').update(payload).digest('hex').slice(0, 16)
  return Buffer.concat([Buffer.from(`${payload.length.toString(16).padStart(8, '0')} ${sum} `, 'latin1'), payload, Buffer.from('\n')])
}

async function filesOf(home: string): Promise<Map<string, Buffer>> {
  const dir = join(home, 'projects')
  const files = new Map<string, Buffer>()
  for (const name of await readdir(dir)) if (name.startsWith('target.')) files.set(name, await readFile(join(dir, name)))
  return files
}

function sameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) ?? false)
}

/** Run `variants` damaged stores (the kinds in turn) and count what the store did with them. */
export async function runCorruptionFuzzer(options: { variants: number; seed: number; root: string; onProgress?: (report: FuzzReport) => void }): Promise<FuzzReport> {
  const started = performance.now()
  const rand = random(options.seed)
  const base = await mkdtemp(join(options.root, 'base-'))
  await buildBase(base)
  const healthy = await ProjectStore.open(base)
  const full = await healthy.get('target')
  if (!full.ok) throw new Error(full.message)
  const report: FuzzReport = {
    variants: 0,
    byKind: {},
    damaged: 0,
    namedByList: 0,
    namedByCheck: 0,
    namedByGet: 0,
    neverOverwritten: 0,
    healthyStillListed: 0,
    openedReadOnly: 0,
    restored: 0,
    cutJournalsRecovered: 0,
    cutJournals: 0,
    elapsedMs: 0,
    failures: []
  }
  const failure = (variant: number, kind: DamageKind, message: string) => {
    if (report.failures.length < 20) report.failures.push(`variant ${variant} (${kind}): ${message}`)
  }

  for (let v = 0; v < options.variants; v++) {
    const kind = DAMAGE_KINDS[v % DAMAGE_KINDS.length]!
    const home = await mkdtemp(join(options.root, 'variant-'))
    await cp(base, home, { recursive: true })
    const file = await damage(home, kind, rand)
    report.variants++
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1
    const store = await ProjectStore.open(home)
    const listing = await store.list()
    if (['h1', 'h2'].every((id) => listing.projects.some((p) => p.id === id))) report.healthyStillListed++
    else failure(v, kind, 'a healthy project is missing from the list')

    if (kind === 'journal cut short (a crash)') {
      report.cutJournals++
      const got = await store.get('target')
      const expected = full.value.annotations.filter((a) => a.id !== 'j3').map((a) => `${a.id}:${a.note}`)
      if (got.ok && JSON.stringify(got.value.annotations.map((a) => `${a.id}:${a.note}`)) === JSON.stringify(expected) && got.value.revision === full.value.revision - 1) {
        report.cutJournalsRecovered++
      } else failure(v, kind, got.ok ? 'the project did not open with every earlier record' : got.message)
      await rm(home, { recursive: true, force: true })
      continue
    }

    report.damaged++
    const damaged = await filesOf(home)
    if (!listing.projects.some((p) => p.id === 'target') && listing.problems.some((p) => p.file === file && p.message.includes(file))) report.namedByList++
    else failure(v, kind, `list did not name ${file}: ${JSON.stringify(listing.problems)}`)

    const { code, out, err } = await factworkInProcess(home, 'check', '--json')
    const checked = JSON.parse(out) as { problems: { file: string }[] }
    if (code === 1 && checked.problems.some((p) => p.file === file) && err.includes(file)) report.namedByCheck++
    else failure(v, kind, `factwork check exited ${code} with ${out.slice(0, 200)}`)

    const got = await store.get('target')
    if (!got.ok && got.code === 'unreadable' && got.message.includes(file)) report.namedByGet++
    else failure(v, kind, `get gave ${JSON.stringify(got).slice(0, 200)}`)

    await store.saveChanges('target', addClaim(full.value, 'overwrite'), NOW)
    await store.update('target', (p) => ok({ ...p, title: 'Overwritten', revision: p.revision + 1 }))
    await store.flush()
    await store.close()
    const again = await ProjectStore.open(home)
    await again.list()
    await again.close()
    if (sameFiles(damaged, await filesOf(home))) report.neverOverwritten++
    else failure(v, kind, 'the damaged files changed')

    const viewer = await ProjectStore.open(home)
    const view = await viewer.readOnlyView('target')
    if (view.ok && view.value.problem?.includes(file)) report.openedReadOnly++
    else failure(v, kind, `no read-only view: ${view.ok ? view.value.shown : view.message}`)
    if (!sameFiles(damaged, await filesOf(home))) failure(v, kind, 'the read-only view changed the damaged files')

    const restored = await viewer.restoreBackup('target', null, NOW)
    const aside = (await readdir(join(home, 'backups', 'target'))).filter((n) => n.startsWith('damaged-'))
    const keptAside = await Promise.all(aside.map(async (n) => [n.endsWith('.journal') ? 'target.journal' : 'target.json', await readFile(join(home, 'backups', 'target', n))] as const))
    const relisted = await (await ProjectStore.open(home)).list()
    if (restored.ok && relisted.problems.length === 0 && relisted.projects.length === 3 && sameFiles(damaged, new Map(keptAside))) report.restored++
    else failure(v, kind, `restore: ${restored.ok ? JSON.stringify(relisted.problems) : restored.message}`)

    await rm(home, { recursive: true, force: true })
    if (v % 50 === 49) options.onProgress?.({ ...report, elapsedMs: performance.now() - started })
  }
  await rm(base, { recursive: true, force: true })
  report.elapsedMs = performance.now() - started
  return report
}
