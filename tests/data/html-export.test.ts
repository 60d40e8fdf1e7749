import { JSDOM } from 'jsdom'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockText, LONG_RUN, textBlocks } from '../../data/document'
import { buildDocument } from '../../data/import'
import { HTML_CSP, toHtml } from '../../data/export/html'
import { documentSegments } from '../../data/export/segments'
import type { Project } from '../../data/project'
import { hostileProject, passage, richProject } from '../fixtures/export/projects'

const options = { generatedAt: '2026-03-01T10:15:00.000Z', version: '0.1.0', jsonLd: [] }
const vectors = (JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'fixtures', 'xss-vectors.json'), 'utf8')) as { payload: string }[]).map((v) => v.payload)

function page(project: Project, extra: Partial<Parameters<typeof toHtml>[1]> = {}) {
  const html = toHtml(project, { ...options, ...extra })
  return { html, doc: new JSDOM(html).window.document }
}

/** The text of an element without the line breaks the page puts between blocks. */
const flat = (text: string | null | undefined) => (text ?? '').replace(/\n/g, '')

describe('splitting a document into segments', () => {
  it('cuts text blocks at every run and annotation boundary, nests overlaps and draws a spanning annotation in each block', () => {
    const doc = richProject().documents[1]!
    const claim = passage(doc, 'c', 'claim', 'Stocks cover six months', { to: 'Import duties will be cut' })
    const inner = passage(doc, 'n', 'note', 'six months', { to: 'demand' })
    const blocks = documentSegments(doc.blocks, [inner, claim])
    const drawn = blocks.flatMap((b) => b.segments.filter((s) => s.annotations.length).map((s) => [s.text, s.annotations.map((a) => a.id).join('+')]))
    expect(drawn).toEqual([
      ['Stocks cover ', 'c'],
      ['six months', 'c+n'],
      [' of demand', 'c+n'],
      ['.', 'c'],
      ['Import duties will be cut', 'c']
    ])
    const segments = blocks.flatMap((b) => b.segments)
    expect(segments.filter((s) => s.opening.length).map((s) => s.text)).toEqual(['Stocks cover ', 'six months'])
    expect(segments.filter((s) => s.closing.length).map((s) => [s.text, s.closing[0]!.id])).toEqual([
      [' of demand', 'n'],
      ['Import duties will be cut', 'c']
    ])
    // Every block's segments put together are its text.
    for (const b of blocks) expect(b.segments.map((s) => s.text).join('')).toBe(blockText(b.block))
  })
})

