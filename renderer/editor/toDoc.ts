import type { Mark, Node } from 'prosemirror-model'
import type { Block, Inline } from '../../data/document'
import { layout } from '../../data/document'
import { schema } from './schema'
import { TextIndex } from './textIndex'

/** Top-level blocks per section; a heading of level 1 or 2 also starts a new section. Sections out
 *  of sight are not drawn; smaller sections draw less text around the caret, but the browser
 *  checks every section's visibility on every frame, so on long articles 50 costs least. */
export const SECTION_SIZE = 50

function inlineNodes(content: readonly Inline[]): Node[] {
  return content.map((run) => {
    const marks: Mark[] = (run.marks ?? []).map((m) => schema.marks[m]!.create())
    if (run.href) marks.push(schema.marks.link!.create({ href: run.href }))
    return schema.text(run.text, marks)
  })
}

function blockNode(block: Block): Node {
  switch (block.type) {
    case 'heading':
      return schema.nodes.heading!.create({ level: block.level }, inlineNodes(block.content))
    case 'paragraph':
      return schema.nodes.paragraph!.create(null, inlineNodes(block.content))
    case 'code':
      return schema.nodes.code_block!.create(null, block.content.length ? schema.text(block.content.map((r) => r.text).join('')) : null)
    case 'quote':
      return schema.nodes.blockquote!.create(null, block.blocks.map(blockNode))
    case 'list': {
      const items = block.items.map((item) => schema.nodes.list_item!.create(null, item.map(blockNode)))
      return (block.ordered ? schema.nodes.ordered_list! : schema.nodes.bullet_list!).create(null, items)
    }
  }
}

/** Group top-level nodes into sections. */
function sections(nodes: readonly Node[]): Node[] {
  const out: Node[] = []
  let current: Node[] = []
  for (const node of nodes) {
    const major = node.type.name === 'heading' && (node.attrs.level as number) <= 2
    if (current.length >= SECTION_SIZE || (major && current.length > 0)) {
      out.push(schema.nodes.section!.create(null, current))
      current = []
    }
    current.push(node)
  }
  if (current.length === 0 && out.length === 0) current.push(schema.nodes.paragraph!.create())
  if (current.length) out.push(schema.nodes.section!.create(null, current))
  return out
}

/** The editor document of an article's blocks, and the index between its positions and the
 *  plain text. */
export function toDoc(blocks: readonly Block[]): { doc: Node; index: TextIndex; text: string } {
  const doc = schema.nodes.doc!.create(null, sections(blocks.map(blockNode)))
  const laid = layout(blocks)
  return { doc, index: TextIndex.build(doc, laid.runs), text: laid.text }
}
