import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where Chrome, Chromium or Edge usually live, in the order they are tried after
 *  `$CHROMIUM_PATH`. */
const CANDIDATES: Record<string, readonly string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'
  ]
}

/** The Chromium-family browser installed here, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string | null {
  const fromEnv = env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return (CANDIDATES[platform] ?? []).find((path) => existsSync(path)) ?? null
}

/** How long a print may take before it is abandoned. */
const PRINT_TIMEOUT_MS = 120_000

/** Print an exported HTML page to PDF with an installed Chromium-family browser, headless, with no
 *  network and a throw-away profile. The page's own CSP forbids every script and remote load
 *  (turning scripts off in the browser would also stop its printer). Used where Electron's own printer is not at
 *  hand (the browser host and the command line). Resolves with the PDF's bytes, or a sentence
 *  saying why there is none. */
export async function printWithChromium(html: string, browser: string): Promise<{ ok: true; pdf: Uint8Array } | { ok: false; problem: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'factwork-print-'))
  try {
    const page = join(dir, 'export.html')
    const out = join(dir, 'export.pdf')
    await writeFile(page, html)
    const args = [
      '--headless',
      // Chromium's sandbox cannot run as root (containers, CI); elsewhere it stays on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      `file://${page}`
    ]
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(browser, args, { stdio: 'ignore' })
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve('timeout')
      }, PRINT_TIMEOUT_MS)
      child.on('error', (error) => {
        clearTimeout(timer)
        resolve(error.message)
      })
      child.on('exit', (exitCode) => {
        clearTimeout(timer)
        resolve(exitCode ?? -1)
      })
    })
    if (code === 'timeout') return { ok: false, problem: `${browser} took longer than ${PRINT_TIMEOUT_MS / 1000} seconds to print the page` }
    if (typeof code === 'string') return { ok: false, problem: `${browser} could not be started (${code})` }
    try {
      const pdf = await readFile(out)
      if (pdf.byteLength > 0) return { ok: true, pdf: new Uint8Array(pdf) }
    } catch {
      // No file: reported below.
    }
    return { ok: false, problem: `${browser} printed nothing (exit code ${code})` }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
