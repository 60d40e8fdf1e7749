import type { Node } from 'prosemirror-model'
import type { NodeView } from 'prosemirror-view'

/** Roughly how the article is set (styles.css): characters per line of its column, the height of
 *  a line and the space between blocks, in CSS pixels. */
const CHARACTERS_PER_LINE = 72
const LINE_HEIGHT = 28
const BLOCK_GAP = 17

/** A guess of a section's height before it is first drawn. */
function estimatedHeight(section: Node): number {
  let height = 0
  section.forEach((block) => {
    const lines = Math.max(1, Math.ceil(block.textContent.length / CHARACTERS_PER_LINE))
    height += lines * LINE_HEIGHT * (block.type.name === 'heading' ? 1.4 : 1) + BLOCK_GAP * Math.max(1, block.childCount > 0 && !block.isTextblock ? block.childCount : 1)
  })
  return Math.round(height)
}

/** The view of a section. Sections out of sight are neither laid out nor painted
 *  (`content-visibility: auto` in styles.css), so the browser needs to know how tall one is
 *  before drawing it, for the scroll bar and for scrolling to a passage; once drawn, it
 *  remembers the real height.
 *
 *  While a section is drawn it is marked `fw-drawn`, and a frame later `fw-sized`: its text blocks
 *  remember their heights from then on, and in edit mode those out of sight are left undrawn too
 *  (styles.css). The marks go when the section is undrawn. The browser checks every element that
 *  remembers a height or is undrawn when out of sight on every frame, whether or not it is on
 *  screen; with the rules on every block, a long article read through once cost 3 ms more a frame. */
export function sectionView(node: Node): NodeView {
  const dom = document.createElement('section')
  dom.className = 'fw-section'
  dom.style.containIntrinsicSize = `auto ${estimatedHeight(node)}px`
  const drawn = () => dom.classList.contains('fw-drawn')
  dom.addEventListener('contentvisibilityautostatechange', (event) => {
    // Blocks undrawn in edit mode send the same event, and it bubbles.
    if (event.target !== dom) return
    if (!(event as Event & { readonly skipped: boolean }).skipped) {
      dom.classList.add('fw-drawn')
      // Undrawn in edit mode only once their heights are known: a frame after they start to be
      // remembered. Else the blocks above the screen would shrink to a guess and move the text.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (drawn()) dom.classList.add('fw-sized')
        })
      )
    } else if (drawn()) {
      dom.classList.remove('fw-drawn', 'fw-sized')
      // The browser leaves the styles inside an undrawn section as they were, and with them the
      // checks, until the section is drawn again; reading one block's style brings all of them up
      // to date now. Not for a section never drawn: its blocks have no such rules, and Chromium
      // would then report their boxes as empty until the section is drawn.
      const first = dom.firstElementChild
      if (first) void getComputedStyle(first).contentVisibility
    }
  })
  return {
    dom,
    contentDOM: dom,
    // The marks are not the article's content: the editor need not read the section again.
    ignoreMutation: (mutation) => mutation.type === 'attributes' && mutation.target === dom
  }
}
