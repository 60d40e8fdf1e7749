import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron'

/** Anything that makes a window from options, as Electron's `BrowserWindow` constructor does. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W

/** Open the main window, hidden until its page is ready. Its page is sandboxed, isolated from the
 *  preload, without Node in the page, its workers or its frames, with the browser's web security
 *  on, nothing experimental, no `<webview>`, no navigation by dropping a file, and no new window
 *  from a middle click (`Auxclick`). The preferences are written out at the constructor call so
 *  that a reader, and Electronegativity, see them where the window is made. */
export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, preload: string): W {
  return new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Factwork',
    show: false,
    backgroundColor: '#fbfaf7',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false
    }
  })
}

/** Keep a page where it is: no navigation, no redirects, no new windows, no webviews, whatever the
 *  address. Links are opened in the system browser only through the `openLink` request after the
 *  person's click, never by navigating, which is why this function has no access to the shell. */
export function hardenContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Refuse every permission a page may ask for or be checked for (camera, microphone,
 *  notifications, geolocation, clipboard reading, MIDI, devices, …): Factwork's pages need none. */
export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
