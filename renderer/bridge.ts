import { METHOD_NAMES, type Bridge } from '../data/api'
import type { Result } from '../data/result'

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser host. */
    factwork?: Bridge
  }
}

const TOKEN_KEY = 'factwork.token'

/** The browser host's transport: `POST /api/<method>` with the session token. */
function httpBridge(token: string): Bridge {
  const call =
    (method: string) =>
    async (args: unknown): Promise<Result<unknown>> => {
      let response: Response
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(args ?? {})
        })
      } catch {
        return { ok: false, code: 'io', message: 'Factwork’s local server cannot be reached. Is “factwork serve” still running?' }
      }
      try {
        return (await response.json()) as Result<unknown>
      } catch {
        return { ok: false, code: 'io', message: `Factwork’s local server answered ${response.status} without a result.` }
      }
    }
  const methods = Object.fromEntries(METHOD_NAMES.map((m) => [m, call(m)]))
  return { ...methods, onEvent: () => () => undefined } as unknown as Bridge
}

/** The bridge to the main process: the preload's in the desktop app, HTTP in the browser host. */
export function connect(): Bridge {
  if (window.factwork) return window.factwork
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl)
  return httpBridge(fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '')
}
