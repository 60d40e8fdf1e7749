import { installProbe } from '../page/probe'

export { selectText, selectWordsOnScreen, visibleParagraphs } from '../page/dom'

/** A workload as the runner serves it to a page (`makeWorkload` without its joined text). */
export interface PageWorkload {
  readonly name: string
  readonly title: string
  readonly paragraphs: readonly string[]
  readonly annotations: readonly { id: string; kind: string; start: number; end: number }[]
}

/** What the runner asks of a peer's page. Times are the page's milliseconds. */
export interface PeerBench {
  /** Fetch the workload and show it with every annotation highlighted, ready for the person. */
  open(url: string): Promise<{ ms: number; longestTask: number }>
  /** The element that scrolls the article. */
  scroller(): Element
  /** Select a few words in a paragraph on screen, as a person would before tagging them (the
   *  runner then presses C); `n` varies the place. */
  selectWords(n: number): void
  /** Whether the passage tagged last is highlighted on screen. */
  tagged(): boolean
  /** Put a text cursor in a paragraph near the middle of the article, for typing; false when the
   *  tool cannot edit text. */
  caretInMiddle(): boolean
}

declare global {
  interface Window {
    bench: PeerBench
  }
}

window.fwProbe = installProbe()

/** Where each paragraph starts in the workload's plain text (headline and paragraphs separated by
 *  blank lines, as Factwork lays them out). */
export function paragraphStarts(w: PageWorkload): number[] {
  const starts: number[] = []
  let at = w.title.length + 2
  for (const p of w.paragraphs) {
    starts.push(at)
    at += p.length + 2
  }
  return starts
}

