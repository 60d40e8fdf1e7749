import { defineConfig } from 'vitest/config'

/** One vitest project per layer, mirroring data/, main/ and renderer/, and the end-to-end tests
 *  that drive the browser host in Chromium. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'data', include: ['tests/data/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'main', include: ['tests/main/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      { test: { name: 'renderer', include: ['tests/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom' } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          // The page answers as fast as the machine lets it; on a busy machine that is seconds.
          expect: { poll: { timeout: 10_000 } }
        }
      }
    ]
  }
})