describe('exporting a project as an HTML page', () => {
  it('is one self-contained page: no remote resource, no script that runs, a CSP that forbids both, a generator', () => {
    const { html, doc } = page(richProject(), { jsonLd: [{ a: 1 }] })
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(HTML_CSP)
    expect(HTML_CSP).toContain("default-src 'none'")
    expect(HTML_CSP).not.toMatch(/script-src|unsafe-eval/)
    expect(doc.querySelector('meta[name="generator"]')!.getAttribute('content')).toBe('Factwork 0.1.0')
    expect([...doc.scripts].map((s) => s.type)).toEqual(['application/ld+json'])
    expect(doc.querySelectorAll('link, img, iframe, object, embed, video, audio, source, base, form').length).toBe(0)
    expect(doc.querySelectorAll('[src], [style]').length).toBe(0)
    expect(doc.querySelector('style')!.textContent).not.toMatch(/url\(|@import|@font-face/)
    for (const a of doc.querySelectorAll('a[href]')) expect(a.getAttribute('href')).toMatch(/^(#fw-[a-z]\d+$|https?:\/\/|mailto:)/)
  })

  it('names the project and, per document, what it says of itself and its original', () => {
    const project = richProject()
    const { doc } = page(project)
    expect(doc.querySelector('h1')!.textContent).toBe(project.title)
    expect(doc.title).toBe(`${project.title} — annotated by Factwork`)
    const news = doc.querySelector('section[data-document="d-news"]')!
    const field = (name: string) => news.querySelector(`[data-field="${name}"]`)!.textContent
    expect(field('title')).toBe('Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?')
    expect(field('byline')).toBe('NationPress staff')
    expect(field('siteName')).toBe('NationPress')
    expect(field('publishedTime')).toBe('2026-01-08T10:00:00Z')
    expect(field('url')).toBe('https://www.nationpress.com/world/pakistan-unreliable-ally')
    expect(field('lang')).toBe('en')
    expect(field('original.fileName')).toBe('pakistan-mnna-nationpress.txt')
    expect(field('original.mediaType')).toBe('text/plain')
    expect(field('original.size')).toBe('3.4 KB (3,499 bytes)')
    expect(field('original.importedAt')).toBe('1 March 2026, 09:30 UTC')
    expect(field('original.sha256')).toBe(project.documents[0]!.original.sha256)
    const arabic = doc.querySelector('section[data-document="d-ar"] article')!
    expect([arabic.getAttribute('lang'), arabic.getAttribute('dir')]).toEqual(['ar', 'rtl'])
  })

  it('shows a legend of the kinds with their counts, and the verdicts given', () => {
    const { doc } = page(richProject())
    const legend = [...doc.querySelectorAll('.fw-legend li')].map((li) => li.textContent)
    expect(legend).toEqual(['Claim8', 'Source2', 'Evidence3', 'Note4'])
    const verdicts = [...doc.querySelectorAll('.fw-verdicts li')].map((li) => li.textContent)
    expect(verdicts).toEqual(['True1', 'Mostly true1', 'Half true2', 'False1', 'Not rated1', 'Contested1', 'No verdict yet1'])
  })

  it('holds exactly the document’s text in each article: footnote numbers are drawn by the stylesheet', () => {
    const project = richProject()
    const { doc } = page(project)
    for (const d of project.documents) {
      const article = doc.querySelector(`section[data-document="${d.id}"] article`)!
      const expected = [...textBlocks(d.blocks)].map(({ block }) => blockText(block)).join('')
      expect(flat(article.textContent)).toBe(flat(expected))
    }
    expect(doc.querySelector('style')!.textContent).toContain('a.fw-ref::after { content: attr(data-n);')
  })

  it('marks every annotation, nesting overlaps, drawing one that spans blocks in each, with the verdict on each claim', () => {
    const { doc } = page(richProject())
    // 17 annotations, numbered in reading order; each has a first mark and a footnote mark.
    for (let n = 1; n <= 17; n++) {
      expect(doc.getElementById(`fw-t${n}`)!.tagName).toBe('MARK')
      expect(doc.getElementById(`fw-r${n}`)!.getAttribute('href')).toBe(`#fw-a${n}`)
    }
    // The evidence "approximately US$2.8 billion" sits inside the trade claim.
    const evidence = doc.querySelector('mark.fw-evidence[title="6 · Evidence"]')!
    expect(evidence.textContent).toBe('approximately US$2.8 billion')
    expect(evidence.parentElement!.closest('mark')!.getAttribute('title')).toBe('5 · Claim · Mostly true')
    // The claim crossing two list items is drawn in both.
    const stocks = [...doc.querySelectorAll('mark[title="12 · Claim · False"]')]
    expect(new Set(stocks.map((m) => m.closest('li'))).size).toBe(2)
    expect(stocks.map((m) => m.textContent).join('|')).toBe('Stocks cover |six months| of demand.|Import duties will be cut')
    // The verdict is on the claim's footnote mark, in the verdict's colour.
    const ref = doc.getElementById('fw-r12')!
    expect(ref.getAttribute('data-verdict')).toBe('False')
    expect(ref.className).toContain('fw-v-4')
    expect(doc.querySelector('style')!.textContent).toContain('.fw-v-4 { --v: #c0281d; --v-ink: #ffffff; }')
  })

  it('lists each annotation’s details, linked from its mark and back', () => {
    const { doc } = page(richProject())
    const entry = doc.getElementById('fw-a5')!
    const text = entry.textContent!
    expect(entry.querySelector('.fw-back')!.getAttribute('href')).toBe('#fw-r5')
    expect(entry.querySelector('.fw-quote')!.textContent).toBe('The trade between these neighboring nations amounts to approximately US$2.8 billion')
    for (const fact of [
      'Claim',
      'Mostly true',
      'Official figures for 2024–25 put trade at about $2.5 billion',
      'ClaimantGatestone Institute',
      'Claim date2026-01-08',
      'TypeStatistic',
      'StatusPublished',
      'Check-worthinessHigh',
      'ConfidenceModerate',
      'TagsEconomy'
    ])
      expect(text).toContain(fact)
    const links = [...entry.querySelectorAll('.fw-links li')].map((li) => li.textContent)
    expect(links).toEqual([
      'Supports 6 approximately US$2.8 billion Evidence in “Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?”',
      'Refutes State Bank of Pakistan trade statistics A Completely reliable — SBP shows $2.5 billion for 2024–25.',
      'Context Gatestone Institute report “Pakistan: An Unreliable Ally” D Not usually reliable'
    ])
    expect(doc.getElementById('fw-a6')!.textContent).toContain('Credibility2 — Probably true')
    expect(doc.getElementById('fw-a2')!.querySelector('dd a')!.getAttribute('href')).toBe('#fw-s1')
    expect(doc.getElementById('fw-a3')!.textContent).toContain('A deleted passage')
  })

  it('tabulates the claims with claimant, date, verdict colour, ruling, confidence and status', () => {
    const project = richProject()
    // A verdict since removed from the scale is shown as such.
    const annotations = project.annotations.map((a) => (a.id === 'c-first' ? { ...a, verdict: 'Outdated' } : a))
    const { doc } = page({ ...project, annotations })
    const rows = [...doc.querySelectorAll('.fw-claims-table tbody tr:not(.fw-group)')]
    expect(rows).toHaveLength(8)
    const trade = [...rows[3]!.querySelectorAll('td')].map((td) => td.textContent)
    expect(trade).toEqual([
      '5',
      'The trade between these neighboring nations amounts to approximately US$2.8 billion',
      'Gatestone Institute',
      '2026-01-08',
      'Mostly true',
      'Official figures for 2024–25 put trade at about $2.5 billion; $2.8 billion was last reached in 2023.',
      'Moderate',
      'Published'
    ])
    expect(rows[3]!.querySelector('.fw-badge')!.className).toBe('fw-badge fw-v-1')
    expect(rows[2]!.textContent).toContain('Outdated (not on the scale)')
    expect(rows[2]!.querySelector('.fw-badge')!.className).toBe('fw-badge fw-v-off')
    expect([...doc.querySelectorAll('.fw-claims-table .fw-group')].map((g) => g.textContent)).toEqual([
      '1. Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?',
      "2. Ministry's wheat figures under scrutiny",
      '3. ارتفاع أسعار القمح في الأسواق المحلية'
    ])
  })

  it('lists the sources with reliability in words and addresses as text and links; other addresses stay text', () => {
    const { doc } = page(richProject())
    const sources = [...doc.querySelectorAll('.fw-src')]
    expect(sources.map((s) => s.querySelector('.fw-reliability')!.textContent)).toEqual([
      'D Not usually reliable',
      'A Completely reliable',
      'B Usually reliable',
      'Reliability not assessed'
    ])
    const url = sources[0]!.querySelector('.fw-url')!
    expect([url.tagName, url.textContent, url.getAttribute('href')]).toEqual(['A', 'https://www.gatestoneinstitute.org/pakistan-unreliable-ally', 'https://www.gatestoneinstitute.org/pakistan-unreliable-ally'])
    const odd = sources[3]!.querySelector('.fw-url')!
    expect([odd.tagName, odd.textContent]).toEqual(['SPAN', 'javascript:alert(1)'])
    expect(sources[1]!.textContent).toContain('Attached file: sbp-trade-2025.xlsx (47.1 KB (48,213 bytes)), SHA-256 ' + 'b'.repeat(64))
    expect(sources[0]!.textContent).toContain('Cited by 2; Context claim 5')
  })

  it('prints in black and white: an underline style per kind, no table row split, addresses printed', () => {
    const css = page(richProject()).doc.querySelector('style')!.textContent!
    const print = css.slice(css.indexOf('@media print'))
    expect(css).toMatch(/mark\.fw-claim \{[^}]*text-decoration-style: solid/)
    expect(css).toMatch(/mark\.fw-source \{[^}]*text-decoration-style: dashed/)
    expect(css).toMatch(/mark\.fw-evidence \{[^}]*text-decoration-style: double/)
    expect(css).toMatch(/mark\.fw-note \{[^}]*text-decoration-style: dotted/)
    expect(print).toContain('tr, .fw-entry, .fw-src, blockquote, pre { break-inside: avoid; }')
    expect(print).toContain('content: " <" attr(href) ">"')
    expect(print).toContain('mark.fw-hl { text-decoration-color: #000; }')
  })

  it('embeds each JSON-LD item in a data block of its own that no string can close', () => {
    const items = [{ label: '</script><script>alert(1)</script>' }, { note: '<!-- x -->', list: ['</SCRIPT>', 'ok'] }]
    const { html, doc } = page(richProject(), { jsonLd: items })
    const blocks = [...doc.querySelectorAll('script[type="application/ld+json"]')]
    expect(blocks.map((s) => JSON.parse(s.textContent!))).toEqual(items)
    expect(html).not.toContain('</script><script>alert(1)')
    expect(html).not.toContain('<!-- x')
    expect(() => toHtml(richProject(), { ...options, jsonLd: [undefined] })).toThrow(TypeError)
  })

  it('exports one document alone, with only the sources it uses', () => {
    const project = richProject()
    const { doc } = page(project, { documentId: 'd-report' })
    expect([...doc.querySelectorAll('section[data-document]')].map((s) => s.getAttribute('data-document'))).toEqual(['d-report'])
    expect(doc.querySelector('h1')!.textContent).toBe(`${project.title}: Ministry's wheat figures under scrutiny`)
    expect([...doc.querySelectorAll('.fw-src-title')].map((s) => s.textContent)).toEqual(['Ministry of Trade quarterly bulletin'])
    expect(doc.getElementById('fw-t1')!.textContent).toBe('wheat prices rose ')
    expect(() => toHtml(project, { ...options, documentId: 'nope' })).toThrow(RangeError)
  })

  it('shows a run too long to break on one line, to scroll, and lets every other paragraph wrap', () => {
    const text = `Long runs\n\nShort words wrap as usual.\n\n${'ش'.repeat(LONG_RUN + 1)}\n\n${'x'.repeat(LONG_RUN)} and more`
    const built = buildDocument({ id: 'd-long', fileName: 'long.txt', format: 'text', text, original: { fileName: 'long.txt', mediaType: 'text/plain', size: text.length, sha256: 'e'.repeat(64), importedAt: '2026-03-01T09:30:00.000Z' } })
    if (!built.ok) throw new Error(built.message)
    const { html, doc } = page({ ...richProject(), documents: [built.value], annotations: [], links: [] })
    const paragraphs = [...doc.querySelectorAll('article p')]
    expect(paragraphs.map((p) => p.classList.contains('fw-long-run'))).toEqual([false, true, false])
    expect(flat(paragraphs[1]!.textContent)).toBe('ش'.repeat(LONG_RUN + 1))
    expect(html).toMatch(/\.fw-article \.fw-long-run \{ overflow-wrap: normal; overflow-x: auto; \}/)
  })

  it(`keeps ${vectors.length} hostile payloads inert in titles, notes, quotes, verdicts, sources, tags and document text`, () => {
    const project = hostileProject(vectors)
    const { doc } = page(project)
    const allowed = new Set(
      'html head meta title style script body a div header p span h1 h2 h3 ul li strong main section mark nav ol data article aside dl dt dd code blockquote q em table caption thead tbody tr th td footer time abbr'.split(' ')
    )
    const tags = new Set([...doc.querySelectorAll('*')].map((el) => el.localName))
    expect([...tags].filter((t) => !allowed.has(t))).toEqual([])
    const attributes = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name))
    expect(attributes.filter((a) => a.startsWith('on') || a === 'src' || a === 'style' || a === 'srcdoc' || a.includes(':'))).toEqual([])
    expect([...doc.scripts].every((s) => s.type === 'application/ld+json')).toBe(true)
    // The payloads come out as text, character for character.
    const d = project.documents[0]!
    expect(doc.querySelector('[data-field="title"]')!.textContent).toBe(d.title)
    expect(doc.querySelector('h1')!.textContent).toBe(project.title)
    expect(doc.querySelector('[data-field="byline"]')!.textContent).toBe(d.byline)
    const notes = [...doc.querySelectorAll('.fw-note-text')].map((p) => p.textContent!.replace(/^Note /, ''))
    const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/(?![\t\n\f])\p{Cc}/gu, '\uFFFD')
    expect(notes).toEqual(project.annotations.map((a) => clean(a.note)))
    expect(doc.querySelector('.fw-src-title')!.textContent).toBe(clean(project.sources[0]!.title))
    expect(doc.querySelector('.fw-src .fw-url')!.getAttribute('href')).toBe('https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E')
    // The document's text, characters HTML cannot carry aside, is the article's text.
    const article = doc.querySelector('article')!
    for (const abbr of article.querySelectorAll('abbr')) abbr.textContent = '\uFFFD'
    const expected = [...textBlocks(d.blocks)].map(({ block }) => blockText(block)).join('').replace(/(?![\t\n\f])\p{Cc}/gu, '\uFFFD')
    expect(flat(article.textContent)).toBe(flat(expected))
  })
})
