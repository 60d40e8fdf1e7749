import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The name Electron gives the app's data folder (`productName` in package.json). */
export const APP_NAME = 'Factwork'

/** Where Electron keeps `userData` for this app on each platform, so that the CLI and the browser
 *  host use the desktop app's store by default. */
export function defaultUserData(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}

/** The data directory: `FACTWORK_HOME` when set, otherwise `fallback` (Electron's userData). */
export function dataDirectory(env: NodeJS.ProcessEnv, fallback: string): string {
  const home = env.FACTWORK_HOME?.trim()
  return home ? resolve(home) : fallback
}

/** The app's root folder (where its package.json is), for the CLI: found by walking up from this
 *  module, which is `main/paths.ts` when run from source and a chunk under `out/main/` when run
 *  from the build. */
export function sourceRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  for (let dir = here; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'factwork') return dir
    } catch {
      // No package.json here, or not ours: go up.
    }
    if (dirname(dir) === dir) return resolve(here, '..')
  }
}
