// The desktop app's entry point: one window on the app:// protocol, the store, IPC and the menu.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import { readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { EVENT_CHANNEL, type HostEvent } from '../data/api'
import { ok } from '../data/result'
import { registerIpc } from './ipc'
import { printHtmlToPdf } from './printer'
import { menuTemplate } from './menu'
import { openInBrowser } from './externalLinks'
import { dataDirectory } from './paths'
import { ProjectStore } from './projectStore'
import { APP_SCHEME, APP_URL, appProtocolHandler, appScheme } from './protocol'
import { seedSamples } from './samples'
import { createMainWindow, denyPermissions, hardenContents } from './window'
import { createWorkbench, type HostDialogs } from './workbench'

protocol.registerSchemesAsPrivileged([appScheme])
app.enableSandbox()

let mainWindow: BrowserWindow | null = null

function send(event: HostEvent): void {
  mainWindow?.webContents.send(EVENT_CHANNEL, event)
}

const dialogs: HostDialogs = {
  async chooseFiles() {
    const options = {
      title: 'Import articles',
      properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      filters: [
        { name: 'Articles', extensions: ['html', 'htm', 'xhtml', 'docx', 'pdf', 'md', 'markdown', 'txt', 'text'] },
        { name: 'All files', extensions: ['*'] }
      ]
    }
    const chosen = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
    if (chosen.canceled) return []
    return Promise.all(chosen.filePaths.map(async (path) => ({ fileName: basename(path), bytes: new Uint8Array(await readFile(path)) })))
  },
  async saveFile(file) {
    const extension = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]
    const options = { title: 'Export', defaultPath: file.fileName, filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [] }
    const chosen = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options)
    if (chosen.canceled || !chosen.filePath) return null
    await writeFile(chosen.filePath, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content)
    return chosen.filePath
  },
  async openExternal(url) {
    // Reached only through openLink, after the person's Ctrl+click; the address is checked again.
    await openInBrowser(shell, url)
  }
}

async function start(): Promise<void> {
  const root = app.getAppPath()
  const home = dataDirectory(process.env, app.getPath('userData'))
  // The store's own lock keeps out a browser host or CLI import on the same folder.
  const opened = await ProjectStore.openExclusive(home, 'the Factwork desktop app')
  if (!opened.ok) {
    dialog.showErrorBox('Factwork cannot open its data folder', opened.message)
    app.quit()
    return
  }
  const store = opened.value
  let closed = false
  app.on('will-quit', (event) => {
    // Fold the journals into the project files and release the lock before the process ends.
    if (closed) return
    closed = true
    event.preventDefault()
    void store.close().finally(() => app.quit())
  })
  const workbench = createWorkbench({
    store,
    host: 'electron',
    version: app.getVersion(),
    dialogs,
    tell: send,
    printPdf: async (html) => ok(await printHtmlToPdf(html, (options) => new BrowserWindow(options)))
  })
  try {
    await seedSamples(home, root, (name, bytes) => workbench.importFile(name, bytes))
  } catch (error) {
    dialog.showErrorBox('Factwork', `The example article could not be added: ${(error as Error).message}`)
  }

  denyPermissions(session.defaultSession)
  denyPermissions(session.fromPartition('factwork-print'))
  protocol.handle(APP_SCHEME, appProtocolHandler(join(root, 'out', 'renderer')))
  registerIpc(ipcMain, workbench)

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          importFiles: () => send({ type: 'command', command: 'import' }),
          exportProject: () => send({ type: 'command', command: 'export' }),
          undo: () => send({ type: 'command', command: 'undo' }),
          redo: () => send({ type: 'command', command: 'redo' }),
          about: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'About Factwork',
              message: `Factwork ${app.getVersion()}`,
              detail: `An offline workbench for fact-checkers.\nData folder: ${home}`
            })
        },
        process.platform
      )
    )
  )

  mainWindow = createMainWindow(BrowserWindow, join(root, 'out', 'preload', 'preload.cjs'))
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  await mainWindow.loadURL(APP_URL)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.on('session-created', (created) => denyPermissions(created))
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('window-all-closed', () => app.quit())
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Factwork could not start', error instanceof Error ? error.message : String(error))
    app.quit()
  })
}
