import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelOf, METHOD_NAMES } from '../../data/api'

// The Electron binary cannot run here, so `electron` is replaced by stand-ins that record what the
// desktop app's entry point (main/main.ts) asks of it. Everything behind them is real: the store in
// a temp folder, the sample import, IPC validation.

const ROOT = resolve(__dirname, '..', '..')

interface Recorded {
  userData: string
  lock: boolean
  sandboxed: boolean
  quit: boolean
  schemes: { scheme: string; privileges: Record<string, boolean> }[]
  protocols: string[]
  handlers: Map<string, (event: unknown, args: unknown) => Promise<unknown>>
  menu: { label?: string }[] | null
  windowOptions: { webPreferences: Record<string, unknown> } | null
  loaded: string | null
  appEvents: string[]
  permissionsDenied: boolean
  ready: Promise<void>
  markLoaded: () => void
}

const recorded = {} as Recorded

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: () => undefined }
    constructor(options: Recorded['windowOptions']) {
      recorded.windowOptions = options
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false
    }
    async loadURL(url: string) {
      recorded.loaded = url
      recorded.markLoaded()
    }
  }
  return {
    app: {
      enableSandbox: () => (recorded.sandboxed = true),
      requestSingleInstanceLock: () => recorded.lock,
      quit: () => (recorded.quit = true),
      on: (event: string) => recorded.appEvents.push(event),
      whenReady: () => Promise.resolve(),
      getAppPath: () => ROOT,
      getPath: () => recorded.userData,
      getVersion: () => '0.1.0'
    },
    BrowserWindow,
    dialog: { showErrorBox: (title: string, text: string) => console.error(title, text) },
    ipcMain: { handle: (channel: string, handler: Recorded['handlers'] extends Map<string, infer H> ? H : never) => recorded.handlers.set(channel, handler) },
    Menu: { buildFromTemplate: (t: { label?: string }[]) => t, setApplicationMenu: (m: { label?: string }[]) => (recorded.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (s: Recorded['schemes']) => (recorded.schemes = s),
      handle: (scheme: string) => recorded.protocols.push(scheme)
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (recorded.permissionsDenied = true),
        setPermissionCheckHandler: () => undefined
      },
      fromPartition: () => ({ setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined })
    }
  }
})

describe('the desktop app’s entry point', () => {
  const savedHome = process.env.FACTWORK_HOME

  beforeEach(async () => {
    vi.resetModules()
    delete process.env.FACTWORK_HOME
    let markLoaded = () => {}
    Object.assign(recorded, {
      userData: await mkdtemp(join(tmpdir(), 'factwork-userdata-')),
      lock: true,
      sandboxed: false,
      quit: false,
      schemes: [],
      protocols: [],
      handlers: new Map(),
      menu: null,
      windowOptions: null,
      loaded: null,
      appEvents: [],
      permissionsDenied: false,
      ready: new Promise<void>((r) => (markLoaded = r))
    })
    recorded.markLoaded = markLoaded
  })

  afterEach(async () => {
    if (savedHome === undefined) delete process.env.FACTWORK_HOME
    else process.env.FACTWORK_HOME = savedHome
    await rm(recorded.userData, { recursive: true, force: true })
  })

  it('opens one secure window on app://, with the store in userData, IPC, the menu and the example', async () => {
    await import('../../main/main')
    await recorded.ready

    expect(recorded.sandboxed).toBe(true)
    expect(recorded.schemes.map((s) => s.scheme)).toEqual(['app'])
    expect(recorded.protocols).toEqual(['app'])
    expect(recorded.permissionsDenied).toBe(true)
    expect(recorded.appEvents).toEqual(expect.arrayContaining(['web-contents-created', 'second-instance', 'window-all-closed']))
    expect(recorded.loaded).toBe('app://factwork/index.html')
    expect(recorded.windowOptions!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(ROOT, 'out', 'preload', 'preload.cjs')
    })
    expect(recorded.menu!.map((m) => m.label)).toEqual(process.platform === 'darwin' ? ['Factwork', 'File', 'Edit', 'View', 'Help'] : ['File', 'Edit', 'View', 'Help'])
    expect([...recorded.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort())

    expect(await readdir(join(recorded.userData, 'projects'))).toHaveLength(1)
    const listing = (await recorded.handlers.get(channelOf('listProjects'))!({ senderFrame: { url: 'app://factwork/index.html', parent: null } }, {})) as {
      ok: boolean
      value: { projects: { title: string }[] }
    }
    expect(listing.value.projects.map((p) => p.title)).toEqual(['Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?'])
  })

  it('quits at once when another instance already runs', async () => {
    recorded.lock = false
    await import('../../main/main')
    await new Promise((r) => setTimeout(r, 50))
    expect(recorded.quit).toBe(true)
    expect(recorded.windowOptions).toBeNull()
    expect(recorded.handlers.size).toBe(0)
  })
})
