import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Ack, FoundState } from './writer'
import { WRITER_PROJECTS } from './writer'
import { seededRandom as random } from '../seeded'

// The kill harness: a writer process (tests/soak/writer.ts, the real store code) saves edits and
// prints each acknowledged one; this SIGKILLs it at a random moment, and the next writer — a fresh
// process — opens the store, taking over the lock, and prints what it finds, which must hold every
// acknowledged edit and no unreadable file. Every `killsPerStore` kills the store starts afresh,
// and `factwork check` (the real CLI, another fresh process) validates the one left behind.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WRITER = join(ROOT, 'tests', 'soak', 'writer.ts')
const CLI = join(ROOT, 'main', 'bin', 'factwork.js')
const run = promisify(execFile)

export interface KillOptions {
  readonly kills: number
  /** The longest wait, once the writer is writing, before the kill. */
  readonly maxDelayMs: number
  readonly killsPerStore: number
  readonly seed: number
  /** How many series of kills run side by side, each on its own store. */
  readonly lanes?: number
  /** A folder for the stores and the built writer. */
  readonly root: string
  readonly onProgress?: (report: KillReport) => void
}

export interface KillReport {
  kills: number
  /** Saves the writers were told were on disk. */
  acknowledged: number
  /** Acknowledged edits missing (or rolled back) in what the next process found. */
  lostAcknowledged: number
  /** Project files or journals that could not be read, by a writer or by `factwork check`. */
  corruptFiles: number
  /** Edits cut short by a kill and dropped when the next process opened the store. */
  tornTailsDropped: number
  /** Stale locks the next writer took over (one per kill). */
  lockTakeovers: number
  stores: number
  elapsedMs: number
  /** How each writer was run: a bundle of the sources, or the sources through tsx. */
  writer: string
  /** The first few problems, in words. */
  failures: string[]
}

/** Bundle the writer into one file so that each of the many processes starts in about 0.1 s; the
 *  sources through tsx (0.3 s) where esbuild is not at hand. */
async function prepareWriter(root: string): Promise<{ args: string[]; how: string }> {
  try {
    const esbuild = await import('esbuild')
    const outfile = join(root, 'writer.mjs')
    await esbuild.build({ entryPoints: [WRITER], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } })
    return { args: [outfile], how: 'the store sources bundled by esbuild' }
  } catch {
    return { args: ['--import', 'tsx/esm', WRITER], how: 'the store sources through tsx' }
  }
}

interface Expected {
  revision: number
  title: Tracked
  notes: Map<string, Tracked>
}

/** The last acknowledged value of something, the revision that set it, and earlier values. */
interface Tracked {
  value: string
  revision: number
  older: Set<string>
}

function track(previous: Tracked | undefined, value: string, revision: number): Tracked {
  const older = new Set(previous?.older)
  if (previous && previous.value !== value) older.add(previous.value)
  return { value, revision, older }
}

/** Whether `found` is the acknowledged value, or a later one from a save the kill interrupted
 *  after it reached the disk (never an older one). */
function holds(tracked: Tracked, found: string | undefined, foundRevision: number): boolean {
  if (found === tracked.value) return true
  return found !== undefined && foundRevision > tracked.revision && !tracked.older.has(found)
}

/** Run one writer over `home` and kill it `delayMs` after it starts writing (or let it verify and
 *  exit, when `delayMs` is null). Resolves with the lines it printed. */
