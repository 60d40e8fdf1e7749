import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { channelOf } from '../../data/api'
import { RENDERER_CSP } from '../../main/csp'
import { browserAddress, openInBrowser } from '../../main/externalLinks'
import { PRINT_WINDOW_OPTIONS } from '../../main/printer'
import { APP_URL } from '../../main/protocol'
import { readStatic } from '../../main/staticFiles'

// Items of Electron's security checklist (docs/security.md) that are proved on the code as a whole:
// the links handed to the system browser, the Content Security Policy, the desktop entry point's
// wiring, the print window, what no main-process file may do, and the Electron version.
// The entry point runs against a stand-in `electron` module, since the binary cannot run here.

const ROOT = resolve(__dirname, '..', '..')

interface FakeSession {
  request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null
  check: ((contents: unknown, permission: string) => boolean) | null
  setPermissionRequestHandler(handler: FakeSession['request']): void
  setPermissionCheckHandler(handler: FakeSession['check']): void
}

const electron = vi.hoisted(() => {
  const fakeSession = (): FakeSession => ({
    request: null,
    check: null,
    setPermissionRequestHandler(handler) {
      this.request = handler
    },
    setPermissionCheckHandler(handler) {
      this.check = handler
    }
  })
  let markLoaded = () => {}
  return {
    fakeSession,
    steps: [] as string[],
    appHandlers: new Map<string, (...args: unknown[]) => void>(),
    ipc: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
    defaultSession: fakeSession(),
    partitions: new Map<string, FakeSession>(),
    opened: [] as string[],
    loaded: null as string | null,
    windowOptions: [] as { webPreferences?: Record<string, unknown> }[],
    userData: '',
    ready: new Promise<void>((resolve) => (markLoaded = resolve)),
    markLoaded: () => markLoaded()
  }
})

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: () => undefined }
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      electron.windowOptions.push(options)
    }
    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      electron.loaded = url
      electron.markLoaded()
    }
  }
  return {
    app: {
      enableSandbox: () => electron.steps.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      on: (event: string, handler: (...args: unknown[]) => void) => electron.appHandlers.set(event, handler),
      whenReady: () => {
        electron.steps.push('whenReady')
        return Promise.resolve()
      },
      getAppPath: () => ROOT,
      getPath: () => electron.userData,
      getVersion: () => '0.1.0'
    },
    BrowserWindow,
    dialog: { showErrorBox: (title: string, text: string) => console.error(title, text) },
    ipcMain: { handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => electron.ipc.set(channel, handler) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
    protocol: {
      registerSchemesAsPrivileged: () => electron.steps.push('registerSchemesAsPrivileged'),
      handle: (scheme: string) => electron.steps.push(`protocol.handle ${scheme}`)
    },
    session: {
      defaultSession: electron.defaultSession,
      fromPartition: (name: string) => {
        if (!electron.partitions.has(name)) electron.partitions.set(name, electron.fakeSession())
        return electron.partitions.get(name)
      }
    },
    shell: {
      openExternal: async (url: string) => {
        electron.opened.push(url)
      }
    }
  }
})

/** Every file of the main process, with its text. */
async function mainSources(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(join(ROOT, 'main'), { recursive: true, withFileTypes: true })
  const files = entries.filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name)).map((e) => relative(ROOT, join(e.parentPath, e.name)))
  return Promise.all(files.sort().map(async (file) => ({ file, text: await readFile(join(ROOT, file), 'utf8') })))
}

/** The files of the main process in which `pattern` occurs. */
async function filesMatching(pattern: RegExp): Promise<string[]> {
  return (await mainSources()).filter(({ text }) => pattern.test(text)).map(({ file }) => file)
}

