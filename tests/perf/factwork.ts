import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { quoteAt } from '../../data/anchor'
import type { ImportOutcome } from '../../data/api'
import type { Change } from '../../data/changes'
import { ANNOTATION_DEFAULTS, type Annotation, type Project } from '../../data/project'
import type { Result as Outcome } from '../../data/result'
import { ProjectStore } from '../../main/projectStore'
import { createWorkbench } from '../../main/workbench'
import { CLI, ROOT, startHost, type Host } from '../e2e/harness'
import type { SaveTiming } from './page/install'
import { median, percentile, round, type Metric, type Result } from './results'
import type { Workload, WorkloadName } from './workload'

/** How much of each measurement to take: a full run, or a quick pass that only proves the
 *  benchmark still works. */
export interface Effort {
  readonly opens: number
  readonly tags: number
  readonly keystrokes: number
  readonly scrollFrames: number
  readonly exportRuns: number
  readonly storeSaves: number
  /** Whether to type again after paging through the whole article, as a reader would before
   *  editing: every section drawn once. */
  readonly readThrough: boolean
}

export const VIEWPORT = { width: 1360, height: 900 }
export const PROBE_SCRIPT = join(ROOT, 'out', 'perf-probe', 'probe.js')
/** What is typed to time keystrokes: ordinary words and spaces. */
const TYPED = 'the quick brown fox jumps over the lazy dog and then some more words follow here '

const result = (workload: WorkloadName, metric: Metric, value: number | null, extra: { samples?: number; note?: string } = {}): Result => ({
  tool: 'factwork',
  workload,
  metric,
  value: value === null ? null : round(value),
  ...extra
})

/** Call the browser host's API from Node, as its page does. */
export function hostApi(host: Host) {
  const token = new URL(host.url).searchParams.get('token') ?? ''
  return async <T>(method: string, args: unknown): Promise<T> => {
    const response = await fetch(`${host.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(args)
    })
    const answer = (await response.json()) as Outcome<T>
    if (!answer.ok) throw new Error(`${method} failed: ${answer.message}`)
    return answer.value
  }
}

const VERDICTS = [null, 'True', 'Mostly true', 'Half true', 'Mostly false', 'False'] as const
const STATUSES = ['to-check', 'researching', 'ready-for-review', 'published'] as const

/** The workload's annotations as Factwork annotations of the document, with their quotes and a
 *  mix of claim statuses and verdicts. */
export function annotationsOf(w: Workload, documentId: string): Annotation[] {
  const now = '2026-01-01T00:00:00.000Z'
  return w.annotations.map((a, i) => ({
    ...ANNOTATION_DEFAULTS,
    tags: [],
    id: a.id,
    documentId,
    kind: a.kind,
    start: a.start,
    end: a.end,
    quote: quoteAt(w.text, a.start, a.end),
    status: a.kind === 'claim' ? STATUSES[i % STATUSES.length]! : 'to-check',
    verdict: a.kind === 'claim' ? VERDICTS[i % VERDICTS.length]! : null,
    createdAt: now,
    modifiedAt: now
  }))
}

/** Import the workload's article into the host's store through the API and add its annotations,
 *  a few thousand per save. */
export async function loadWorkload(host: Host, w: Workload): Promise<{ projectId: string; documentId: string }> {
  const api = hostApi(host)
  const imported = await api<ImportOutcome>('createProject', { fileName: `${w.name}.txt`, content: w.text, encoding: 'utf8' })
  const project = await api<Project>('getProject', { id: imported.project.id })
  const document = project.documents[0]!
  if (document.text !== w.text) throw new Error(`The imported ${w.name} article does not read as the generated text`)
  const annotations = annotationsOf(w, document.id)
  for (let i = 0; i < annotations.length; i += 5000) {
    const changes: Change[] = annotations.slice(i, i + 5000).map((annotation) => ({ op: 'addAnnotation', annotation }))
    await api('saveChanges', { id: project.id, changes })
  }
  return { projectId: project.id, documentId: document.id }
}

/** A page of the host with the probe installed, showing the project list. */
async function listPage(browser: Browser, host: Host): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT })
  await page.addInitScript({ path: PROBE_SCRIPT })
  await page.goto(host.url)
  await page.locator('.fw-project-list li').first().waitFor({ timeout: 60_000 })
  return page
}

/** Open the project from the list: from the moment its address is set to the first frame painted
 *  with the article, its highlights and the annotation list. */
async function timeOpen(page: Page, projectId: string): Promise<{ ms: number; longestTask: number }> {
  return page.evaluate(async (id) => {
    const t0 = performance.now()
    window.location.hash = `#/project/${id}`
    const t1 = await window.fwProbe.whenPainted(() => !!document.querySelector('.fw-article .fw-hl') && !!document.querySelector('.fw-annotation-list li'))
    return { ms: t1 - t0, longestTask: window.fwProbe.longestTask(t0, t1) }
  }, projectId)
}

