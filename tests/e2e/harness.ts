import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const ROOT = resolve(__dirname, '..', '..')
export const CLI = join(ROOT, 'main', 'bin', 'factwork.js')

/** Debian's Chromium, started as the machine allows: headless, no sandbox (root), no background
 *  network. Playwright gives each launch a fresh, temporary profile (--user-data-dir). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  return {
    browser,
    close: () => browser.close()
  }
}

export interface Host {
  readonly url: string
  readonly origin: string
  readonly home: string
  readonly stderr: () => string
  stop(): Promise<void>
}

/** Start `factwork serve --no-open` on a free port over `home` (a fresh temp folder by default)
 *  and wait for the address it prints on its first line. */
export async function startHost(home?: string): Promise<Host> {
  const dir = home ?? (await mkdtemp(join(tmpdir(), 'factwork-home-')))
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--no-open', '--port', '0'], {
    env: { ...process.env, FACTWORK_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`factwork serve printed no address in time: ${err}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        clearTimeout(timer)
        resolveUrl(line.trim())
      }
    })
    child.once('exit', (code) => reject(new Error(`factwork serve exited with ${code}: ${err}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    home: dir,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
    }
  }
}

/** Select the first occurrence of `text` inside the article, as a person dragging the mouse. While
 *  `editing`, the cursor is put in the editable article first and stays there. */
export async function selectInArticle(page: Page, text: string, { editing = false } = {}): Promise<void> {
  if (editing) await page.locator('.fw-article').focus()
  const found = await page.evaluate(({ needle, editing }) => {
    const root = document.querySelector('.fw-article')
    if (!root) return false
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    // Text may be split across highlight elements: collect nodes and search their concatenation.
    const nodes: Text[] = []
    let all = ''
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n as Text)
      all += (n as Text).data
    }
    const at = all.indexOf(needle)
    if (at < 0) return false
    const locate = (offset: number, end: boolean): [Text, number] => {
      let seen = 0
      for (const node of nodes) {
        const len = node.data.length
        if (offset < seen + len || (end && offset === seen + len)) return [node, offset - seen]
        seen += len
      }
      const last = nodes[nodes.length - 1]!
      return [last, last.data.length]
    }
    const [sn, so] = locate(at, false)
    const [en, eo] = locate(at + needle.length, true)
    const range = document.createRange()
    range.setStart(sn, so)
    range.setEnd(en, eo)
    // As after a mouse selection, the focus leaves whatever field had it.
    if (!editing) (document.activeElement as HTMLElement | null)?.blur()
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
    return true
  }, { needle: text, editing })
  if (!found) throw new Error(`"${text}" is not in the article`)
  // Let the editor read the new selection.
  if (editing) await page.waitForTimeout(50)
}

/** A browser host with a page open on it. */
export interface OpenApp {
  readonly host: Host
  readonly page: Page
  /** Script errors and console errors the page reported. */
  readonly errors: string[]
  close(): Promise<void>
}

/** Start a browser host over a fresh store (or the data folder `home`) and open its address in
 *  Chromium. */
export async function openApp(viewport: { width: number; height: number }, home?: string): Promise<OpenApp> {
  const host = await startHost(home)
  const browser = await launchChromium()
  const page = await browser.browser.newPage({ viewport })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(host.url)
  return {
    host,
    page,
    errors,
    close: async () => {
      await browser.close()
      await host.stop()
    }
  }
}

/** Describe every visible control on the page that has no accessible name: no label, no
 *  aria-label or aria-labelledby, no text, no title. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="button"]')]
    return controls
      .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length
        const text = (el.textContent ?? '').trim()
        return !labelled && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !text && !el.title
      })
      .map((el) => el.outerHTML.slice(0, 120))
  })
}
