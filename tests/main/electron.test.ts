import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { channelOf, EVENT_CHANNEL, METHOD_NAMES, type WorkbenchApi } from '../../data/api'
import { ok } from '../../data/result'
import { isTrustedSender, registerIpc } from '../../main/ipc'
import { menuTemplate, type MenuActions } from '../../main/menu'
import { RENDERER_CSP } from '../../main/csp'
import { appProtocolHandler, appScheme, APP_URL } from '../../main/protocol'
import { createMainWindow, denyPermissions, hardenContents } from '../../main/window'

// The Electron binary cannot run in tests: these modules take Electron's objects as parameters,
// and the tests pass stand-ins with the same shape. The preload imports `electron` itself, so that
// module is replaced by a stand-in recording what the preload asks of contextBridge and ipcRenderer.

const preload = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  listeners: new Map<string, ((event: unknown, message: unknown) => void)[]>()
}))

vi.mock('electron', () => {
  const ipcRenderer = {
    invoke: async (channel: string, args: unknown) => {
      preload.invoked.push([channel, args])
      return { ok: true, value: null }
    },
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      preload.listeners.set(channel, [...(preload.listeners.get(channel) ?? []), listener])
      return ipcRenderer
    },
    removeListener: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      preload.listeners.set(channel, (preload.listeners.get(channel) ?? []).filter((l) => l !== listener))
      return ipcRenderer
    },
    send: () => undefined,
    sendSync: () => undefined
  }
  return { ipcRenderer, contextBridge: { exposeInMainWorld: (key: string, api: unknown) => preload.exposed.set(key, api) } }
})

/** What `createMainWindow` passed to the window constructor. */
function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  class Recorder {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createMainWindow(Recorder, preload).options
}

describe('the main window', () => {
  it('is sandboxed, context-isolated, without Node and with web security on', () => {
    const prefs = mainWindowOptions('/app/out/preload/preload.cjs').webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      preload: '/app/out/preload/preload.cjs'
    })
  })

  it('allows no insecure content, no experimental or Blink features, no webviews and no middle-click windows', () => {
    const prefs = mainWindowOptions('/app/out/preload/preload.cjs').webPreferences!
    expect(prefs).toMatchObject({
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick'
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
    expect(prefs).not.toHaveProperty('partition')
  })

  it('starts hidden and shows nothing until its page is ready', () => {
    expect(mainWindowOptions('/p.cjs')).toMatchObject({ show: false, title: 'Factwork' })
  })

  it('denies navigation, redirects, webviews and new windows, to any address', () => {
    for (const url of ['https://evil.example/', 'http://example.org/', 'file:///etc/passwd', 'app://factwork/index.html', 'javascript:alert(1)']) {
      const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void }
      let openHandler: ((d: { url: string }) => { action: string }) | null = null
      contents.setWindowOpenHandler = (h) => (openHandler = h)
      hardenContents(contents as never)
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
        let prevented = false
        contents.emit(event, { url, preventDefault: () => (prevented = true) }, url)
        expect(prevented, `${event} ${url}`).toBe(true)
      }
      expect(openHandler!({ url })).toEqual({ action: 'deny' })
    }
  })

  it('refuses every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null
    let check: ((c: unknown, p: string) => boolean) | null = null
    denyPermissions({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
      let granted: boolean | null = null
      request!(null, permission, (g) => (granted = g))
      expect(granted, permission).toBe(false)
      expect(check!(null, permission), permission).toBe(false)
    }
  })
})

