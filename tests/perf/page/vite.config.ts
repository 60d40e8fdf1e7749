import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/** The probe as one script, added to Factwork's page before its own code runs. */
export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../../out/perf-probe'),
    emptyOutDir: true,
    lib: { entry: resolve(import.meta.dirname, 'install.ts'), formats: ['iife'], name: 'fwProbeInstall', fileName: () => 'probe.js' }
  }
})
