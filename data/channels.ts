/** The names of the WorkbenchApi methods, and their IPC channels. Kept free of any library so the
 *  sandboxed preload can include it; `api.ts` checks that its table has exactly these methods. */
export const METHOD_NAMES = [
  'hostInfo',
  'listProjects',
  'createProject',
  'importWithDialog',
  'getProject',
  'addDocument',
  'attachFile',
  'saveChanges',
  'renameProject',
  'deleteProject',
  'restoreProject',
  'exportProject',
  'saveExport',
  'openLink',
  'resolveConflicts',
  'listBackups',
  'restoreBackup',
  'openReadOnly'
] as const

export type MethodName = (typeof METHOD_NAMES)[number]

/** The IPC channel of a method. */
export function channelOf(method: MethodName): string {
  return `factwork:${method}`
}

/** The IPC channel on which the main process sends host events to the page. */
export const EVENT_CHANNEL = 'factwork:event'
