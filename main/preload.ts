// The bridge between the sandboxed page and the main process: one function per WorkbenchApi
// method and a listener for host events. The page never sees ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Bridge, HostEvent } from '../data/api'
import { channelOf, EVENT_CHANNEL, METHOD_NAMES } from '../data/channels'

const methods = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (args: unknown) => ipcRenderer.invoke(channelOf(method), args ?? {})])
)

const bridge = {
  ...methods,
  onEvent(listener: (event: HostEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: HostEvent) => listener(message)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  }
} as Bridge

contextBridge.exposeInMainWorld('factwork', bridge)
