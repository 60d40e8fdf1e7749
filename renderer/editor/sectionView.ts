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
 *  remembers the real height. */
export function sectionView(node: Node): NodeView {
  const dom = document.createElement('section')
  dom.className = 'fw-section'
  dom.style.containIntrinsicSize = `auto ${estimatedHeight(node)}px`
  return { dom, contentDOM: dom }
}
