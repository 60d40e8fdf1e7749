import type { Browser } from 'playwright-core'
import { VIEWPORT, heapOf, type Effort } from './factwork'
import { median, percentile, round, type Metric, type Result, type Tool } from './results'
import type { WorkloadName } from './workload'

type Peer = Exclude<Tool, 'factwork'>

/** Each peer's page under the runner's server. */
const PAGE: Record<Peer, string> = { 'prosemirror-marks': 'prosemirror-marks', 'recogito-text-annotator': 'text-annotator' }

/** A peer's figures on one workload, measured as Factwork's are: open (median of fresh pages),
 *  heap, scrolling, tagging a selection with C, and, for the editor, typing. */
export async function measurePeer(browser: Browser, origin: string, tool: Peer, workload: WorkloadName, effort: Effort): Promise<Result[]> {
  const results: Result[] = []
  const add = (metric: Metric, value: number | null, extra: { samples?: number; note?: string } = {}) =>
    results.push({ tool, workload, metric, value: value === null ? null : round(value), ...extra })
  const opens: number[] = []
  let longest = 0
  let kept = null
  for (let run = 0; run < effort.opens; run++) {
    const page = await browser.newPage({ viewport: VIEWPORT })
    await page.goto(`${origin}/${PAGE[tool]}/index.html`)
    await page.waitForFunction(() => typeof window.bench === 'object')
    const opened = await page.evaluate((url) => window.bench.open(url), `${origin}/workload/${workload}.json`)
    opens.push(opened.ms)
    longest = Math.max(longest, opened.longestTask)
    if (kept) await page.close()
    else kept = page
  }
  add('open_ms', median(opens), { samples: opens.length })
  add('open_longest_task_ms', longest, { samples: opens.length, note: 'the longest main-thread task while opening (0: none over 50 ms)' })
  const page = kept!
  await page.waitForTimeout(500)
  const heap = await heapOf(page)
  add('heap_mb', heap.mb)
  add('dom_nodes', heap.nodes)

  const gaps = await page.evaluate(async (frames) => {
    const scroller = window.bench.scroller()
    scroller.scrollTop = 0
    await window.fwProbe.afterPaint()
    return window.fwProbe.scrollFrames(scroller, frames, 60)
  }, effort.scrollFrames)
  add('scroll_p95_ms', percentile(gaps, 95), { samples: gaps.length })

  await page.evaluate(() => {
    const scroller = window.bench.scroller()
    scroller.scrollTop = scroller.scrollHeight / 2
  })
  await page.waitForTimeout(300)
  const tags: number[] = []
  for (let n = 0; n < effort.tags; n++) {
    await page.evaluate((i) => {
      window.bench.selectWords(i)
      ;(window as unknown as { fwTag: Promise<number> }).fwTag = window.fwProbe.timeKey(() => window.bench.tagged(), 120_000)
    }, n)
    await page.keyboard.press('c')
    tags.push(await page.evaluate(() => (window as unknown as { fwTag: Promise<number> }).fwTag))
    await page.waitForTimeout(100)
  }
  add('annotate_p95_ms', percentile(tags, 95), { samples: tags.length })

  if (await page.evaluate(() => window.bench.caretInMiddle())) {
    await page.waitForTimeout(300)
    await page.evaluate(() => {
      ;(window as unknown as { fwKeys: ReturnType<typeof window.fwProbe.watchKeys> }).fwKeys = window.fwProbe.watchKeys()
    })
    const typed = 'the quick brown fox jumps over the lazy dog and then some more words follow here '.repeat(4).slice(0, effort.keystrokes)
    await page.keyboard.type(typed, { delay: 40 })
    const keys = await page.evaluate(async () => {
      const watch = (window as unknown as { fwKeys: ReturnType<typeof window.fwProbe.watchKeys> }).fwKeys
      await window.fwProbe.afterPaint()
      watch.stop()
      return { samples: [...watch.samples], withWait: [...watch.withWait], fromEvent: [...watch.fromEvent] }
    })
    add('keystroke_p95_ms', percentile(keys.samples, 95), { samples: keys.samples.length, note: 'keydown handling until the change is made, plus the frame that shows it until painted' })
    add('keystroke_frame_p95_ms', percentile(keys.withWait, 95), { samples: keys.withWait.length, note: 'keydown handling to the next painted frame, the wait for the display’s frame included' })
    add('keystroke_event_p95_ms', percentile(keys.fromEvent, 95), { samples: keys.fromEvent.length, note: 'from the key event’s own time stamp to the painted frame, input delivery included' })
  } else {
    add('keystroke_p95_ms', null, { note: 'not applicable: the tool annotates text but does not edit it' })
  }
  await page.close()
  return results
}