/** The renderer's JavaScript heap after a full garbage collection, in MB, and its DOM nodes. */
export async function heapOf(page: Page): Promise<{ mb: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  const counters = (await cdp.send('Memory.getDOMCounters')) as { nodes: number }
  await cdp.detach()
  return { mb: heap.usedSize / 2 ** 20, nodes: counters.nodes }
}

/** The main-thread time of each save, from a Chromium trace: every task of the page's main
 *  thread that overlaps the save, from the task that sends it to the one that has done with the
 *  answer. */
export function savesOnMainThread(trace: Buffer): number[] {
  interface Event {
    name: string
    ph: string
    ts: number
    dur?: number
    pid: number
    tid: number
  }
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: Event[] }).traceEvents
  const marks = new Map<string, Event>()
  for (const e of events) if (e.name.startsWith('fw-save-')) marks.set(e.name, e)
  const out: number[] = []
  for (let i = 0; marks.has(`fw-save-start-${i}`) && marks.has(`fw-save-settled-${i}`); i++) {
    const start = marks.get(`fw-save-start-${i}`)!
    const end = marks.get(`fw-save-settled-${i}`)!
    const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.ts <= end.ts && e.ts + (e.dur ?? 0) >= start.ts)
    out.push(tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000)
  }
  return out
}

/** Factwork in Chromium: open (several times, each in a fresh page), then in the first page the
 *  heap, scrolling, tagging passages (each tag saved and timed through the real API) and typing
 *  in edit mode. */
export async function measurePages(browser: Browser, host: Host, w: Workload, projectId: string, effort: Effort): Promise<Result[]> {
  const results: Result[] = []
  const opens: number[] = []
  let longest = 0
  let page: Page | null = null
  for (let run = 0; run < effort.opens; run++) {
    const fresh = await listPage(browser, host)
    const opened = await timeOpen(fresh, projectId)
    opens.push(opened.ms)
    longest = Math.max(longest, opened.longestTask)
    if (page) await fresh.close()
    else page = fresh
  }
  results.push(result(w.name, 'open_ms', median(opens), { samples: opens.length }))
  results.push(result(w.name, 'open_longest_task_ms', longest, { samples: opens.length, note: 'the longest main-thread task while opening (0: none over 50 ms)' }))
  const p = page!
  await p.waitForTimeout(500)
  const heap = await heapOf(p)
  results.push(result(w.name, 'heap_mb', heap.mb))
  results.push(result(w.name, 'dom_nodes', heap.nodes))

  // Scrolling the article, from the top.
  const gaps = await p.evaluate(async (frames) => {
    const pane = document.querySelector('.fw-article-pane')!
    pane.scrollTop = 0
    await window.fwProbe.afterPaint()
    return window.fwProbe.scrollFrames(pane, frames, 60)
  }, effort.scrollFrames)
  results.push(result(w.name, 'scroll_p95_ms', percentile(gaps, 95), { samples: gaps.length }))

  // Tagging passages on screen, each tag then saved.
  await p.evaluate(() => {
    const pane = document.querySelector('.fw-article-pane')!
    pane.scrollTop = pane.scrollHeight / 2
  })
  await p.waitForTimeout(300)
  await browser.startTracing(p, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] })
  const tags: number[] = []
  for (let n = 0; n < effort.tags; n++) {
    await p.evaluate((i) => {
      ;(document.activeElement as HTMLElement | null)?.blur()
      const text = window.fwDom.selectWordsOnScreen(document.querySelector('.fw-article')!, document.querySelector('.fw-article-pane')!, i).trim()
      const tagged = () => [...document.querySelectorAll('.fw-article .fw-hl.is-selected')].map((e) => e.textContent).join('') === text
      ;(window as unknown as { fwTag: Promise<number> }).fwTag = window.fwProbe.timeKey(tagged, 20_000)
    }, n)
    const saved = await p.evaluate(() => window.fwSaves.length)
    await p.keyboard.press('c')
    tags.push(await p.evaluate(() => (window as unknown as { fwTag: Promise<number> }).fwTag))
    await p.waitForFunction((count) => window.fwSaves.length > count, saved, { timeout: 60_000 })
  }
  const trace = await browser.stopTracing()
  // BENCH_TRACE=file keeps the trace of the tagging, to look at in Chrome's performance panel.
  if (process.env.BENCH_TRACE) await writeFile(process.env.BENCH_TRACE, trace)
  const saves = await p.evaluate(() => window.fwSaves)
  results.push(result(w.name, 'annotate_p95_ms', percentile(tags, 95), { samples: tags.length }))
  results.push(result(w.name, 'save_p95_ms', percentile(saves.map((s: SaveTiming) => s.ack - s.start), 95), { samples: saves.length, note: 'from sending the changes to the store’s acknowledgement that they are on disk' }))
  const onMain = savesOnMainThread(trace)
  results.push(
    onMain.length
      ? result(w.name, 'save_main_thread_p95_ms', percentile(onMain, 95), { samples: onMain.length })
      : result(w.name, 'save_main_thread_p95_ms', null, { note: 'the trace held no save marks' })
  )

  // Typing in edit mode, in a paragraph in the middle of the article.
  const typing = await typeInTheMiddle(browser, p, w, effort, '')
  results.push(...keystrokeResults(w, 'keystroke', typing.keys, 'edit mode'))
  results.push(result(w.name, 'edit_commit_longest_task_ms', typing.commit, { note: 'the longest task while the typed text is handed to the session as one delta (0: none over 50 ms)' }))
  if (effort.readThrough) {
    // Page through the whole article in view mode, two screens a frame (a section is several
    // screens long, so each is drawn), then type again in the middle.
    await p.evaluate(async () => {
      const pane = document.querySelector('.fw-article-pane')!
      for (let y = 0; y < pane.scrollHeight; y += 2 * pane.clientHeight) {
        pane.scrollTop = y
        await window.fwProbe.afterPaint()
      }
    })
    const again = await typeInTheMiddle(browser, p, w, effort, '.read')
    results.push(...keystrokeResults(w, 'keystroke_after_reading', again.keys, 'edit mode, after paging through the whole article'))
  }
  await p.close()
  return results
}

