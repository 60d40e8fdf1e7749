import { describe, expect, it } from 'vitest'
import { hasLongRun, layout, LONG_RUN, type Block } from '../../data/document'
import { detectFormat, markdownToBlocks, textToBlocks } from '../../data/import'

const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] })

describe('the plain text of a document', () => {
  it('separates blocks with a blank line and list items with a line break', () => {
    const blocks: Block[] = [
      { type: 'heading', level: 1, content: [{ text: 'Title' }] },
      p('First.'),
      { type: 'list', ordered: false, items: [[p('one')], [p('two')]] },
      { type: 'quote', blocks: [p('Quoted.')] }
    ]
    const { text, runs } = layout(blocks)
    expect(text).toBe('Title\n\nFirst.\n\none\ntwo\n\nQuoted.')
    expect(runs.map((r) => text.slice(r.start, r.end))).toEqual(['Title', 'First.', 'one', 'two', 'Quoted.'])
  })

  it('joins inline runs with their marks into one text block', () => {
    const { text } = layout([{ type: 'paragraph', content: [{ text: 'a ' }, { text: 'bold', marks: ['strong'] }, { text: ' end' }] }])
    expect(text).toBe('a bold end')
  })
})

describe('importing plain text', () => {
  it('keeps one paragraph per line, makes the short first line the headline and dash lines a list', () => {
    const { blocks, headline } = textToBlocks('A Headline\nKey points\n- one\n- two\nA paragraph that ends.\n')
    expect(headline).toBe('A Headline')
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'paragraph'])
    expect(layout(blocks).text).toBe('A Headline\n\nKey points\n\none\ntwo\n\nA paragraph that ends.')
  })

  it('joins hard-wrapped lines when paragraphs are separated by blank lines', () => {
    const { blocks, headline } = textToBlocks('This is a long sentence\nwrapped over lines.\n\nSecond paragraph\nhere.\r\n')
    expect(headline).toBeNull()
    expect(layout(blocks).text).toBe('This is a long sentence wrapped over lines.\n\nSecond paragraph here.')
  })

  it('gives no blocks for blank text', () => {
    expect(textToBlocks(' \n\n \t').blocks).toEqual([])
  })
})

describe('importing Markdown', () => {
  it('keeps headings, emphasis, links, lists, quotes and code, and titles from the first h1', () => {
    const { blocks, headline } = markdownToBlocks(
      '## Kicker\n\n# The *real* title\n\nSome **bold** and [a link](https://example.org) and [ftp](ftp://example.org/x) and [bad](javascript:alert(1)).\n\n1. first\n2. second\n\n> quoted\n\n```\ncode\n```\n'
    )
    expect(headline).toBe('The real title')
    const { text } = layout(blocks)
    expect(text).toBe('Kicker\n\nThe real title\n\nSome bold and a link and ftp and [bad](javascript:alert(1)).\n\nfirst\nsecond\n\nquoted\n\ncode')
    const para = blocks[2]
    expect(para?.type === 'paragraph' && para.content.find((r) => r.href)?.href).toBe('https://example.org')
    // Only http(s) and mailto targets survive; a javascript: link stays inert text.
    const hrefs = para?.type === 'paragraph' ? para.content.flatMap((r) => (r.href ? [r.href] : [])) : []
    expect(hrefs).toEqual(['https://example.org'])
  })

  it('shows raw HTML as text, never as markup', () => {
    const { blocks } = markdownToBlocks('Hello <img src=x onerror=alert(1)> world\n')
    expect(layout(blocks).text).toBe('Hello <img src=x onerror=alert(1)> world')
  })
})

describe('recognising a file format', () => {
  const bytes = (s: string) => new TextEncoder().encode(s)
  it('trusts the content before the name', () => {
    expect(detectFormat('article.txt', bytes('<!DOCTYPE html><html>'))).toBe('html')
    expect(detectFormat('report.md', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('docx-or-zip')
    expect(detectFormat('x.txt', bytes('%PDF-1.7'))).toBe('pdf')
    expect(detectFormat('x.txt', new Uint8Array([1, 2, 0, 4]))).toBe('binary')
  })
  it('uses the extension for text, and Markdown structure for unknown names', () => {
    expect(detectFormat('notes.md', bytes('plain words'))).toBe('markdown')
    expect(detectFormat('notes.txt', bytes('# not a heading in a txt'))).toBe('text')
    expect(detectFormat('Pasted', bytes('# Heading\n\ntext'))).toBe('markdown')
    expect(detectFormat('Pasted', bytes('Just words.'))).toBe('text')
  })
})

describe('runs too long to break', () => {
  it('are found when more than LONG_RUN characters pass without white space, whatever the script', () => {
    expect(hasLongRun('short words '.repeat(500))).toBe(false)
    expect(hasLongRun(`${'ش'.repeat(LONG_RUN)} ${'ش'.repeat(LONG_RUN)}`)).toBe(false)
    expect(hasLongRun(`before ${'ش'.repeat(LONG_RUN + 1)} after`)).toBe(true)
    expect(hasLongRun(`data:${'A'.repeat(LONG_RUN)}`)).toBe(true)
    // Line breaks and ideographic spaces end a run as spaces do.
    expect(hasLongRun(`${'x'.repeat(LONG_RUN)}\n${'x'.repeat(LONG_RUN)}\u3000${'x'.repeat(LONG_RUN)}`)).toBe(false)
  })
})
