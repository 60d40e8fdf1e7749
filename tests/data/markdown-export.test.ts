import { JSDOM } from 'jsdom'
import MarkdownIt from 'markdown-it'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockText, layout, textBlocks, type Block } from '../../data/document'
import { toMarkdown } from '../../data/export/markdown'
import type { Project } from '../../data/project'
import { passage, richProject } from '../fixtures/export/projects'

const options = { generatedAt: '2026-03-01T10:15:00.000Z', version: '0.1.0' }
const vectors = (JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'fixtures', 'xss-vectors.json'), 'utf8')) as { payload: string }[]).map((v) => v.payload)

/** Render Markdown as a reader's renderer would (markdown-it, CommonMark with tables). */
function render(markdown: string, html = false): Document {
  return new JSDOM(new MarkdownIt({ html }).render(markdown)).window.document
}

/** Markdown without footnote references (definitions, at the start of a line, stay). */
const withoutRefs = (markdown: string) => markdown.replace(/(?<![\\\n])(?<!^)\[\^\d+\]/g, '')

/** The text an element shows itself, without nested blocks (a list item's sub-list, say). */
function ownText(el: Element): string {
  return [...el.childNodes]
    .filter((n) => !(n.nodeType === 1 && ['UL', 'OL', 'P', 'BLOCKQUOTE', 'PRE'].includes((n as Element).tagName)))
    .map((n) => n.textContent)
    .join('')
    .replace(/\n$/, '')
}

