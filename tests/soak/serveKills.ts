import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Project } from '../../data/project'
import { addClaim } from './projects'

// The kill harness against the browser host: `factwork serve` (the real command, started as a
// person starts it) receives saves over HTTP as the page sends them, and is SIGKILLed at a random
// moment; the next `factwork serve` on the same folder must take over the lock and serve every
// acknowledged save, and `factwork check` must find every file readable.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = join(ROOT, 'main', 'bin', 'factwork.js')
const run = promisify(execFile)

export interface ServeKillReport {
  kills: number
  acknowledged: number
  lostAcknowledged: number
  corruptFiles: number
  elapsedMs: number
  /** Why the run did not happen, when it did not (the app is not built). */
  skipped: string | null
  failures: string[]
}

interface Host {
  readonly child: ChildProcess
  call<T>(method: string, args: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>
}

async function startServe(home: string): Promise<Host> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-open', '--port', '0'], { cwd: ROOT, env: { ...process.env, FACTWORK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) resolve(out.split('\n')[0]!.trim())
    })
    child.once('exit', (code) => reject(new Error(`factwork serve exited with ${code}: ${err}`)))
  })
  const address = new URL(url)
  const token = address.searchParams.get('token') ?? ''
  return {
    child,
    async call(method, args) {
      const response = await fetch(`${address.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args)
      })
      return (await response.json()) as never
    }
  }
}

/** Kill `factwork serve` `kills` times while it saves, and count what was lost. */
export async function runServeKills(options: { kills: number; maxDelayMs: number; root: string; seed: number }): Promise<ServeKillReport> {
  const started = performance.now()
  const report: ServeKillReport = { kills: 0, acknowledged: 0, lostAcknowledged: 0, corruptFiles: 0, elapsedMs: 0, skipped: null, failures: [] }
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    report.skipped = 'the app is not built (npm run build)'
    return report
  }
  let state = options.seed >>> 0
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  const home = await mkdtemp(join(options.root, 'serve-'))
  const acknowledged = new Set<string>()
  try {
    while (report.kills < options.kills) {
      const host = await startServe(home)
      const listing = await host.call<{ projects: { id: string }[]; problems: { message: string }[] }>('listProjects', {})
      if (!listing.ok || listing.value.problems.length) {
        report.corruptFiles += listing.ok ? listing.value.problems.length : 1
        report.failures.push(listing.ok ? listing.value.problems.map((p) => p.message).join(' ') : listing.message)
      }
      const id = listing.ok ? listing.value.projects[0]?.id : undefined
      const got = id ? await host.call<Project>('getProject', { id }) : null
      if (!got?.ok) {
        report.failures.push(`the example project could not be opened: ${got && !got.ok ? got.message : 'none listed'}`)
        host.child.kill('SIGKILL')
        break
      }
      const project = got.value
      const present = new Set(project.annotations.map((a) => a.id))
      for (const annotation of acknowledged) {
        if (!present.has(annotation)) {
          report.lostAcknowledged++
          if (report.failures.length < 20) report.failures.push(`annotation ${annotation} was acknowledged and is gone after kill ${report.kills}`)
        }
      }
      // Save as the page does, one batch after the other, until the host is killed.
      const exited = new Promise((resolve) => host.child.once('exit', resolve))
      let alive = true
      void exited.then(() => (alive = false))
      setTimeout(() => host.child.kill('SIGKILL'), 50 + Math.floor(rand() * options.maxDelayMs))
      for (let n = 0; alive; n++) {
        const annotation = `s-${report.kills}-${n}`
        const saved = await host.call<{ revision: number }>('saveChanges', { id: project.id, changes: addClaim(project, annotation) }).catch(() => null)
        if (!saved) break
        if (!saved.ok) {
          report.failures.push(saved.message)
          break
        }
        acknowledged.add(annotation)
        report.acknowledged++
      }
      await exited
      report.kills++
    }
    try {
      await run(process.execPath, [CLI, 'check'], { cwd: ROOT, env: { ...process.env, FACTWORK_HOME: home } })
    } catch (error) {
      report.corruptFiles++
      report.failures.push(`factwork check: ${(error as { stderr?: string }).stderr ?? ''}`.slice(0, 300))
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
  report.elapsedMs = performance.now() - started
  return report
}