/** Enter edit mode, type words in a paragraph in the middle of the article (`BENCH_KEY_PARAGRAPH`
 *  picks another), and leave edit mode once the text is saved. The times of each key, and the
 *  longest task while the typed text is handed to the session. */
async function typeInTheMiddle(browser: Browser, p: Page, w: Workload, effort: Effort, label: string) {
  await p.keyboard.press('t')
  await p.locator('.fw-article.is-editing').waitFor()
  await p.evaluate((at) => {
    const paragraphs = document.querySelectorAll('.fw-article p')
    const middle = paragraphs[at >= 0 ? at : Math.floor(paragraphs.length / 2)]!
    middle.scrollIntoView({ block: 'center' })
    ;(document.querySelector('.fw-article') as HTMLElement).focus()
    const walker = document.createTreeWalker(middle, NodeFilter.SHOW_TEXT)
    const text = walker.nextNode() as Text
    const range = document.createRange()
    range.setStart(text, Math.min(text.data.length, 3))
    range.collapse(true)
    window.getSelection()!.removeAllRanges()
    window.getSelection()!.addRange(range)
  }, Number(process.env.BENCH_KEY_PARAGRAPH ?? -1))
  // BENCH_KEY_CSS='…' adds a style sheet before typing, to try a rendering change without a build.
  if (process.env.BENCH_KEY_CSS)
    await p.evaluate((css) => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(css)
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    }, process.env.BENCH_KEY_CSS)
  await p.waitForTimeout(300)
  const typed = TYPED.repeat(Math.ceil(effort.keystrokes / TYPED.length)).slice(0, effort.keystrokes)
  const timesTyped = async () => ((await p.locator('.fw-article').textContent()) ?? '').split(typed).length - 1
  const before = await timesTyped()
  await p.evaluate(() => {
    ;(window as unknown as { fwKeys: ReturnType<typeof window.fwProbe.watchKeys> }).fwKeys = window.fwProbe.watchKeys()
  })
  // BENCH_PROFILE=FILE writes a CPU profile of the page while it is typed into (for DevTools).
  const profiler = process.env.BENCH_PROFILE ? await p.context().newCDPSession(p) : null
  if (profiler) {
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.setSamplingInterval', { interval: 100 })
    await profiler.send('Profiler.start')
  }
  // BENCH_KEY_TRACE=FILE writes a Chromium trace of the typing (for DevTools' performance panel).
  if (process.env.BENCH_KEY_TRACE) await browser.startTracing(p, { categories: ['toplevel', 'blink', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'viz'] })
  await p.keyboard.type(typed, { delay: 40 })
  if (process.env.BENCH_KEY_TRACE) await writeFile(`${process.env.BENCH_KEY_TRACE}.${w.name}${label}.json`, await browser.stopTracing())
  if (profiler) {
    const { profile } = await profiler.send('Profiler.stop')
    await writeFile(`${process.env.BENCH_PROFILE}.${w.name}${label}.cpuprofile`, JSON.stringify(profile))
    await profiler.detach()
  }
  const keys = await p.evaluate(async () => {
    const watch = (window as unknown as { fwKeys: ReturnType<typeof window.fwProbe.watchKeys> }).fwKeys
    await window.fwProbe.afterPaint()
    watch.stop()
    return { samples: [...watch.samples], withWait: [...watch.withWait], fromEvent: [...watch.fromEvent], parts: [...watch.parts], typedAt: performance.now() }
  })
  // The typed text reaches the session (one delta) a moment after typing stops.
  await p.waitForTimeout(1500)
  const commit = await p.evaluate((after) => window.fwProbe.longestTask(after, performance.now()), keys.typedAt)
  if ((await timesTyped()) !== before + 1) throw new Error('The typed text is not in the article')
  await p.keyboard.press('Escape')
  await p.getByRole('status').filter({ hasText: 'All changes saved' }).first().waitFor({ timeout: 60_000 })
  return { keys, commit }
}

