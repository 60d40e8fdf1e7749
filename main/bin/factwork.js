#!/usr/bin/env node
// The factwork command, without Electron. It runs the build of main/cli.ts (out/main/cli.js, made
// by `npm run build`) when that is newer than every source file it is built from, and otherwise
// compiles the TypeScript sources on the fly, which takes a second longer to start.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const built = join(root, 'out', 'main', 'cli.js')

/** The newest modification time of the TypeScript files under `dir`, in milliseconds. */
function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function buildIsCurrent() {
  if (!existsSync(built)) return false
  const sources = Math.max(newestSource(join(root, 'main')), newestSource(join(root, 'data')))
  return statSync(built).mtimeMs >= sources
}

let runCli
if (buildIsCurrent()) {
  ;({ runCli } = await import(pathToFileURL(built).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../cli.ts'))
}
process.exitCode = await runCli(process.argv.slice(2))
