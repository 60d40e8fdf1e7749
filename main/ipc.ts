import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { channelOf, METHOD_NAMES, type WorkbenchApi } from '../data/api'
import { fail } from '../data/result'
import { dispatch } from './dispatch'
import { isAppUrl } from './protocol'

/** The sender of an IPC message, as much of Electron's `WebFrameMain` as the check needs. */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

/** Only the app's own top-level page may call the API: not an iframe, not a page from elsewhere. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url)
}

/** Register one handler per `WorkbenchApi` method. This is the only place that uses `ipcMain`.
 *  Every message's sender is checked and its arguments validated; failures return as values. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  api: WorkbenchApi,
  trusted: (frame: SenderFrame | null | undefined) => boolean = isTrustedSender,
  log: (message: string) => void = console.error
): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, args: unknown) => {
      if (!trusted(event.senderFrame)) {
        log(`factwork: refused ${method} from ${event.senderFrame?.url ?? 'an unknown frame'}`)
        return fail('forbidden', 'This page may not use Factwork’s data.')
      }
      return dispatch(api, method, args, log)
    })
  }
}
