import { describe, expect, it } from 'vitest'
import { QUICK, resultsTable, runBenchmarks } from '../perf/run'
import type { Metric, Result, Tool } from '../perf/results'
import { describeWorkload, makeWorkload } from '../perf/workload'

// The benchmark harness on the smallest workload, quickly: it proves every measurement still runs
// against the real app and both peers. No figure is checked against a budget here; timings on a
// shared machine are for `npm run bench`.

const figure = (results: readonly Result[], tool: Tool, metric: Metric) => results.find((r) => r.tool === tool && r.metric === metric)

describe('the benchmark harness', () => {
  it('makes the same workloads every time, as DESIGN §10 describes them', () => {
    const small = makeWorkload('W-S')
    expect(makeWorkload('W-S')).toEqual(small)
    const shape = describeWorkload(small)
    expect(shape.annotations).toBe(200)
    expect(shape.characters).toBeGreaterThan(45_000)
    expect(shape.characters).toBeLessThan(55_000)
    expect(shape.crossing).toBeGreaterThan(0.05)
    expect(shape.crossing).toBeLessThan(0.15)
    expect(shape.deepest).toBe(5)
  })

  it('measures Factwork and both peers on W-S, every figure a number or a reason', async () => {
    const { machine, date, results } = await runBenchmarks(QUICK)
    expect(machine.cores).toBeGreaterThan(0)
    expect(machine.loadAverage.end).toHaveLength(3)
    expect(machine.speedCheckMs.end).toBeGreaterThan(0)
    expect(Date.parse(date)).not.toBeNaN()
    for (const r of results) {
      expect(r.workload).toBe('W-S')
      if (r.value === null) expect(r.note, `${r.tool} ${r.metric}`).toBeTruthy()
      else expect(Number.isFinite(r.value) && r.value >= 0, `${r.tool} ${r.metric} = ${r.value}`).toBe(true)
    }
    for (const metric of ['open_ms', 'keystroke_p95_ms', 'keystroke_after_reading_p95_ms', 'annotate_p95_ms', 'scroll_p95_ms', 'save_p95_ms', 'save_main_thread_p95_ms', 'heap_mb', 'project_list_open_ms'] as const) {
      expect(figure(results, 'factwork', metric)?.value, metric).toBeGreaterThan(0)
    }
    for (const metric of ['export_html_ms', 'export_docx_ms', 'export_w3c_ms'] as const) expect(figure(results, 'factwork', metric), metric).toBeDefined()
    for (const metric of ['open_ms', 'annotate_p95_ms', 'scroll_p95_ms', 'heap_mb'] as const) {
      expect(figure(results, 'prosemirror-marks', metric)?.value, metric).toBeGreaterThan(0)
      expect(figure(results, 'recogito-text-annotator', metric)?.value, metric).toBeGreaterThan(0)
    }
    expect(figure(results, 'prosemirror-marks', 'keystroke_p95_ms')?.value).toBeGreaterThan(0)
    expect(figure(results, 'recogito-text-annotator', 'keystroke_p95_ms')).toMatchObject({ value: null })
    expect(resultsTable({ machine, date, results })).toContain('| W-S | open_ms |')
  }, 300_000)
})