/** The figures of one round of typing, named from `name` (`keystroke`, …). */
function keystrokeResults(w: Workload, name: 'keystroke' | 'keystroke_after_reading', keys: { samples: number[]; withWait: number[]; fromEvent: number[]; parts: [number, number][] }, where: string): Result[] {
  const handling = keys.parts.map((x) => x[0])
  const paint = keys.parts.map((x) => x[1])
  return [
    result(w.name, `${name}_p95_ms`, percentile(keys.samples, 95), { samples: keys.samples.length, note: `keydown handling until the change is made, plus the frame that shows it until painted; ${where}` }),
    result(w.name, `${name}_handling_p95_ms`, percentile(handling, 95), { samples: handling.length, note: `the first part of ${name}_p95_ms: keydown handling until the change is made` }),
    result(w.name, `${name}_paint_p95_ms`, percentile(paint, 95), { samples: paint.length, note: `the second part of ${name}_p95_ms: the frame that shows the change, from its start until painted` }),
    result(w.name, `${name}_frame_p95_ms`, percentile(keys.withWait, 95), { samples: keys.withWait.length, note: 'keydown handling to the next painted frame, the wait for the display’s frame included' }),
    result(w.name, `${name}_event_p95_ms`, percentile(keys.fromEvent, 95), { samples: keys.fromEvent.length, note: 'from the key event’s own time stamp to the painted frame, input delivery included' })
  ]
}

/** Saves through the real API with the store in this process (the store's own share of a save),
 *  and exports the same way (their share of the command line's time). */
export async function measureStoreSaves(home: string, w: Workload, projectId: string, effort: Effort): Promise<Result[]> {
  const workbench = createWorkbench({ store: await ProjectStore.open(home), host: 'browser', version: 'bench' })
  const times: number[] = []
  for (let i = 0; i < effort.storeSaves; i++) {
    const t0 = performance.now()
    const saved = await workbench.saveChanges({
      id: projectId,
      changes: [{ op: 'updateAnnotation', id: w.annotations[i % w.annotations.length]!.id, patch: { note: `Checked ${i}` }, modifiedAt: new Date().toISOString() }]
    })
    times.push(performance.now() - t0)
    if (!saved.ok) throw new Error(saved.message)
  }
  const results = [result(w.name, 'store_save_p95_ms', percentile(times, 95), { samples: times.length, note: 'saveChanges with the store in the same process, no transport' })]
  // The exports without the command line around them: what the CLI figures spend on exporting.
  for (const format of ['html', 'docx', 'w3c'] as const) {
    const runs: number[] = []
    let failure: string | null = null
    for (let i = 0; i < effort.exportRuns && failure === null; i++) {
      const t0 = performance.now()
      const file = await workbench.exportProject({ id: projectId, format })
      if (file.ok) runs.push(performance.now() - t0)
      else failure = file.message
    }
    const metric: Metric = `export_${format}_in_process_ms`
    results.push(failure === null ? result(w.name, metric, median(runs), { samples: runs.length, note: 'exportProject through the API in this process: no start-up, no file written' }) : result(w.name, metric, null, { note: `not measured: ${failure}` }))
  }
  return results
}

