import { Schema, type Node } from 'prosemirror-model'
import { hasLongRun } from '../../data/document'

/** A text block's class: `fw-long-run` when it holds a run too long to break (`LONG_RUN`). */
const runClass = (node: Node) => (hasLongRun(node.textContent) ? { class: 'fw-long-run' } : {})

/** The article schema. Blocks are grouped into `section`s of a few dozen, because ProseMirror's
 *  update cost grows with the number of siblings around a change (DESIGN §5). Links render inert:
 *  the target is shown as a tooltip, and only Ctrl+click (or Cmd+click) asks to open it. Each text
 *  block takes its direction from its own text, so Arabic and English can share a page. */
export const schema = new Schema({
  nodes: {
    doc: { content: 'section+' },
    section: {
      content: 'block+',
      parseDOM: [{ tag: 'section' }],
      toDOM: () => ['section', { class: 'fw-section' }, 0]
    },
    paragraph: {
      content: 'text*',
      group: 'block',
      parseDOM: [{ tag: 'p' }],
      toDOM: (node) => ['p', { dir: 'auto', ...runClass(node) }, 0]
    },
    heading: {
      attrs: { level: { default: 1 } },
      content: 'text*',
      group: 'block',
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node) => [`h${node.attrs.level as number}`, { dir: 'auto', ...runClass(node) }, 0]
    },
    code_block: {
      content: 'text*',
      group: 'block',
      code: true,
      marks: '',
      parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
      toDOM: (node) => ['pre', runClass(node), ['code', 0]]
    },
    blockquote: {
      content: 'block+',
      group: 'block',
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: () => ['blockquote', 0]
    },
    bullet_list: {
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0]
    },
    ordered_list: {
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ol' }],
      toDOM: () => ['ol', 0]
    },
    list_item: {
      content: 'block+',
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', { dir: 'auto' }, 0]
    },
    text: {}
  },
  marks: {
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href') }) }],
      toDOM: (mark) => ['span', { class: 'fw-link', 'data-href': mark.attrs.href as string, title: `${mark.attrs.href as string} (Ctrl+click to open in your browser)` }, 0]
    }
  }
})
