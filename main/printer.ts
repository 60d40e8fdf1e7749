import type { BrowserWindow, BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron'

/** The part of a `BrowserWindow` the printer uses. */
export type PrintWindow = Pick<BrowserWindow, 'loadURL' | 'destroy'> & {
  readonly webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>
}

/** The window an export is printed in: never shown, no script, no preload, no Node, sandboxed, in
 *  a session of its own that keeps nothing on disk. The exported page loads nothing from outside
 *  itself, and its own CSP says so again. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 1240,
  height: 1754,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    partition: 'factwork-print'
  }
}

/** A4 portrait with the page's own print stylesheet, backgrounds (the highlight colours) kept. */
export const PRINT_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  generateDocumentOutline: true
}

/** Print an exported HTML page to PDF with Chromium (Electron's `printToPDF`), in a hidden window
 *  made by `open` and destroyed afterwards whatever happens. */
export async function printHtmlToPdf(html: string, open: (options: BrowserWindowConstructorOptions) => PrintWindow): Promise<Uint8Array> {
  const window = open(PRINT_WINDOW_OPTIONS)
  try {
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`)
    return new Uint8Array(await window.webContents.printToPDF(PRINT_OPTIONS))
  } finally {
    window.destroy()
  }
}