/** Run the command line and time it; the exit code and what it printed on stderr. */
function timeCli(args: readonly string[], home: string): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FACTWORK_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code, stderr }))
  })
}

/** Exports through the command line, `factwork export <id> --format html|docx|w3c --out FILE`:
 *  the whole command, start-up included, as a newsroom's script sees it. */
export async function measureExports(home: string, w: Workload, projectId: string, effort: Effort): Promise<Result[]> {
  const results: Result[] = []
  const out = await mkdtemp(join(tmpdir(), 'factwork-export-'))
  const startup: number[] = []
  for (let i = 0; i < effort.exportRuns; i++) startup.push((await timeCli(['--version'], home)).ms)
  results.push(result(w.name, 'cli_startup_ms', median(startup), { samples: startup.length, note: 'factwork --version: Node and the TypeScript loader starting' }))
  for (const format of ['html', 'docx', 'w3c'] as const) {
    const metric: Metric = `export_${format}_ms`
    const times: number[] = []
    let failure: string | null = null
    for (let i = 0; i < effort.exportRuns && failure === null; i++) {
      const file = join(out, `${w.name}.${format}`)
      const run = await timeCli(['export', projectId, '--format', format, '--out', file], home)
      const size = run.code === 0 ? (await stat(file).catch(() => null))?.size : undefined
      if (run.code !== 0 || !size) failure = run.stderr.trim().split('\n')[0] || `exit code ${run.code}, no file written`
      else times.push(run.ms)
    }
    results.push(failure === null ? result(w.name, metric, median(times), { samples: times.length }) : result(w.name, metric, null, { note: `not measured: ${failure}` }))
  }
  await rm(out, { recursive: true, force: true })
  return results
}

/** A store of `count` small projects; then the time for the project list to show them: going
 *  back to it from an open project, and at the start of the app. Scrolling to the end of the
 *  list must then draw the oldest project. */
export async function measureProjectList(browser: Browser, count: number, workload: WorkloadName): Promise<Result[]> {
  const home = await mkdtemp(join(tmpdir(), 'factwork-bench-list-'))
  const workbench = createWorkbench({ store: await ProjectStore.open(home), host: 'browser', version: 'bench' })
  for (let i = 0; i < count; i++) {
    const made = await workbench.createProject({ fileName: `story-${i}.txt`, content: `Story ${i}\n\nA short article, number ${i}, with a sentence or two.\n\nAnd another paragraph.`, encoding: 'utf8' })
    if (!made.ok) throw new Error(made.message)
  }
  const host = await startHost(home)
  const results: Result[] = []
  try {
    const page = await browser.newPage({ viewport: VIEWPORT })
    await page.addInitScript({ path: PROBE_SCRIPT })
    await page.goto(host.url)
    const start = await page.evaluate((n) => window.fwProbe.whenPainted(() => window.fwDom.listShows(document.querySelector('.fw-project-list'), n), 60_000), count)
    results.push(result(workload, 'app_start_list_ms', start, { note: `${count} projects: from the page's navigation to the list painted, loading the app included` }))
    await page.locator('.fw-project-open').first().click()
    await page.locator('.fw-article').waitFor()
    const back = await page.evaluate(async (n) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Projects'))!
      const t0 = performance.now()
      button.click()
      const t1 = await window.fwProbe.whenPainted(() => window.fwDom.listShows(document.querySelector('.fw-project-list'), n), 60_000)
      return t1 - t0
    }, count)
    results.push(result(workload, 'project_list_open_ms', back, { note: `${count} projects: from “← Projects” to the list painted (the rows in view, the list telling all ${count})` }))
    // Every project is there: the end of the list draws the oldest one.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await page.locator('.fw-project-list > li').filter({ hasText: 'Story 0' }).first().waitFor({ timeout: 10_000 })
    await page.close()
  } finally {
    await host.stop()
    await rm(home, { recursive: true, force: true })
  }
  return results
}

/** Everything measured of Factwork on one workload, on a store of its own. */
export async function measureFactwork(browser: Browser, w: Workload, effort: Effort): Promise<Result[]> {
  const home = await mkdtemp(join(tmpdir(), 'factwork-bench-'))
  const host = await startHost(home)
  const results: Result[] = []
  let projectId: string
  try {
    projectId = (await loadWorkload(host, w)).projectId
    results.push(...(await measurePages(browser, host, w, projectId, effort)))
  } finally {
    await host.stop()
  }
  try {
    results.push(...(await measureStoreSaves(home, w, projectId, effort)))
    results.push(...(await measureExports(home, w, projectId, effort)))
  } finally {
    await rm(home, { recursive: true, force: true })
  }
  return results
}
