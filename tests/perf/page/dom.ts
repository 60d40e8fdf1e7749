/** Finding and selecting text on screen, the same way in every tool's page. */

/** The paragraph elements of `root` on screen in `scroller`, top to bottom. */
export function visibleParagraphs(root: Element, scroller: Element): Element[] {
  const box = scroller.getBoundingClientRect()
  const all = root.querySelectorAll('p')
  // Binary search for the first paragraph whose bottom is below the top of the view.
  let lo = 0
  let hi = all.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (all[mid]!.getBoundingClientRect().bottom < box.top) lo = mid + 1
    else hi = mid
  }
  const out: Element[] = []
  for (let i = lo; i < all.length && all[i]!.getBoundingClientRect().top < box.bottom; i++) out.push(all[i]!)
  return out
}

/** Select characters `[from, to)` of an element's text with a DOM range, as a mouse would; the
 *  text may be split across highlight elements. Returns the selected text. */
export function selectText(element: Element, from: number, to: number): string {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let seen = 0
  const range = document.createRange()
  let started = false
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const length = n.data.length
    if (!started && from < seen + length) {
      range.setStart(n, from - seen)
      started = true
    }
    if (started && to <= seen + length) {
      range.setEnd(n, to - seen)
      break
    }
    seen += length
  }
  const selection = window.getSelection()!
  selection.removeAllRanges()
  selection.addRange(range)
  return range.toString()
}

/** Select a few words of a paragraph wholly on screen; `n` varies the place. Returns the
 *  selected text. */
export function selectWordsOnScreen(root: Element, scroller: Element, n: number): string {
  const box = scroller.getBoundingClientRect()
  const visible = visibleParagraphs(root, scroller)
  const whole = visible.filter((p) => {
    const r = p.getBoundingClientRect()
    return r.top >= box.top && r.bottom <= box.bottom
  })
  const shown = whole.length ? whole : visible
  const p = shown[(n * 7) % shown.length]!
  const length = p.textContent!.length
  const from = Math.min(length - 2, 3 + (n % 5) * 4)
  return selectText(p, from, Math.min(length, from + 18))
}

/** Whether `list` is painted with at least `count` entries: it tells that many (each drawn entry
 *  says its place in the whole list with `aria-setsize`, or the list has drawn them all), and its
 *  entries fill the window or end above its bottom. Entries scrolled out of view need not be
 *  drawn. */
export function listShows(list: Element | null, count: number): boolean {
  const rows = list ? [...list.children].filter((e) => e.tagName === 'LI') : []
  const last = rows[rows.length - 1]
  if (!last) return false
  const total = Math.max(rows.length, Number(rows[0]!.getAttribute('aria-setsize') ?? 0))
  if (total < count) return false
  return rows.length === total || last.getBoundingClientRect().bottom >= window.innerHeight
}