describe('IPC', () => {
  function setup() {
    const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>()
    const calls: unknown[] = []
    const api = Object.fromEntries(
      METHOD_NAMES.map((m) => [
        m,
        async (args: unknown) => {
          calls.push([m, args])
          return ok({ projects: [], problems: [] })
        }
      ])
    ) as unknown as WorkbenchApi
    registerIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, api, undefined, () => undefined)
    return { handlers, calls }
  }

  it('registers one handler per API method', () => {
    const { handlers } = setup()
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort())
  })

  it('answers the app’s own page', async () => {
    const { handlers, calls } = setup()
    const result = await handlers.get(channelOf('listProjects'))!({ senderFrame: { url: APP_URL, parent: null } }, {})
    expect(result).toMatchObject({ ok: true })
    expect(calls).toHaveLength(1)
  })

  it('refuses a foreign frame URL and a subframe on every channel, without calling the API', async () => {
    const { handlers, calls } = setup()
    const foreign = [
      { url: 'https://evil.example/', parent: null },
      { url: 'http://127.0.0.1:5173/index.html', parent: null },
      { url: 'file:///tmp/evil.html', parent: null },
      { url: 'data:text/html,<script>1</script>', parent: null },
      { url: 'about:blank', parent: null },
      { url: 'devtools://devtools/bundled/inspector.html', parent: null },
      { url: 'chrome-error://chromewebdata/', parent: null },
      { url: 'app://factwork.evil.example/index.html', parent: null },
      { url: 'app://evil.example/factwork/index.html', parent: null },
      { url: 'app://factwork@evil.example/index.html', parent: null },
      { url: 'https://factwork/index.html', parent: null },
      { url: '', parent: null },
      { url: APP_URL, parent: { url: APP_URL } },
      { url: APP_URL, parent: { url: 'https://evil.example/' } },
      null,
      undefined
    ]
    for (const method of METHOD_NAMES) {
      for (const senderFrame of foreign) {
        expect(await handlers.get(channelOf(method))!({ senderFrame }, {}), `${method} from ${senderFrame?.url}`).toMatchObject({ ok: false, code: 'forbidden' })
      }
    }
    expect(calls).toEqual([])
  })

  it('logs each refused message with the frame it came from', async () => {
    const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>()
    const logged: string[] = []
    registerIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, {} as WorkbenchApi, undefined, (m) => logged.push(m))
    await handlers.get(channelOf('deleteProject'))!({ senderFrame: { url: 'https://evil.example/', parent: null } }, { id: 'x' })
    expect(logged).toEqual(['factwork: refused deleteProject from https://evil.example/'])
  })

  it('validates arguments before the API sees them', async () => {
    const { handlers, calls } = setup()
    const result = await handlers.get(channelOf('getProject'))!({ senderFrame: { url: APP_URL, parent: null } }, { id: ['x'] })
    expect(result).toMatchObject({ ok: false, code: 'invalid-args' })
    expect(calls).toEqual([])
  })

  it('trusts only app://factwork top-level frames, whatever page of the app they show', () => {
    expect(isTrustedSender({ url: 'app://factwork/index.html', parent: null })).toBe(true)
    expect(isTrustedSender({ url: 'app://factwork/index.html?project=1#top', parent: null })).toBe(true)
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null })).toBe(false)
    expect(isTrustedSender({ url: 'app://factwork:8080/index.html', parent: null })).toBe(false)
  })
})

describe('the preload', () => {
  async function bridge(): Promise<Record<string, (...args: unknown[]) => unknown>> {
    await import('../../main/preload')
    return preload.exposed.get('factwork') as Record<string, (...args: unknown[]) => unknown>
  }

  it('exposes window.factwork alone, with one function per API method and onEvent', async () => {
    const exposed = await bridge()
    expect([...preload.exposed.keys()]).toEqual(['factwork'])
    expect(Object.keys(exposed).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort())
    for (const [name, value] of Object.entries(exposed)) expect(typeof value, name).toBe('function')
  })

  it('exposes nothing of Electron: no ipcRenderer, and no way to name a channel', async () => {
    const exposed = await bridge()
    const { ipcRenderer } = (await import('electron')) as unknown as { ipcRenderer: Record<string, unknown> }
    for (const value of Object.values(exposed)) expect(Object.values(ipcRenderer)).not.toContain(value)
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'postMessage', 'require', 'process']) expect(exposed).not.toHaveProperty(name)
    preload.invoked.length = 0
    await exposed.getProject!({ id: 'p1' }, 'factwork:deleteProject', { id: 'p1' })
    await exposed.listProjects!()
    expect(preload.invoked).toEqual([
      [channelOf('getProject'), { id: 'p1' }],
      [channelOf('listProjects'), {}]
    ])
  })

  it('hands the page each host event without the IPC event, which carries the sender', async () => {
    const exposed = await bridge()
    const received: unknown[][] = []
    const stop = exposed.onEvent!((...args: unknown[]) => received.push(args)) as () => void
    const listeners = preload.listeners.get(EVENT_CHANNEL)!
    expect([...preload.listeners.keys()]).toEqual([EVENT_CHANNEL])
    for (const listener of listeners) listener({ sender: { send: () => undefined }, senderFrame: {} }, { type: 'command', command: 'undo' })
    expect(received).toEqual([[{ type: 'command', command: 'undo' }]])
    stop()
    expect(preload.listeners.get(EVENT_CHANNEL)).toHaveLength(listeners.length - 1)
  })
})

