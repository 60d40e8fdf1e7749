import type { MenuItemConstructorOptions } from 'electron'

/** What the menu's own items do; the standard editing items use Electron's roles. */
export interface MenuActions {
  importFiles(): void
  exportProject(): void
  undo(): void
  redo(): void
  about(): void
}

/** The application menu. Undo and Redo are sent to the page, which decides whether they apply to
 *  a text field or to annotations; their accelerators are shown but left to the page's own key
 *  handling so that a key press is handled once. */
export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportProject() },
        { type: 'separator' },
        { label: 'Close window', role: 'close', accelerator: 'CmdOrCtrl+W' },
        ...(mac ? [] : [{ type: 'separator' } as const, { label: 'Quit', role: 'quit' } as const])
      ]
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.undo() },
        { label: 'Redo', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y', registerAccelerator: false, click: () => actions.redo() },
        { type: 'separator' },
        { label: 'Cut', role: 'cut' },
        { label: 'Copy', role: 'copy' },
        { label: 'Paste', role: 'paste' },
        { label: 'Select all', role: 'selectAll' }
      ]
    },
    {
      label: 'View',
      submenu: [
        { label: 'Actual size', role: 'resetZoom' },
        { label: 'Zoom in', role: 'zoomIn' },
        { label: 'Zoom out', role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Full screen', role: 'togglefullscreen' }
      ]
    },
    {
      label: 'Help',
      submenu: [{ label: 'About Factwork', click: () => actions.about() }]
    }
  ]
  return mac ? [{ label: 'Factwork', role: 'appMenu' }, ...template] : template
}
