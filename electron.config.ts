import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

/** Three builds: the main process (ESM; with it the command line, so that `factwork` starts
 *  without compiling TypeScript, and the worker that reads web pages), the preload (one CommonJS file, as a sandboxed preload must be)
 *  and the renderer (React + ProseMirror). */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(__dirname, 'main/main.ts'), cli: resolve(__dirname, 'main/cli.ts'), pageWorker: resolve(__dirname, 'main/import/pageWorker.ts') }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') }
    }
  }
})
