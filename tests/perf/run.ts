import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { ROOT, launchChromium } from '../e2e/harness'
import { measureFactwork, measureProjectList, type Effort } from './factwork'
import { measurePeer } from './peers'
import { BUDGETS, describeMachine, speedCheck, STORE_METRICS, type Metric, type Result, type Results, type Tool } from './results'
import { servePeers } from './serve'
import { makeWorkload, type WorkloadName } from './workload'

/** What a run measures. */
export interface RunOptions {
  readonly workloads: readonly WorkloadName[]
  readonly tools: readonly Tool[]
  readonly effort: Readonly<Record<WorkloadName, Effort>>
  /** Workloads on which the text annotator is measured (it needs minutes where others need
   *  seconds); elsewhere its figures are recorded as not measured, with the reason. */
  readonly slowPeerOn: readonly WorkloadName[]
  /** How many projects the project list is timed with; 0 leaves it out. */
  readonly projects: number
  readonly log: (line: string) => void
}

const FULL_EFFORT: Effort = { opens: 3, tags: 20, keystrokes: 160, scrollFrames: 240, exportRuns: 3, storeSaves: 30, readThrough: true }

/** The run `npm run bench` makes. */
export const FULL: RunOptions = {
  workloads: ['W-S', 'W-L', 'W-X'],
  tools: ['factwork', 'prosemirror-marks', 'recogito-text-annotator'],
  effort: { 'W-S': FULL_EFFORT, 'W-L': FULL_EFFORT, 'W-X': { opens: 1, tags: 5, keystrokes: 60, scrollFrames: 120, exportRuns: 1, storeSaves: 5, readThrough: false } },
  slowPeerOn: ['W-S', 'W-L'],
  projects: 1000,
  log: (line) => process.stderr.write(`${line}\n`)
}

/** A pass that proves every part of the benchmark still works, in well under a minute. */
export const QUICK: RunOptions = {
  workloads: ['W-S'],
  tools: ['factwork', 'prosemirror-marks', 'recogito-text-annotator'],
  effort: { 'W-S': { opens: 1, tags: 3, keystrokes: 20, scrollFrames: 30, exportRuns: 1, storeSaves: 3, readThrough: true }, 'W-L': FULL_EFFORT, 'W-X': FULL_EFFORT },
  slowPeerOn: ['W-S'],
  projects: 20,
  log: () => undefined
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed: ${err}`))))
  })
}

/** Build the peers' pages and the probe script with vite. The app itself is built by
 *  `npm run build` (the host serves out/renderer). */
export async function buildPages(): Promise<void> {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  await run(process.execPath, [vite, 'build', '--config', 'tests/perf/page/vite.config.ts'])
  await run(process.execPath, [vite, 'build', '--config', 'tests/perf/peers/vite.config.ts'])
}

/** Measure every tool on every workload of `options`, in one browser. */
export async function runBenchmarks(options: RunOptions): Promise<Results> {
  const { log } = options
  const machine = describeMachine(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
  const date = new Date().toISOString()
  log(`Building the peers' pages…`)
  await buildPages()
  const workloads = options.workloads.map((name) => makeWorkload(name))
  const peers = await servePeers(join(ROOT, 'out', 'perf-peers'), workloads)
  const chromium = await launchChromium()
  const results: Result[] = []
  try {
    for (const w of workloads) {
      for (const tool of options.tools) {
        log(`${w.name}: ${tool}…`)
        if (tool === 'factwork') results.push(...(await measureFactwork(chromium.browser, w, options.effort[w.name])))
        else if (tool === 'recogito-text-annotator' && !options.slowPeerOn.includes(w.name)) {
          results.push({ tool, workload: w.name, metric: 'open_ms', value: null, note: `not measured on ${w.name}: it needs minutes of main-thread work to draw this many highlights (see W-L)` })
        } else results.push(...(await measurePeer(chromium.browser, peers.origin, tool, w.name, options.effort[w.name])))
      }
    }
    if (options.projects > 0 && options.tools.includes('factwork')) {
      log(`Project list of ${options.projects}…`)
      results.push(...(await measureProjectList(chromium.browser, options.projects, options.workloads[0]!)))
    }
  } finally {
    await chromium.close()
    await peers.close()
  }
  machine.loadAverage.end = loadavg().map((l) => Math.round(l * 100) / 100)
  machine.speedCheckMs.end = speedCheck()
  return { machine, date, results }
}

/** The results as a Markdown table: one row per metric and workload, one column per tool, the
 *  budget beside Factwork's figure. */
export function resultsTable(results: Results): string {
  const tools: Tool[] = ['factwork', 'prosemirror-marks', 'recogito-text-annotator']
  const rows = new Map<string, Map<Tool, Result>>()
  for (const r of results.results) {
    const key = `${r.workload}|${r.metric}`
    if (!rows.has(key)) rows.set(key, new Map())
    rows.get(key)!.set(r.tool, r)
  }
  const show = (r: Result | undefined) => (r === undefined ? '' : r.value === null ? '—' : String(r.value))
  const lines = ['| workload | metric | Factwork | budget (W-L) | ProseMirror with marks | text-annotator |', '|---|---|---:|---:|---:|---:|']
  for (const [key, byTool] of rows) {
    const [workload, metric] = key.split('|') as [WorkloadName, Metric]
    const budget = (workload === 'W-L' || STORE_METRICS.includes(metric)) && BUDGETS[metric] !== undefined ? `≤ ${BUDGETS[metric]}` : ''
    lines.push(`| ${workload} | ${metric} | ${show(byTool.get('factwork'))} | ${budget} | ${show(byTool.get(tools[1]!))} | ${show(byTool.get(tools[2]!))} |`)
  }
  return lines.join('\n')
}

/** Put the table of `results` into docs/performance.md, between its result markers. */
export async function updatePerformanceDoc(results: Results): Promise<void> {
  const path = join(ROOT, 'docs', 'performance.md')
  const doc = await readFile(path, 'utf8')
  const begin = '<!-- results -->'
  const end = '<!-- /results -->'
  const from = doc.indexOf(begin)
  const to = doc.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${path} has no ${begin} … ${end} markers`)
  const m = results.machine
  const table = [
    `Run of ${results.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, ${m.chromium}, Node ${m.node}; load average ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end; speed check ${m.speedCheckMs.start} ms at the start, ${m.speedCheckMs.end ?? '–'} ms at the end (fixed JavaScript work, lower is faster).`,
    '',
    resultsTable(results)
  ].join('\n')
  await writeFile(path, `${doc.slice(0, from + begin.length)}\n${table}\n${doc.slice(to)}`)
}
