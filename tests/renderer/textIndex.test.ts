import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { layout, type Block } from '../../data/document'
import { SECTION_SIZE, toDoc } from '../../renderer/editor/toDoc'

const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] })
const h = (level: number, text: string): Block => ({ type: 'heading', level, content: [{ text }] })

/** An article with every kind of block the importers make. */
const article: Block[] = [
  h(1, 'Ports of call'),
  { type: 'paragraph', content: [{ text: 'The trade ' }, { text: 'amounts', marks: ['em'] }, { text: ' to US$2.8 billion.' }] },
  p('Officials disputed the figure.'),
  { type: 'list', ordered: false, items: [[p('Grain')], [p('Fertiliser')]] },
  { type: 'quote', blocks: [p('We never said that.')] },
  { type: 'paragraph', content: [{ text: 'Read the ' }, { text: 'report', href: 'https://example.org/report' }, { text: '.' }] }
]

/** Every text block of `doc` with the position just before it, in document order. */
function textblocks(doc: Node): { node: Node; pos: number }[] {
  const found: { node: Node; pos: number }[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock) found.push({ node, pos })
    return !node.isTextblock
  })
  return found
}

describe('the editor document of an article', () => {
  it('holds the same text, block by block, as the plain text annotations refer to', () => {
    const { doc, text } = toDoc(article)
    doc.check()
    const { runs } = layout(article)
    expect(text).toBe(layout(article).text)
    expect(textblocks(doc).map((b) => b.node.textContent)).toEqual(runs.map((r) => text.slice(r.start, r.end)))
    const section = doc.firstChild!
    expect(section.content.content.map((n) => n.type.name)).toEqual(['heading', 'paragraph', 'paragraph', 'bullet_list', 'blockquote', 'paragraph'])
  })

  it('keeps inline emphasis and shows links as marks, not as text', () => {
    const { doc } = toDoc(article)
    const marks = new Set<string>()
    doc.descendants((node) => {
      for (const mark of node.marks) marks.add(mark.type.name)
    })
    expect([...marks].sort()).toEqual(['em', 'link'])
  })

  it('gives an empty article one empty paragraph, so the editor has somewhere to be', () => {
    const { doc, text } = toDoc([])
    doc.check()
    expect(text).toBe('')
    expect(doc.childCount).toBe(1)
    expect(doc.firstChild!.firstChild!.type.name).toBe('paragraph')
  })
})

describe('translating plain-text offsets to editor positions', () => {
  it('covers each text block with the range of exactly its text', () => {
    const { doc, index, text } = toDoc(article)
    for (const run of layout(article).runs) {
      const ranges = index.rangesFor(run.start, run.end)
      expect(ranges).toHaveLength(1)
      expect(doc.textBetween(ranges[0]!.from, ranges[0]!.to)).toBe(text.slice(run.start, run.end))
    }
  })

  it('splits a passage crossing two paragraphs into one range per paragraph, skipping the break', () => {
    const { doc, index, text } = toDoc(article)
    const start = text.indexOf('US$2.8 billion.')
    const end = text.indexOf('Officials') + 'Officials'.length
    const ranges = index.rangesFor(start, end)
    expect(ranges.map((r) => doc.textBetween(r.from, r.to))).toEqual(['US$2.8 billion.', 'Officials'])
  })

  it('finds the same text at a position as at its offset, for every offset inside a text block', () => {
    const { doc, index, text } = toDoc(article)
    for (const run of layout(article).runs) {
      for (let offset = run.start; offset <= run.end; offset++) {
        const pos = index.posAt(offset)
        expect(index.offsetAt(pos)).toBe(offset)
        if (offset < run.end) expect(doc.textBetween(pos, pos + 1)).toBe(text[offset])
      }
    }
  })

  it('counts a position between blocks as the end of the block before it', () => {
    const { doc, index, text } = toDoc(article)
    const blocks = textblocks(doc)
    const { runs } = layout(article)
    // Just after the first paragraph closes; before the blockquote opens; inside it before its paragraph opens.
    const afterParagraph = blocks[1]!.pos + blocks[1]!.node.nodeSize
    expect(index.offsetAt(afterParagraph)).toBe(runs[1]!.end)
    expect(text.slice(0, index.offsetAt(afterParagraph))).toMatch(/US\$2\.8 billion\.$/)
    expect(index.offsetAt(blocks[5]!.pos - 1)).toBe(runs[4]!.end)
    expect(index.offsetAt(blocks[5]!.pos)).toBe(runs[4]!.end)
    expect(index.offsetAt(0)).toBe(0)
    expect(index.offsetAt(doc.content.size)).toBe(text.length)
  })

  it('keeps empty paragraphs in step, so the text after them still lines up', () => {
    const blocks: Block[] = [p('Before.'), { type: 'paragraph', content: [] }, p('After.')]
    const { doc, index, text } = toDoc(blocks)
    const start = text.indexOf('After')
    const [range] = index.rangesFor(start, start + 'After.'.length)
    expect(doc.textBetween(range!.from, range!.to)).toBe('After.')
  })
})

describe('sections', () => {
  it(`starts a new section after ${SECTION_SIZE} blocks, and the offsets still line up`, () => {
    const blocks = Array.from({ length: 2 * SECTION_SIZE + 20 }, (_, i) => p(`Paragraph number ${i + 1}.`))
    const { doc, index, text } = toDoc(blocks)
    doc.check()
    expect(doc.childCount).toBe(3)
    expect([0, 1, 2].map((i) => doc.child(i).childCount)).toEqual([SECTION_SIZE, SECTION_SIZE, 20])
    // The first paragraph of the third section.
    const third = `Paragraph number ${2 * SECTION_SIZE + 1}.`
    const start = text.indexOf(third)
    const [range] = index.rangesFor(start, start + third.length)
    expect(doc.textBetween(range!.from, range!.to)).toBe(third)
  })

  it('starts a new section at each level 1 or 2 heading, but not at smaller ones', () => {
    const { doc } = toDoc([p('Intro.'), h(2, 'Background'), p('Then.'), h(3, 'Detail'), p('More.'), h(1, 'Part two')])
    doc.check()
    const sections = [0, 1, 2].map((i) => doc.child(i).textBetween(0, doc.child(i).content.size, '|'))
    expect(doc.childCount).toBe(3)
    expect(sections).toEqual(['Intro.', 'Background|Then.|Detail|More.', 'Part two'])
  })
})
