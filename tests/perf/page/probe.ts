/** What the benchmark measures inside a page, the same code for Factwork and for its peers. All
 *  times are `performance.now()` milliseconds of the page. A frame counts as painted once a task
 *  queued from its `requestAnimationFrame` callback runs, that is after style, layout and paint. */
export interface Probe {
  /** Main-thread tasks over 50 ms since the page loaded (PerformanceObserver 'longtask'). */
  readonly longTasks: { start: number; duration: number }[]
  /** The time just after the next frame is painted. */
  afterPaint(): Promise<number>
  /** Check `ready` at every frame; the time just after the first frame painted with it true. */
  whenPainted(ready: () => boolean, timeoutMs?: number): Promise<number>
  /** The longest main-thread task that overlaps `[from, to]`, 0 when none was over 50 ms. */
  longestTask(from: number, to: number): number
  /** From now on, time each key press that changes text. `samples`: from the start of its keydown
   *  handling (the probe's listener runs first) until the change is made, plus the frame that
   *  shows it, from its start until it is painted; the idle wait between the two for the
   *  display's next frame (up to 16.7 ms at 60 Hz, whatever the page does) is left out.
   *  `withWait` counts that wait too; `fromEvent` also the delivery of the key to the page;
   *  `parts` has the two parts of each sample apart. */
  watchKeys(): { readonly samples: number[]; readonly withWait: number[]; readonly fromEvent: number[]; readonly parts: [number, number][]; stop(): void }
  /** Scroll `element` by `step` pixels in each of `frames` frames; the time between frames. */
  scrollFrames(element: Element, frames: number, step: number): Promise<number[]>
  /** Time the next key press: from the start of its keydown handling (the probe's listener runs
   *  first) until the first frame painted with `ready` true. Frames are watched from the keydown
   *  on, so the frame that shows the change is the one counted, however late the caller asks. */
  timeKey(ready: () => boolean, timeoutMs?: number): Promise<number>
}

function afterPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve(performance.now())
      channel.port2.postMessage(null)
    })
  )
}

function whenPainted(ready: () => boolean, timeoutMs = 600_000): Promise<number> {
  const until = performance.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const frame = () => {
      if (ready()) {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve(performance.now())
        channel.port2.postMessage(null)
      } else if (performance.now() > until) {
        reject(new Error('The page never got ready'))
      } else {
        requestAnimationFrame(frame)
      }
    }
    requestAnimationFrame(frame)
  })
}

export function installProbe(): Probe {
  const longTasks: { start: number; duration: number }[] = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // No long task timing in this browser: longest tasks read as 0.
  }
  return {
    longTasks,
    afterPaint,
    whenPainted,
    longestTask(from, to) {
      return longTasks.filter((t) => t.start <= to && t.start + t.duration >= from).reduce((m, t) => Math.max(m, t.duration), 0)
    },
    watchKeys() {
      const samples: number[] = []
      const withWait: number[] = []
      const fromEvent: number[] = []
      const parts: [number, number][] = []
      let pending: { start: number; created: number; handled: number | null } | null = null
      const onKey = (event: KeyboardEvent) => {
        pending = { start: performance.now(), created: event.timeStamp, handled: null }
      }
      const onInput = (event: Event) => {
        const key = pending
        if (!key || key.handled !== null) return
        // A page that makes the change itself cancels `beforeinput` (this listener hears it
        // after the page's own); otherwise the browser changes the text and fires `input`.
        if (event.type === 'beforeinput' && !event.defaultPrevented) return
        // In a microtask after the page's own listeners (and the editor's reading of the DOM,
        // itself a microtask queued when the browser changed the text): the change is made.
        queueMicrotask(() => {
          key.handled = performance.now()
          requestAnimationFrame(() => {
            const frame = performance.now()
            const after = new MessageChannel()
            after.port1.onmessage = () => {
              const end = performance.now()
              samples.push(key.handled! - key.start + (end - frame))
              parts.push([key.handled! - key.start, end - frame])
              withWait.push(end - key.start)
              fromEvent.push(end - key.created)
            }
            after.port2.postMessage(null)
          })
        })
      }
      window.addEventListener('keydown', onKey, true)
      window.addEventListener('beforeinput', onInput)
      window.addEventListener('input', onInput)
      return {
        samples,
        withWait,
        fromEvent,
        parts,
        stop: () => {
          window.removeEventListener('keydown', onKey, true)
          window.removeEventListener('beforeinput', onInput)
          window.removeEventListener('input', onInput)
        }
      }
    },
    timeKey(ready, timeoutMs) {
      return new Promise((resolve, reject) =>
        window.addEventListener(
          'keydown',
          () => {
            const start = performance.now()
            whenPainted(ready, timeoutMs).then((end) => resolve(end - start), reject)
          },
          { capture: true, once: true }
        )
      )
    },
    scrollFrames(element, frames, step) {
      return new Promise((resolve) => {
        const gaps: number[] = []
        let last = -1
        let left = frames
        const frame = (t: number) => {
          if (last >= 0) gaps.push(t - last)
          last = t
          element.scrollTop += step
          if (left-- > 0) requestAnimationFrame(frame)
          else resolve(gaps)
        }
        requestAnimationFrame(frame)
      })
    }
  }
}

declare global {
  interface Window {
    fwProbe: Probe
  }
}