describe('the application menu', () => {
  const actions = (): MenuActions & { called: string[] } => {
    const called: string[] = []
    return {
      called,
      importFiles: () => called.push('import'),
      exportProject: () => called.push('export'),
      undo: () => called.push('undo'),
      redo: () => called.push('redo'),
      about: () => called.push('about')
    }
  }

  it('has File, Edit, View and Help with the expected items', () => {
    const template = menuTemplate(actions(), 'linux')
    expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help'])
    const labels = (i: number) => (template[i]!.submenu as { label?: string }[]).map((x) => x.label).filter(Boolean)
    expect(labels(0)).toEqual(expect.arrayContaining(['Import…', 'Export…', 'Close window']))
    expect(labels(1)).toEqual(['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Select all'])
    expect(labels(3)).toEqual(['About Factwork'])
  })

  it('sends Import…, Undo and About to their actions', () => {
    const a = actions()
    const template = menuTemplate(a, 'linux')
    const item = (menu: number, label: string) => (template[menu]!.submenu as { label?: string; click?: () => void }[]).find((x) => x.label === label)!
    item(0, 'Import…').click!()
    item(1, 'Undo').click!()
    item(3, 'About Factwork').click!()
    expect(a.called).toEqual(['import', 'undo', 'about'])
  })

  it('adds the app menu on macOS', () => {
    expect(menuTemplate(actions(), 'darwin')[0]!.role).toBe('appMenu')
  })

  it('offers no developer tools and no reload of the page, on any platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const roles = menuTemplate(actions(), platform).flatMap((menu) => [menu.role, ...((menu.submenu as { role?: string }[] | undefined) ?? []).map((item) => item.role)])
      for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu']) expect(roles, platform).not.toContain(role)
    }
  })
})

describe('the app:// protocol', () => {
  async function withRenderer(test: (handle: (request: Request) => Promise<Response>, dir: string) => Promise<void>): Promise<void> {
    const site = await mkdtemp(join(tmpdir(), 'factwork-app-'))
    try {
      const dir = join(site, 'renderer')
      await mkdir(dir)
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>')
      await writeFile(join(site, 'secret.txt'), 'not for the page')
      await test(appProtocolHandler(dir), dir)
    } finally {
      await rm(site, { recursive: true, force: true })
    }
  }

  it('is a standard, secure scheme with no privilege beyond fetch and the code cache', () => {
    expect(appScheme).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } })
    expect(APP_URL).toBe('app://factwork/index.html')
  })

  it('serves the built renderer with the CSP and the other security headers', async () => {
    await withRenderer(async (handle) => {
      const page = await handle(new Request(APP_URL))
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP)
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await page.text()).toContain('<title>x</title>')
    })
  })

  it('serves nothing outside the renderer folder, nothing for another host, and only GET', async () => {
    await withRenderer(async (handle) => {
      for (const url of ['app://factwork/%2e%2e/secret.txt', 'app://factwork/..%2fsecret.txt', 'app://factwork/%2e%2e%5csecret.txt', 'app://factwork/%2e%2e/%2e%2e/etc/passwd']) {
        const reply = await handle(new Request(url))
        expect(reply.status, url).toBe(404)
        expect(await reply.text(), url).not.toContain('not for the page')
      }
      expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404)
      expect((await handle(new Request('app://factwork.evil.example/index.html'))).status).toBe(404)
      expect((await handle(new Request(APP_URL, { method: 'POST', body: 'x' }))).status).toBe(404)
      expect((await handle(new Request(APP_URL, { method: 'HEAD' }))).status).toBe(404)
    })
  })
})