/** Every text the rendered page shows in a paragraph, heading, list item or code block. */
function shownTexts(doc: Document): Set<string> {
  return new Set([...doc.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, pre > code')].map(ownText))
}

/** A project whose one document is `blocks`. */
function projectOf(blocks: Block[]): Project {
  const base = richProject()
  const document = { ...base.documents[1]!, id: 'd-x', title: 'Special characters', blocks, text: layout(blocks).text }
  return { ...base, documents: [document], annotations: [], links: [], orphans: [], sources: [] }
}

describe('exporting a project as Markdown', () => {
  it('renders with markdown-it into the article with every text block intact', () => {
    const project = richProject()
    const doc = render(withoutRefs(toMarkdown(project, options)))
    const shown = shownTexts(doc)
    for (const d of project.documents) {
      for (const { block } of textBlocks(d.blocks)) expect(shown, `${block.type} “${blockText(block)}”`).toContain(blockText(block))
    }
    expect([...doc.querySelectorAll('h1, h2')].map((h) => h.textContent)).toEqual([
      project.title,
      'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?',
      "Ministry's wheat figures under scrutiny",
      'ارتفاع أسعار القمح في الأسواق المحلية',
      'Claims',
      'Sources'
    ])
    const link = [...doc.querySelectorAll('a')].find((a) => a.getAttribute('href') === 'https://example.org/bulletin?q=wheat&year=2026')!
    expect(link.textContent).toBe('its quarterly bulletin')
    expect([...doc.querySelectorAll('strong')].map((s) => s.textContent)).toContain('12\u00a0percent')
    expect([...doc.querySelectorAll('em')].map((s) => s.textContent)).toEqual(expect.arrayContaining(['wheat', 'faster', 'three', 'stars', 'underscores']))
    expect([...doc.querySelectorAll('h3, h4')].map((h) => `${h.tagName} ${h.textContent}`)).toEqual(['H3 What the ministry claims', 'H4 Method'])
    expect(doc.querySelectorAll('blockquote li')).toHaveLength(2)
    expect(doc.querySelector('ol > li > ul')).not.toBeNull()
    expect(doc.querySelector('pre > code')!.textContent).toBe('\n  index = 100 * (p1 / p0)\n')
  })

  it('puts a footnote reference after each annotated passage and a footnote per annotation', () => {
    const project = richProject()
    const markdown = toMarkdown(project, options)
    expect(markdown).toContain('amounts to approximately US$2.8 billion[^5][^6],” the report indicated')
    expect(markdown).toContain('Import duties will be cut[^12]:')
    for (let n = 1; n <= 17; n++) expect(markdown).toMatch(new RegExp(`^\\[\\^${n}\\]: \\*\\*`, 'm'))
    // Without a footnote plugin each footnote still renders as a paragraph of its own.
    const notes = [...render(markdown).querySelectorAll('p')].map((p) => p.textContent!).filter((t) => /^\[\^\d+\]: /.test(t))
    expect(notes).toHaveLength(17)
    const trade = notes.find((t) => t.startsWith('[^5]: '))!
    for (const line of [
      'Claim — “The trade between these neighboring nations amounts to approximately US$2.8 billion”',
      'Verdict: Mostly true (4 on a scale from 1 to 5)',
      'Claimant: Gatestone Institute',
      'Confidence: Moderate',
      'Ruling: Official figures for 2024–25 put trade at about $2.5 billion; $2.8 billion was last reached in 2023.',
      'Supports: evidence in “Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?”, “approximately US$2.8 billion”[^6]',
      'Refutes: source State Bank of Pakistan trade statistics (A — Completely reliable), source 2 below — SBP shows $2.5 billion for 2024–25.',
      'Context: source Gatestone Institute report “Pakistan: An Unreliable Ally” (D — Not usually reliable), source 1 below'
    ])
      expect(trade.replace(/^\[\^5\]: /, '').split('\n')).toContain(line)
    expect(notes.find((t) => t.startsWith('[^2]: '))).toContain('Cites: Gatestone Institute report “Pakistan: An Unreliable Ally” (D — Not usually reliable)')
    expect(notes.find((t) => t.startsWith('[^7]: '))).toContain('Note: The quote is the report’s')
  })

  it('ends with a table of claims and the source list with reliability in words', () => {
    const doc = render(toMarkdown(richProject(), options))
    const rows = [...doc.querySelectorAll('table tbody tr')]
    expect(rows).toHaveLength(8)
    expect([...rows[3]!.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '5',
      'The trade between these neighboring nations amounts to approximately US$2.8 billion',
      'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?',
      'Gatestone Institute',
      '2026-01-08',
      'Mostly true',
      'Official figures for 2024–25 put trade at about $2.5 billion; $2.8 billion was last reached in 2023.',
      'Moderate',
      'Published'
    ])
    const sources = [...[...doc.querySelectorAll('ol')].at(-1)!.children].map((li) => li.textContent!.split('\n')[0])
    expect(sources).toEqual([
      'Gatestone Institute report “Pakistan: An Unreliable Ally”, D — Not usually reliable, secondary source',
      'State Bank of Pakistan trade statistics, A — Completely reliable, primary source',
      'Ministry of Trade quarterly bulletin, B — Usually reliable, primary source',
      'A leaflet, reliability not assessed'
    ])
    expect(doc.querySelector('a[href="https://www.sbp.org.pk/ecodata/"]')!.textContent).toBe('https://www.sbp.org.pk/ecodata/')
    expect(doc.querySelector('a[href^="javascript"]')).toBeNull()
  })

  it('escapes every Markdown special character, so text that looks like markup stays text', () => {
    const lines = [
      '# not a heading',
      '- not a list',
      '+ not a list either',
      '1. not numbered',
      '2) nor this',
      '> not a quote',
      '    not code',
      '\tnor this',
      '***',
      '===',
      '---',
      '[a link](https://example.org) and ![an image](x.png)',
      '<script>alert(1)</script> <b>bold?</b> <https://example.org>',
      '&amp; &#65; &copy; stay as typed',
      '`code` and ``more``',
      '| a | b |',
      '~~struck~~ _under_ *star* **strong** __strong__',
      'trailing spaces   ',
      '  leading spaces',
      'a \\ backslash and \\* an escape',
      '[^1]: not a footnote',
      'Title #',
      '```',
      '\nline feeds at both ends\n',
      ...vectors
    ]
    const blocks: Block[] = lines.map((text) => ({ type: 'paragraph', content: [{ text }] }))
    const project = projectOf(blocks)
    const markdown = toMarkdown(project, options)
    for (const html of [false, true]) {
      const doc = render(markdown, html)
      // The title, the report's line, the document's heading and its description come first.
      const article = [...doc.body.children].slice(4, 4 + lines.length)
      expect(article.map((el) => el.tagName)).toEqual(lines.map(() => 'P'))
      // HTML reads a carriage return as a line feed, and NUL as U+FFFD.
      expect(article.map((el) => el.textContent)).toEqual(lines.map((l) => l.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD')))
      expect(article.flatMap((p) => [...p.querySelectorAll('*')].map((el) => el.tagName))).toEqual(lines.flatMap((l) => [...l.replace(/\n$/, '').matchAll(/\n/g)].map(() => 'BR')))
      expect(doc.querySelectorAll('script, img, iframe, svg, em, s, table, blockquote, hr, pre, ul, ol').length).toBe(0)
    }
  })

  it('writes emphasis, links and code that meet punctuation without changing the text', () => {
    const blocks: Block[] = [
      {
        type: 'paragraph',
        content: [
          { text: 'word' },
          { text: '"quoted"', marks: ['em'] },
          { text: 'next ' },
          { text: ' spaced ', marks: ['strong'] },
          { text: 'x' },
          { text: 'y', marks: ['em'] },
          { text: 'z', marks: ['strong'] },
          { text: ' `tick` ', marks: ['code'] },
          { text: ' a (link)', href: 'https://example.org/a_(b)' },
          { text: '.' }
        ]
      },
      { type: 'heading', level: 2, content: [{ text: 'Heading ## with # signs #' }] }
    ]
    const project = projectOf(blocks)
    const withNote = { ...project, annotations: [passage(project.documents[0]!, 'n', 'note', 'quoted', { to: 'spaced' })] }
    const doc = render(withoutRefs(toMarkdown(withNote, options)))
    const shown = shownTexts(doc)
    expect(shown).toContain(blockText(blocks[0] as Extract<Block, { content: unknown }>))
    expect(shown).toContain('Heading ## with # signs #')
    // White space at the edges of a link or emphasis is written outside it.
    expect(doc.querySelector('a[href="https://example.org/a_(b)"]')!.textContent).toBe('a (link)')
    expect([...doc.querySelectorAll('code')].map((c) => c.textContent)).toContain('`tick`')
  })

  it('exports one document alone', () => {
    const markdown = toMarkdown(richProject(), { ...options, documentId: 'd-ar' })
    const doc = render(markdown)
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['ارتفاع أسعار القمح في الأسواق المحلية', 'Claims'])
    expect(markdown).toContain('Language: ar · Right to left')
    expect(markdown).toContain('[^1]: **Claim**')
    expect(markdown).not.toContain('[^3]')
  })
})