function runWriter(args: readonly string[], home: string, seed: number, delayMs: number | null): Promise<{ lines: string[]; killed: boolean; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [...args, home, String(seed), ...(delayMs === null ? ['verify'] : [])], {
      cwd: ROOT,
      env: { ...process.env, FACTWORK_KILL_WRITER: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let stderr = ''
    let killed = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      if (delayMs !== null && !killed && out.includes('\nready\n')) {
        killed = true
        setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    // 'close' comes after the process has been reaped and its output read to the end.
    child.on('close', () => done({ lines: out.split('\n').filter(Boolean), killed, stderr }))
  })
}

/** SIGKILL writers `options.kills` times and count what was lost. */
export async function runKillHarness(options: KillOptions): Promise<KillReport> {
  const started = performance.now()
  const writer = await prepareWriter(options.root)
  const lanes = options.lanes ?? 1
  const reports = await Promise.all(
    Array.from({ length: lanes }, (_, lane) => {
      const kills = Math.floor(options.kills / lanes) + (lane < options.kills % lanes ? 1 : 0)
      return runLane({ ...options, kills, seed: options.seed + lane * 7919 }, writer, started)
    })
  )
  const total = reports.reduce((sum, r) => ({
    ...sum,
    kills: sum.kills + r.kills,
    acknowledged: sum.acknowledged + r.acknowledged,
    lostAcknowledged: sum.lostAcknowledged + r.lostAcknowledged,
    corruptFiles: sum.corruptFiles + r.corruptFiles,
    tornTailsDropped: sum.tornTailsDropped + r.tornTailsDropped,
    lockTakeovers: sum.lockTakeovers + r.lockTakeovers,
    stores: sum.stores + r.stores,
    failures: [...sum.failures, ...r.failures].slice(0, 20)
  }))
  return { ...total, elapsedMs: performance.now() - started }
}

async function runLane(options: KillOptions, writer: { args: string[]; how: string }, started: number): Promise<KillReport> {
  const rand = random(options.seed)
  const report: KillReport = {
    kills: 0,
    acknowledged: 0,
    lostAcknowledged: 0,
    corruptFiles: 0,
    tornTailsDropped: 0,
    lockTakeovers: 0,
    stores: 0,
    elapsedMs: 0,
    writer: writer.how,
    failures: []
  }
  const failure = (message: string) => {
    if (report.failures.length < 20) report.failures.push(message)
  }

  while (report.kills < options.kills) {
    const home = await mkdtemp(join(options.root, 'store-'))
    report.stores++
    const expected = new Map<string, Expected>()
    const kills = Math.min(options.killsPerStore, options.kills - report.kills)
    for (let i = 0; i <= kills; i++) {
      const last = i === kills
      const { lines, killed, stderr } = await runWriter(writer.args, home, Math.floor(rand() * 2 ** 31), last ? null : Math.floor(rand() * options.maxDelayMs))
      const stateLine = lines.find((l) => l.startsWith('state '))
      if (!stateLine) {
        report.corruptFiles++
        failure(`a writer printed no state: ${lines.join(' | ').slice(0, 300)} ${stderr.slice(0, 300)}`)
        break
      }
      const state = JSON.parse(stateLine.slice('state '.length)) as FoundState
      if (i > 0) report.lockTakeovers++
      report.corruptFiles += state.unreadable.length + state.problems.length
      for (const problem of [...state.unreadable, ...state.problems]) failure(problem)
      report.tornTailsDropped += state.notices.filter((n) => n.includes('cut short')).length
      for (const [id, want] of expected) {
        const found = state.projects.find((p) => p.id === id)
        if (!found) {
          report.lostAcknowledged += want.notes.size + 1
          failure(`project ${id} is gone after kill ${report.kills}`)
          continue
        }
        if (found.revision < want.revision) {
          report.lostAcknowledged++
          failure(`project ${id} is at revision ${found.revision} after kill ${report.kills}; revision ${want.revision} was acknowledged`)
        }
        if (!holds(want.title, found.title, found.revision)) {
          report.lostAcknowledged++
          failure(`project ${id} is titled "${found.title}"; "${want.title.value}" was acknowledged`)
        }
        for (const [annotation, note] of want.notes) {
          if (!holds(note, found.notes[annotation], found.revision)) {
            report.lostAcknowledged++
            failure(`annotation ${annotation} of ${id} has note ${JSON.stringify(found.notes[annotation])}; ${JSON.stringify(note.value)} was acknowledged`)
          }
        }
      }
      // What this process found is the new baseline: later processes must keep it.
      for (const found of state.projects) {
        const before = expected.get(found.id)
        const notes = new Map<string, Tracked>()
        for (const [annotation, note] of Object.entries(found.notes)) notes.set(annotation, track(before?.notes.get(annotation), note, found.revision))
        expected.set(found.id, { revision: found.revision, title: track(before?.title, found.title, found.revision), notes })
      }
      if (last) break
      if (!lines.includes('ready')) {
        report.corruptFiles++
        failure(`a writer did not start writing: ${lines.join(' | ').slice(0, 300)} ${stderr.slice(0, 300)}`)
        break
      }
      for (const id of WRITER_PROJECTS) {
        if (!expected.has(id)) expected.set(id, { revision: 0, title: { value: '', revision: -1, older: new Set() }, notes: new Map() })
      }
      for (const line of lines.filter((l) => l.startsWith('ack '))) {
        const ack = JSON.parse(line.slice('ack '.length)) as Ack
        const want = expected.get(ack.project)!
        report.acknowledged++
        want.revision = Math.max(want.revision, ack.revision)
        if (ack.kind === 'title') want.title = track(want.title, ack.value, ack.revision)
        else want.notes.set(ack.annotation!, track(want.notes.get(ack.annotation!), ack.value, ack.revision))
      }
      const error = lines.find((l) => l.startsWith('error ') || l.startsWith('refused '))
      if (error) failure(error.slice(0, 300))
      if (killed) report.kills++
      else failure(`a writer ended before it was killed: ${stderr.slice(0, 300)}`)
      options.onProgress?.({ ...report, elapsedMs: performance.now() - started })
    }
    // The store a series of kills left behind, checked by the real command line.
    try {
      await run(process.execPath, [CLI, 'check', '--json'], { cwd: ROOT, env: { ...process.env, FACTWORK_HOME: home } })
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string }
      report.corruptFiles += (JSON.parse(e.stdout ?? '{"problems":[1]}') as { problems: unknown[] }).problems.length
      failure(`factwork check: ${e.stderr ?? ''}`.slice(0, 300))
    }
    await rm(home, { recursive: true, force: true })
  }
  report.elapsedMs = performance.now() - started
  return report
}
