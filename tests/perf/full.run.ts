import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { it } from 'vitest'
import { ROOT } from '../e2e/harness'
import { FULL, resultsTable, runBenchmarks, updatePerformanceDoc } from './run'
import type { Tool } from './results'
import type { WorkloadName } from './workload'

// BENCH_WORKLOADS=W-S,W-L and BENCH_TOOLS=factwork narrow a run while working on one figure; only
// a full run writes tests/perf/results.json and the table of docs/performance.md.
const workloads = (process.env.BENCH_WORKLOADS?.split(',') as WorkloadName[] | undefined) ?? FULL.workloads
const tools = (process.env.BENCH_TOOLS?.split(',') as Tool[] | undefined) ?? FULL.tools
const full = workloads.length === FULL.workloads.length && tools.length === FULL.tools.length

it('measures Factwork and its peers on the same workloads', async () => {
  const results = await runBenchmarks({ ...FULL, workloads, tools, projects: process.env.BENCH_PROJECTS ? Number(process.env.BENCH_PROJECTS) : FULL.projects })
  const json = JSON.stringify(results, null, 2)
  process.stdout.write(`${json}\n\n${resultsTable(results)}\n`)
  const file = full ? join(ROOT, 'tests', 'perf', 'results.json') : join(ROOT, 'out', 'perf-results.json')
  await writeFile(file, `${json}\n`)
  if (full) await updatePerformanceDoc(results)
})
