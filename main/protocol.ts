import type { CustomScheme } from 'electron'
import { SECURITY_HEADERS } from './csp'
import { readStatic } from './staticFiles'

/** The app's pages load from `app://factwork/`, never from `file://`. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'factwork'
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Registered before the app is ready: a standard, secure scheme. */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true }
}

/** Whether a URL belongs to the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
  } catch {
    return false
  }
}

/** The handler of `app://`: the built renderer's files with the security headers, nothing else. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!isAppUrl(request.url) || request.method !== 'GET') return new Response('Not found', { status: 404 })
    const file = await readStatic(rendererDir, new URL(request.url).pathname)
    if (!file) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(file.body), { headers: { 'Content-Type': file.type, ...SECURITY_HEADERS } })
  }
}
