import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const ROOT = resolve(__dirname, '..', '..')
export const CLI = join(ROOT, 'main', 'bin', 'factwork.js')
export const FIXTURES = join(ROOT, 'tests', 'fixtures')

/** What a shell sees of a command: its exit code and both streams. */
export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Run the real `factwork` command over the data folder `home`. Never throws: a failing command
 *  is a result like any other. */
export async function factwork(home: string, ...args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, FACTWORK_HOME: home }, maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