describe('links opened in the system browser', () => {
  it('are plain http and https addresses, handed on normalised', () => {
    expect(browserAddress('https://example.org/report?id=1#p2')).toEqual({ ok: true, value: 'https://example.org/report?id=1#p2' })
    expect(browserAddress('http://example.org')).toEqual({ ok: true, value: 'http://example.org/' })
    expect(browserAddress('HTTPS://Example.ORG/a/../b')).toEqual({ ok: true, value: 'https://example.org/b' })
    expect(browserAddress('https://example.org/a%20b')).toEqual({ ok: true, value: 'https://example.org/a%20b' })
  })

  it('refuse javascript:, file:, smb: and every other scheme', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'file:///etc/passwd',
      'file://server/share/payload.exe',
      'smb://attacker.example/share',
      '\\\\attacker.example\\share',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x',
      'vscode://file/etc/passwd',
      'mailto:someone@example.org',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org/file',
      'app://factwork/index.html',
      'chrome://settings',
      'about:blank',
      '//evil.example/',
      'evil.example',
      'https:evil.example',
      'https:/evil.example',
      ''
    ]) {
      const result = browserAddress(url)
      expect(result.ok, url).toBe(false)
      expect(result, url).toMatchObject({ code: 'forbidden' })
    }
  })

  it('refuse addresses with a user name or password, which can hide the real site', () => {
    for (const url of ['https://user@evil.example/', 'https://bank.example@evil.example/login', 'https://:secret@evil.example/', 'http://a:b@example.org/']) {
      expect(browserAddress(url), url).toMatchObject({ ok: false, code: 'forbidden' })
    }
    expect(browserAddress('https://bank.example@evil.example/login')).toMatchObject({ message: expect.stringContaining('can hide the real site') })
  })

  it('refuse addresses with whitespace, control or invisible characters, or backslashes', () => {
    for (const url of [
      ' https://example.org/',
      'https://example.org/ ',
      '\thttps://example.org/',
      'https://exam ple.org/',
      'https://example.org/\n',
      'java\nscript:alert(1)',
      'https://example.org/\u0000',
      'https://example.org\u00a0/',
      'https://\u202egro.elpmaxe/',
      'https://exam\u200bple.org/',
      'https://example.org/\u2028',
      'https:\\\\evil.example',
      'https://evil.example\\@bank.example/'
    ]) {
      expect(browserAddress(url), JSON.stringify(url)).toMatchObject({ ok: false, code: 'forbidden' })
    }
  })

  it('reach the shell only once checked, and a refused one never reaches it', async () => {
    const opened: string[] = []
    const shell = { openExternal: async (url: string) => void opened.push(url) }
    await openInBrowser(shell, 'HTTPS://Example.org')
    await expect(openInBrowser(shell, 'file:///etc/passwd')).rejects.toThrow('Factwork opens only http and https links')
    await expect(openInBrowser(shell, 'https://bank.example@evil.example/')).rejects.toThrow()
    expect(opened).toEqual(['https://example.org/'])
  })

  it('are opened from one place: the shell is called in main/externalLinks.ts only, never on navigation', async () => {
    expect(await filesMatching(/\bshell\s*\.\s*openExternal\b/)).toEqual(['main/externalLinks.ts'])
    expect(await filesMatching(/\.openExternal\s*\(/)).toEqual(['main/externalLinks.ts', 'main/workbench.ts'])
    const entry = await readFile(join(ROOT, 'main', 'main.ts'), 'utf8')
    expect(entry.match(/\bshell\b/g)).toHaveLength(2) // imported, and passed to openInBrowser
    expect(entry).toContain('openInBrowser(shell, url)')
    // The navigation and new-window handlers cannot open anything: their module has no shell.
    const window = await readFile(join(ROOT, 'main', 'window.ts'), 'utf8')
    expect(window).not.toMatch(/openExternal\s*\(/)
    expect(window.match(/^import .*$/gm)).toEqual(["import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron'"])
  })
})

