import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** `npm run bench`: the benchmark run, kept out of `npm test` (timings on a shared machine are
 *  noise for a test; the e2e smoke test runs a quick W-S pass instead). */
export default defineConfig({
  root: resolve(import.meta.dirname, '..', '..'),
  test: {
    include: ['tests/perf/full.run.ts'],
    environment: 'node',
    testTimeout: 4 * 60 * 60 * 1000,
    hookTimeout: 10 * 60 * 1000,
    fileParallelism: false
  }
})
