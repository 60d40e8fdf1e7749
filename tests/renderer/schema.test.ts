import { DOMSerializer } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { LONG_RUN, type Block } from '../../data/document'
import { toDoc } from '../../renderer/editor/toDoc'
import { schema } from '../../renderer/editor/schema'

const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] })

describe('the article view', () => {
  it('draws a text block holding a run too long to break on one line, to scroll, and no other', () => {
    const blocks: Block[] = [
      { type: 'heading', level: 1, content: [{ text: 'A'.repeat(LONG_RUN + 1) }] },
      p('Short words wrap as usual.'),
      p(`before ${'ش'.repeat(LONG_RUN + 1)} after`),
      { type: 'code', content: [{ text: 'B'.repeat(LONG_RUN + 1) }] }
    ]
    const dom = DOMSerializer.fromSchema(schema).serializeFragment(toDoc(blocks).doc.content, { document })
    const host = document.createElement('div')
    host.append(dom)
    expect([...host.querySelectorAll('h1, p, pre')].map((e) => `${e.tagName} ${e.className}`)).toEqual(['H1 fw-long-run', 'P ', 'P fw-long-run', 'PRE fw-long-run'])
  })
})