describe('the Content Security Policy', () => {
  const directives = new Map(RENDERER_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))

  it('allows only the app’s own scripts, styles, images, fonts and connections', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"]
    })
  })

  it('allows no inline or evaluated script and no remote source of any kind', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        expect(["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:', 'filesystem:', 'ws:', 'wss:'], `${name} ${value}`).not.toContain(value)
        expect(value, name).toMatch(/^('self'|'none'|data:)$/)
      }
    }
  })

  it('has no weakness Google’s CSP Evaluator rates high or medium', () => {
    const evaluator = createRequire(import.meta.url)('@doyensec/csp-evaluator') as {
      CspParser: new (text: string) => { csp: unknown }
      CspEvaluator: new (csp: unknown, version: number) => { evaluate(): { severity: number; directive: string; description: string }[] }
      Version: { CSP3: number }
      severities: Record<string, number>
    }
    const findings = new evaluator.CspEvaluator(new evaluator.CspParser(RENDERER_CSP).csp, evaluator.Version.CSP3).evaluate()
    const serious = findings.filter((f) => f.severity <= evaluator.severities.HIGH_MAYBE!)
    expect(serious.map((f) => `${f.directive}: ${f.description}`)).toEqual([])
  })

  it('is repeated in the page’s meta tag, but for frame-ancestors which a meta tag cannot carry', async () => {
    const page = await readFile(join(ROOT, 'renderer', 'index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1]
    expect(meta).toBe(RENDERER_CSP.replace("; frame-ancestors 'none'", ''))
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//)
  })
})

describe('the desktop entry point', () => {
  const savedHome = process.env.FACTWORK_HOME

  beforeAll(async () => {
    delete process.env.FACTWORK_HOME
    electron.userData = await mkdtemp(join(tmpdir(), 'factwork-security-'))
    await import('../../main/main')
    await electron.ready
  })

  afterAll(async () => {
    if (savedHome !== undefined) process.env.FACTWORK_HOME = savedHome
    await rm(electron.userData, { recursive: true, force: true })
  })

  const trusted = { senderFrame: { url: APP_URL, parent: null } }

  it('turns the sandbox on for every page and makes app:// privileged before the app is ready', () => {
    expect(electron.steps.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0)
    expect(electron.steps.indexOf('enableSandbox')).toBeLessThan(electron.steps.indexOf('whenReady'))
    expect(electron.steps.indexOf('registerSchemesAsPrivileged')).toBeLessThan(electron.steps.indexOf('whenReady'))
    expect(electron.steps).toContain('protocol.handle app')
  })

  it('loads its page from app://, never from file:// or the network', () => {
    expect(electron.loaded).toBe(APP_URL)
    expect(electron.windowOptions[0]!.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true })
  })

  it('keeps every web contents it creates from navigating or opening windows', () => {
    const harden = electron.appHandlers.get('web-contents-created')!
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void }
    let openHandler: ((details: { url: string }) => { action: string }) | null = null
    contents.setWindowOpenHandler = (handler) => (openHandler = handler)
    harden({}, contents)
    let prevented = false
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/')
    expect(prevented).toBe(true)
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(electron.opened).toEqual([])
  })

  it('denies permissions in the default session, the print session and every session made later', () => {
    const later = electron.fakeSession()
    electron.appHandlers.get('session-created')!(later)
    for (const [name, session] of [['default', electron.defaultSession], ['factwork-print', electron.partitions.get('factwork-print')], ['later', later]] as const) {
      let granted: boolean | null = null
      session!.request!(null, 'media', (g) => (granted = g))
      expect(granted, name).toBe(false)
      expect(session!.check!(null, 'clipboard-read'), name).toBe(false)
    }
  })

  it('hands the system browser only the plain http(s) links its own page asks for through openLink', async () => {
    const openLink = electron.ipc.get(channelOf('openLink'))!
    electron.opened.length = 0
    expect(await openLink(trusted, { url: 'https://example.org/report' })).toEqual({ ok: true, value: { opened: true } })
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://attacker.example/share', 'https://bank.example@evil.example/', ' https://example.org/', 'https://example.org/\u202e']) {
      expect(await openLink(trusted, { url }), JSON.stringify(url)).toMatchObject({ ok: false })
    }
    expect(await openLink({ senderFrame: { url: 'https://evil.example/', parent: null } }, { url: 'https://example.org/' })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await openLink({ senderFrame: { url: APP_URL, parent: { url: APP_URL } } }, { url: 'https://example.org/' })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(electron.opened).toEqual(['https://example.org/report'])
  })
})

