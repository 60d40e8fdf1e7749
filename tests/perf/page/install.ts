// Built as a script of its own and added to Factwork's page before its code runs, so the probe
// sees the page from its start.
import * as dom from './dom'
import { installProbe } from './probe'

/** One save of edits, as the page saw it: when it sent the changes, when the store acknowledged
 *  them, and when the page had done with the answer. */
export interface SaveTiming {
  readonly start: number
  readonly ack: number
  readonly settled: number
}

declare global {
  interface Window {
    fwSaves: SaveTiming[]
    fwDom: typeof dom
  }
}

window.fwProbe = installProbe()
window.fwDom = dom
window.fwSaves = []

// Time every save through the real API. Each is marked in the page's timeline (`fw-save-start-N`,
// `fw-save-settled-N`), so a trace tells how much of it ran on the main thread.
const send = window.fetch.bind(window)
let saves = 0
window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  if (!String(input instanceof Request ? input.url : input).endsWith('/api/saveChanges')) return send(input, init)
  const n = saves++
  const start = performance.now()
  performance.mark(`fw-save-start-${n}`)
  const response = await send(input, init)
  const read = response.json.bind(response)
  response.json = async () => {
    const value: unknown = await read()
    const ack = performance.now()
    // After the page's own handling of the answer, which runs in the microtasks that follow.
    setTimeout(() => {
      performance.mark(`fw-save-settled-${n}`)
      window.fwSaves.push({ start, ack, settled: performance.now() })
    }, 0)
    return value
  }
  return response
}
