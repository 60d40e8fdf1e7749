import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/** The peers' pages, built into out/perf-peers and served by the benchmark runner. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../../out/perf-peers'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        'prosemirror-marks': resolve(import.meta.dirname, 'prosemirror-marks/index.html'),
        'text-annotator': resolve(import.meta.dirname, 'text-annotator/index.html')
      }
    }
  }
})
