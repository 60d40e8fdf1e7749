import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'

/** Entries drawn beyond each edge of the visible part of a list. */
const OVERSCAN = 8

/** Which entries of a long list to draw, and the room the others take. */
export interface ListWindow {
  /** The first entry to draw. */
  readonly first: number
  /** One past the last entry to draw. */
  readonly last: number
  /** The room, in pixels, of the entries before `first` and of those from `last` on: padding
   *  that keeps the scroll bar that of the whole list. */
  readonly before: number
  readonly after: number
  /** Where entry `i` starts, in pixels from the top of the list, and its height. */
  offsetOf(i: number): number
  heightOf(i: number): number
  /** The ref of a drawn entry (an element with `data-id`): measured while it is drawn. */
  measure(el: HTMLElement | null): (() => void) | undefined
}

/** Which entries of `items` to draw in `list`: those in view, from where the list is in its
 *  scrolling box (`scroller`, or the window when it is null) and the height of each entry,
 *  measured by a ResizeObserver once drawn (never by reading layout during a render) or
 *  `estimate` pixels until then. The gap between entries counts as part of each. */
export function useListWindow(scroller: RefObject<HTMLElement | null> | null, list: RefObject<HTMLElement | null>, items: readonly { readonly id: string }[], estimate: number): ListWindow {
  const heights = useRef(new Map<string, number>())
  // Counts the measurements that changed a height, so the offsets are summed again.
  const [measured, setMeasured] = useState(0)
  const [view, setView] = useState({ top: 0, height: 800 })
  const [observer, setObserver] = useState<ResizeObserver | null>(null)

  useEffect(() => {
    const el = scroller ? scroller.current : null
    if (scroller && !el) return
    const target: HTMLElement | Window = el ?? window
    let frame = 0
    const read = () => {
      frame = 0
      const next = el
        ? { top: el.scrollTop - (list.current?.offsetTop ?? 0), height: el.clientHeight }
        : { top: -(list.current?.getBoundingClientRect().top ?? 0), height: window.innerHeight }
      setView((now) => (now.top === next.top && now.height === next.height ? now : next))
    }
    const onScroll = () => {
      frame ||= requestAnimationFrame(read)
    }
    read()
    target.addEventListener('scroll', onScroll, { passive: true })
    if (!el) window.addEventListener('resize', onScroll)
    const stop = () => {
      target.removeEventListener('scroll', onScroll)
      if (!el) window.removeEventListener('resize', onScroll)
      cancelAnimationFrame(frame)
    }
    // Without ResizeObserver (a test's DOM), entries keep their estimated height.
    if (typeof ResizeObserver === 'undefined') return stop
    // The box resized, or (in the window) what lies above the list grew or shrank.
    const resized = new ResizeObserver(onScroll)
    resized.observe(el ?? document.documentElement)
    let gap: number | null = null
    const entries = new ResizeObserver((records) => {
      gap ??= list.current ? parseFloat(getComputedStyle(list.current).rowGap) || 0 : 0
      let changed = false
      for (const record of records) {
        const id = (record.target as HTMLElement).dataset.id
        const box = record.borderBoxSize[0]
        if (!id || !box || !record.target.isConnected) continue
        const h = box.blockSize + gap
        if (Math.abs((heights.current.get(id) ?? estimate) - h) > 0.5) {
          heights.current.set(id, h)
          changed = true
        }
      }
      if (changed) setMeasured((n) => n + 1)
    })
    setObserver(entries)
    return () => {
      stop()
      resized.disconnect()
      entries.disconnect()
    }
  }, [scroller, list, estimate])

  // Where each entry starts, from the top of the list.
  const offsets = useMemo(() => {
    const starts = new Float64Array(items.length + 1)
    const known = heights.current
    for (let i = 0; i < items.length; i++) starts[i + 1] = starts[i]! + (known.get(items[i]!.id) ?? estimate)
    return starts
  }, [items, measured, estimate])

  const firstAt = (y: number) => {
    let lo = 0
    let hi = items.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (offsets[mid + 1]! <= y) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const first = Math.max(0, firstAt(view.top) - OVERSCAN)
  const last = Math.min(items.length, firstAt(view.top + view.height) + 1 + OVERSCAN)

  const measure = useCallback(
    (el: HTMLElement | null) => {
      if (!el || !observer) return undefined
      observer.observe(el)
      return () => observer.unobserve(el)
    },
    [observer]
  )

  return { first, last, before: offsets[first]!, after: offsets[items.length]! - offsets[last]!, offsetOf: (i) => offsets[i]!, heightOf: (i) => offsets[i + 1]! - offsets[i]!, measure }
}
