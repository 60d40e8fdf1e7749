import { EventEmitter } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { channelOf, METHOD_NAMES, type WorkbenchApi } from '../../data/api'
import { ok } from '../../data/result'
import { isTrustedSender, registerIpc } from '../../main/ipc'
import { menuTemplate, type MenuActions } from '../../main/menu'
import { appProtocolHandler, APP_URL } from '../../main/protocol'
import { denyPermissions, hardenContents, mainWindowOptions } from '../../main/window'

// The Electron binary cannot run in tests: these modules take Electron's objects as parameters,
// and the tests pass stand-ins with the same shape.

describe('the main window', () => {
  it('is sandboxed, context-isolated and without Node', () => {
    const prefs = mainWindowOptions('/app/out/preload/preload.cjs').webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/preload.cjs'
    })
  })

  it('denies navigation, redirects, webviews and new windows', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void }
    let openHandler: ((d: { url: string }) => { action: string }) | null = null
    contents.setWindowOpenHandler = (h) => (openHandler = h)
    hardenContents(contents as never)
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false
      contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://evil.example/')
      expect(prevented, event).toBe(true)
    }
    expect(openHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' })
  })

  it('refuses every permission request', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null
    let check: (() => boolean) | null = null
    denyPermissions({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never)
    let granted: boolean | null = null
    request!(null, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    expect(check!()).toBe(false)
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

  it('refuses a foreign frame URL and a subframe, without calling the API', async () => {
    const { handlers, calls } = setup()
    const handler = handlers.get(channelOf('listProjects'))!
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///tmp/evil.html', parent: null },
      { url: APP_URL, parent: { url: APP_URL } },
      null
    ]) {
      expect(await handler({ senderFrame }, {})).toMatchObject({ ok: false, code: 'forbidden' })
    }
    expect(calls).toEqual([])
  })

  it('validates arguments before the API sees them', async () => {
    const { handlers, calls } = setup()
    const result = await handlers.get(channelOf('getProject'))!({ senderFrame: { url: APP_URL, parent: null } }, { id: ['x'] })
    expect(result).toMatchObject({ ok: false, code: 'invalid-args' })
    expect(calls).toEqual([])
  })

  it('trusts only app://factwork top-level frames', () => {
    expect(isTrustedSender({ url: 'app://factwork/index.html', parent: null })).toBe(true)
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null })).toBe(false)
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
})

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP, and nothing outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'factwork-app-'))
    try {
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>')
      const handle = appProtocolHandler(dir)
      const page = await handle(new Request(APP_URL))
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(await page.text()).toContain('<title>x</title>')
      expect((await handle(new Request('app://factwork/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404)
      expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
