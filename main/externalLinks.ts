import type { Shell } from 'electron'
import { fail, ok, type Result } from '../data/result'

// Whitespace, control characters, invisible formatting characters (such as right-to-left
// overrides) and backslashes: a browser's address parser forgives or rewrites them, so they let an
// address read differently from where it leads.
const DISGUISING = /[\s\p{Cc}\p{Cf}\\]/u

/** The address to hand to the system browser for a link the person clicked, or why it is
 *  refused. Only plain `http://` and `https://` addresses qualify: written without spaces, control
 *  or invisible characters or backslashes, with a host, and without a user name or password, which
 *  can disguise the real site (`https://bank.example@evil.example` leads to evil.example). The
 *  address returned is the parsed, normalised one. */
export function browserAddress(url: string): Result<string> {
  const shown = JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url)
  if (DISGUISING.test(url)) return fail('forbidden', `Factwork opens only plain web addresses, and ${shown} contains spaces, hidden characters or backslashes.`)
  if (!/^https?:\/\//i.test(url)) return fail('forbidden', `Factwork opens only http and https links, not ${shown}.`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return fail('forbidden', `${shown} is not a web address Factwork can open.`)
  }
  if (parsed.username || parsed.password) return fail('forbidden', `Factwork does not open ${shown}: a user name or password in a link can hide the real site.`)
  return ok(parsed.href)
}

/** Open a link in the system browser, the only use Factwork makes of `shell.openExternal`. The
 *  address is checked again with `browserAddress`; callers check it first and tell the person, so
 *  an address refused here is a bug and throws. */
export async function openInBrowser(shell: Pick<Shell, 'openExternal'>, url: string): Promise<void> {
  const address = browserAddress(url)
  if (!address.ok) throw new Error(address.message)
  await shell.openExternal(address.value)
}
