import { execFileSync } from 'node:child_process'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import type { WorkloadName } from './workload'

export type Tool = 'factwork' | 'prosemirror-marks' | 'recogito-text-annotator'
export const TOOLS: readonly Tool[] = ['factwork', 'prosemirror-marks', 'recogito-text-annotator']

export type Metric =
  | 'open_ms'
  | 'open_longest_task_ms'
  | 'keystroke_p95_ms'
  | 'keystroke_frame_p95_ms'
  | 'keystroke_event_p95_ms'
  | 'keystroke_handling_p95_ms'
  | 'keystroke_paint_p95_ms'
  | 'keystroke_after_reading_p95_ms'
  | 'keystroke_after_reading_frame_p95_ms'
  | 'keystroke_after_reading_event_p95_ms'
  | 'keystroke_after_reading_handling_p95_ms'
  | 'keystroke_after_reading_paint_p95_ms'
  | 'annotate_p95_ms'
  | 'scroll_p95_ms'
  | 'save_p95_ms'
  | 'save_main_thread_p95_ms'
  | 'store_save_p95_ms'
  | 'edit_commit_longest_task_ms'
  | 'export_html_ms'
  | 'export_docx_ms'
  | 'export_w3c_ms'
  | 'export_html_in_process_ms'
  | 'export_docx_in_process_ms'
  | 'export_w3c_in_process_ms'
  | 'cli_startup_ms'
  | 'heap_mb'
  | 'dom_nodes'
  | 'project_list_open_ms'
  | 'app_start_list_ms'

/** One figure of one tool on one workload. `value` is null when the figure could not be taken,
 *  and `note` then says why. */
export interface Result {
  readonly tool: Tool
  readonly workload: WorkloadName
  readonly metric: Metric
  readonly value: number | null
  /** How many measurements the value sums up (a median or a 95th percentile of them). */
  readonly samples?: number
  readonly note?: string
}

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGb: number
  readonly os: string
  readonly node: string
  readonly chromium: string
  /** The 1, 5 and 15 minute load averages when the run started and when it ended. */
  readonly loadAverage: { readonly start: readonly number[]; end: readonly number[] }
  /** How fast the processor ran when the run started and when it ended: `speedCheck`'s
   *  milliseconds. A shared machine's speed drifts, and every figure drifts with it. */
  readonly speedCheckMs: { readonly start: number; end: number | null }
}

/** A fixed piece of JavaScript work, timed: sorting 300,000 pseudo-random numbers and filling a
 *  map of 200,000 keys, five times. About a second on the reference machine; lower is faster. */
export function speedCheck(): number {
  let seed = 1
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const t0 = performance.now()
  for (let round = 0; round < 5; round++) {
    Array.from({ length: 300_000 }, next).sort((a, b) => a - b)
    const keys = new Map<string, number>()
    for (let i = 0; i < 200_000; i++) keys.set(`k${i}`, i)
  }
  return Math.round(performance.now() - t0)
}

export interface Results {
  machine: Machine
  date: string
  results: Result[]
}

/** What this machine is, with its load now. */
export function describeMachine(chromiumPath: string): Machine {
  let chromium = 'unknown'
  try {
    chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    // Left as unknown.
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium,
    loadAverage: { start: loadavg().map((l) => Math.round(l * 100) / 100), end: [] },
    speedCheckMs: { start: speedCheck(), end: null }
  }
}

/** The value at percentile `p` (0–100) of `values`, by the nearest-rank method. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('No values to take a percentile of')
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export const median = (values: readonly number[]) => percentile(values, 50)

/** Milliseconds to one decimal. */
export const round = (value: number) => Math.round(value * 10) / 10

/** The budgets of the issue, for W-L (or for the store of `STORE_METRICS`): the figure must be at
 *  most this. */
export const BUDGETS: Partial<Record<Metric, number>> = {
  open_ms: 1000,
  keystroke_p95_ms: 8,
  keystroke_after_reading_p95_ms: 8,
  annotate_p95_ms: 50,
  scroll_p95_ms: 33,
  save_p95_ms: 100,
  save_main_thread_p95_ms: 16,
  export_html_ms: 2000,
  export_docx_ms: 5000,
  export_w3c_ms: 1000,
  heap_mb: 150,
  project_list_open_ms: 200
}

/** Figures of a store of many small projects rather than of a workload's article: their budget
 *  holds whatever workload they are filed under. */
export const STORE_METRICS: readonly Metric[] = ['project_list_open_ms', 'app_start_list_ms']