describe('the print window', () => {
  it('is hidden, sandboxed, isolated, without Node or JavaScript, in a session of its own', () => {
    expect(PRINT_WINDOW_OPTIONS.show).toBe(false)
    expect(PRINT_WINDOW_OPTIONS.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      partition: 'factwork-print'
    })
    expect(PRINT_WINDOW_OPTIONS.webPreferences).not.toHaveProperty('preload')
  })
})

describe('the main process code', () => {
  it('never weakens a window, a session or Chromium itself', async () => {
    for (const pattern of [
      /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
      /contextIsolation\s*:\s*false/,
      /sandbox\s*:\s*false/,
      /webSecurity\s*:\s*false/,
      /allowRunningInsecureContent\s*:\s*true/,
      /experimentalFeatures\s*:\s*true/,
      /webviewTag\s*:\s*true/,
      /enableBlinkFeatures/,
      /enableRemoteModule/,
      /commandLine\s*\.\s*(appendSwitch|appendArgument)/,
      /setCertificateVerifyProc|certificate-error/,
      /bypassCSP|allowServiceWorkers|corsEnabled/
    ]) {
      expect(await filesMatching(pattern), String(pattern)).toEqual([])
    }
  })

  it('loads no page from file:// or from the network in an Electron window', async () => {
    expect(await filesMatching(/\.loadFile\s*\(/)).toEqual([])
    expect(await filesMatching(/\.loadURL\s*\(\s*['"`](?!data:text\/html)/)).toEqual([])
    expect(await filesMatching(/\.loadURL\s*\(/)).toEqual(['main/main.ts', 'main/printer.ts'])
  })

  it('registers IPC handlers in main/ipc.ts only, and touches ipcRenderer and contextBridge in the preload only', async () => {
    expect(await filesMatching(/\bipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\s*\(/)).toEqual(['main/ipc.ts'])
    expect(await filesMatching(/\bipcRenderer\b/)).toEqual(['main/preload.ts'])
    expect(await filesMatching(/\bcontextBridge\b/)).toEqual(['main/preload.ts'])
  })
})

describe('the renderer’s files on disk', () => {
  it('are never read outside their folder, however the path is written', async () => {
    const site = await mkdtemp(join(tmpdir(), 'factwork-static-'))
    try {
      await mkdir(join(site, 'renderer'))
      await writeFile(join(site, 'renderer', 'index.html'), '<title>x</title>')
      await writeFile(join(site, 'package.json'), '{"secret":true}')
      await mkdir(join(site, 'renderer-old'))
      await writeFile(join(site, 'renderer-old', 'index.html'), 'old')
      const root = join(site, 'renderer')
      expect((await readStatic(root, '/'))?.body.toString()).toBe('<title>x</title>')
      for (const path of [
        '/../package.json',
        '../package.json',
        '/%2e%2e/package.json',
        '/..%2fpackage.json',
        '/..%5cpackage.json',
        '/..\\package.json',
        '/%2e%2e%5c%2e%2e%5cpackage.json',
        '/../renderer-old/index.html',
        `/${'../'.repeat(12)}etc/passwd`,
        '/index.html%00.png',
        '/%E0%A4%A',
        '/'.concat(site, '/package.json')
      ]) {
        expect(await readStatic(root, path), path).toBeNull()
      }
    } finally {
      await rm(site, { recursive: true, force: true })
    }
  })
})

describe('Electron itself', () => {
  it('is pinned to the exact version installed', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    const installed = (JSON.parse(await readFile(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version
    expect(manifest.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/)
    expect(installed).toBe(manifest.devDependencies.electron)
  })

  it('is one of the three newest major versions, the ones Electron still patches', async () => {
    const installed = (JSON.parse(await readFile(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version
    // electron-to-chromium (installed with the build tools) lists every Electron release it knows.
    const known = Object.keys(createRequire(import.meta.url)('electron-to-chromium/versions') as Record<string, string>)
    const majors = [...new Set(known.map((v) => Number(v.split('.')[0])))].sort((a, b) => b - a)
    expect(majors.slice(0, 3)).toContain(Number(installed.split('.')[0]))
  })
})
