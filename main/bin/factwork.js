#!/usr/bin/env node
// The factwork command: runs the TypeScript sources of main/ directly, without Electron.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../cli.ts')
process.exitCode = await runCli(process.argv.slice(2))
