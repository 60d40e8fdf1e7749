import { StepMap } from 'prosemirror-transform'
import { describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { applyChanges, invertChanges, type Change } from '../../data/changes'
import { layout, type Block } from '../../data/document'
import { applyTextEdits, EDITED_AWAY, invertTextEdits, mapOffset, type TextEdit } from '../../data/edit'
import type { ArticleDocument, Project } from '../../data/project'
import { annotation, now, project } from './model'

const p = (text: string, marks?: ('em' | 'strong')[]): Block => ({ type: 'paragraph', content: [{ text, ...(marks ? { marks } : {}) }] })

/** A document made of `blocks`, its text laid out from them. */
function documentOf(blocks: Block[]): ArticleDocument {
  return {
    id: 'd1',
    title: 'Port report',
    format: 'markdown',
    blocks,
    text: layout(blocks).text,
    original: { fileName: 'r.md', mediaType: 'text/markdown', size: 1, sha256: 'a'.repeat(64), importedAt: now }
  }
}

function edited(document: ArticleDocument, edits: TextEdit[]): ArticleDocument {
  const result = applyTextEdits(document, [], edits)
  if (!result.ok) throw new Error(result.message)
  expect(layout(result.value.document.blocks).text).toBe(result.value.document.text)
  return result.value.document
}

/** The edit that replaces the first occurrence of `exact` in `text`. */
function replace(text: string, exact: string, by: string): TextEdit {
  const from = text.indexOf(exact)
  if (from < 0) throw new Error(`"${exact}" is not in the text`)
  return { from, to: from + exact.length, text: by }
}

const article = documentOf([
  { type: 'heading', level: 1, content: [{ text: 'Port traffic' }] },
  { type: 'paragraph', content: [{ text: 'Traffic rose ' }, { text: 'sharply', marks: ['em'] }, { text: ' in ' }, { text: '2023', href: 'https://example.org/2023' }, { text: '.' }] },
  p('Officials disputed the figure.'),
  { type: 'list', ordered: false, items: [[p('First item')], [p('Second item')]] },
  { type: 'quote', blocks: [p('A quoted line.'), p('Another quoted line.')] },
  { type: 'code', content: [{ text: 'x = 1' }] }
])

describe('editing the text of a document', () => {
  it('fixes a word inside a paragraph, keeping the emphasis and the link around it', () => {
    const after = edited(article, [replace(article.text, 'rose', 'grew')])
    expect(after.text).toContain('Traffic grew sharply in 2023.')
    expect(after.blocks[1]).toEqual({
      type: 'paragraph',
      content: [{ text: 'Traffic grew ' }, { text: 'sharply', marks: ['em'] }, { text: ' in ' }, { text: '2023', href: 'https://example.org/2023' }, { text: '.' }]
    })
  })

  it('gives typed text the emphasis of the character before it, and a link only inside the link', () => {
    const inEm = edited(article, [{ from: article.text.indexOf('sharply') + 7, to: article.text.indexOf('sharply') + 7, text: 'er' }])
    expect((inEm.blocks[1] as unknown as { content: unknown[] }).content[1]).toEqual({ text: 'sharplyer', marks: ['em'] })
    const at = article.text.indexOf('2023')
    const inside = edited(article, [{ from: at + 2, to: at + 2, text: '-' }])
    expect((inside.blocks[1] as unknown as { content: unknown[] }).content[3]).toEqual({ text: '20-23', href: 'https://example.org/2023' })
    const atEdge = edited(article, [{ from: at + 4, to: at + 4, text: '!' }])
    expect((atEdge.blocks[1] as unknown as { content: unknown[] }).content.slice(3)).toEqual([{ text: '2023', href: 'https://example.org/2023' }, { text: '!.' }])
  })

  it('splits a paragraph at a blank line and joins two paragraphs when the blank line goes', () => {
    const at = article.text.indexOf('the figure')
    const split = edited(article, [{ from: at, to: at, text: '\n\n' }])
    expect(split.blocks.slice(2, 4)).toEqual([p('Officials disputed '), p('the figure.')])
    const joined = edited(split, [{ from: at, to: at + 2, text: '' }])
    expect(joined).toEqual(article)
  })

  it('follows a heading split at its end with a paragraph, and one split inside with a heading', () => {
    const end = 'Port traffic'.length
    expect(edited(article, [{ from: end, to: end, text: '\n\nIn brief' }]).blocks.slice(0, 2)).toEqual([
      { type: 'heading', level: 1, content: [{ text: 'Port traffic' }] },
      p('In brief')
    ])
    expect(edited(article, [{ from: 4, to: 5, text: '\n\n' }]).blocks.slice(0, 2)).toEqual([
      { type: 'heading', level: 1, content: [{ text: 'Port' }] },
      { type: 'heading', level: 1, content: [{ text: 'traffic' }] }
    ])
  })

  it('deletes across paragraphs into the first one, and within a list item or a quote', () => {
    const text = article.text
    const across = edited(article, [{ from: text.indexOf('in 2023'), to: text.indexOf('the figure'), text: 'per ' }])
    expect(across.blocks[1]).toEqual({ type: 'paragraph', content: [{ text: 'Traffic rose ' }, { text: 'sharply', marks: ['em'] }, { text: ' per the figure.' }] })
    expect(across.blocks).toHaveLength(article.blocks.length - 1)
    const quoted = edited(article, [{ from: text.indexOf('line.') + 5, to: text.indexOf('Another'), text: ' ' }])
    expect(quoted.blocks[4]).toEqual({ type: 'quote', blocks: [p('A quoted line. Another quoted line.')] })
  })

  it('keeps new lines in a code block as they are typed', () => {
    const at = article.text.indexOf('x = 1') + 5
    const after = edited(article, [{ from: at, to: at, text: '\n\ny = 2' }])
    expect(after.blocks[5]).toEqual({ type: 'code', content: [{ text: 'x = 1\n\ny = 2' }] })
  })

  it('refuses edits that start between blocks or join across a list or quote, changing nothing', () => {
    const text = article.text
    const between = text.indexOf('\n\nOfficials') + 1
    expect(applyTextEdits(article, [], [{ from: between, to: between, text: 'x' }])).toMatchObject({ ok: false, code: 'invalid-args' })
    const intoList = applyTextEdits(article, [], [{ from: text.indexOf('figure.') + 7, to: text.indexOf('First'), text: '' }])
    expect(intoList.ok).toBe(false)
    if (!intoList.ok) expect(intoList.message).toContain('across a list or quote')
    expect(applyTextEdits(article, [], [{ from: text.length, to: text.length + 1, text: '' }]).ok).toBe(false)
  })

  it('keeps layout and text in step through a thousand random edits', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let document = article
    let applied = 0
    for (let i = 0; i < 1000; i++) {
      const from = random(document.text.length + 1)
      const to = Math.min(document.text.length, from + random(12))
      const text = ['', 'a', 'word ', '\n\n', 'two\n\nparts', 'é'][random(6)]!
      const result = applyTextEdits(document, [], [{ from, to, text }])
      if (!result.ok) continue
      applied++
      document = result.value.document
      expect(layout(document.blocks).text).toBe(document.text)
    }
    expect(applied).toBeGreaterThan(300)
  })
})

describe('carrying annotations through edits', () => {
  it('maps an offset exactly as ProseMirror maps a position through the same replacement', () => {
    const edits: TextEdit[] = [
      { from: 5, to: 5, text: 'abc' },
      { from: 5, to: 9, text: '' },
      { from: 5, to: 9, text: 'xy' },
      { from: 0, to: 3, text: 'longer text' }
    ]
    for (const edit of edits) {
      const map = new StepMap([edit.from, edit.to - edit.from, edit.text.length])
      for (let offset = 0; offset < 15; offset++) {
        for (const assoc of [1, -1] as const) expect(mapOffset(offset, edit, assoc)).toBe(map.map(offset, assoc))
      }
    }
  })

  it('moves a claim after a word fixed before it, its quote unchanged', () => {
    const before = project()
    const claim = annotation(before, 'approximately US$2.8 billion', 'c1')
    const document = before.documents[0]!
    const result = applyTextEdits(document, [claim], [replace(document.text, 'trade', 'commerce')])
    if (!result.ok) throw new Error(result.message)
    const moved = result.value.annotations[0]!
    expect(result.value.document.text.slice(moved.start, moved.end)).toBe('approximately US$2.8 billion')
    expect(moved.start).toBe(claim.start + 'commerce'.length - 'trade'.length)
    expect(moved.quote.exact).toBe(claim.quote.exact)
    expect(moved.quote.prefix).toBe(quoteAt(result.value.document.text, moved.start, moved.end).prefix)
  })

  it('keeps text typed at either edge of a passage outside it, and text typed inside it inside', () => {
    const before = project()
    const claim = annotation(before, 'US$2.8 billion', 'c1')
    const document = before.documents[0]!
    const result = applyTextEdits(document, [claim], [
      { from: claim.end, to: claim.end, text: ' a year' },
      { from: claim.start, to: claim.start, text: 'about ' },
      { from: claim.start + 'about US$2.8'.length, to: claim.start + 'about US$2.8'.length, text: '5' }
    ])
    if (!result.ok) throw new Error(result.message)
    const moved = result.value.annotations[0]!
    expect(result.value.document.text).toContain('approximately about US$2.85 billion a year')
    expect(moved.quote.exact).toBe('US$2.85 billion')
  })

  it('makes an orphan of an annotation whose whole text is deleted, with every field kept', () => {
    const before = project()
    const claim = { ...annotation(before, 'US$2.8 billion', 'c1'), verdict: 'False', note: 'No such figure' }
    const other = annotation(before, 'Officials', 'c2')
    const document = before.documents[0]!
    const result = applyTextEdits(document, [claim, other], [replace(document.text, 'approximately US$2.8 billion, ', '')])
    if (!result.ok) throw new Error(result.message)
    expect(result.value.annotations.map((a) => a.id)).toEqual(['c2'])
    expect(result.value.orphaned).toEqual([
      expect.objectContaining({ id: 'c1', verdict: 'False', note: 'No such figure', reason: EDITED_AWAY, start: claim.start - 'approximately '.length })
    ])
  })

  it('makes an orphan of a passage across two paragraphs once both its parts are deleted', () => {
    const blocks = [p('The trade amounts to US$2.8 billion.'), p('Officials disputed the figure.')]
    const document = documentOf(blocks)
    const start = document.text.indexOf('billion.')
    const end = document.text.indexOf('Officials') + 'Officials'.length
    const spanning = { ...annotation(project(), 'Officials', 'x'), start, end, quote: quoteAt(document.text, start, end) }
    const first = applyTextEdits(document, [spanning], [{ from: start, to: start + 'billion.'.length, text: '' }])
    if (!first.ok) throw new Error(first.message)
    expect(first.value.annotations[0]!.quote.exact).toBe('\n\nOfficials')
    const at = first.value.document.text.indexOf('Officials')
    const second = applyTextEdits(first.value.document, first.value.annotations, [{ from: at, to: at + 'Officials'.length, text: '' }])
    if (!second.ok) throw new Error(second.message)
    expect(second.value.annotations).toEqual([])
    expect(second.value.orphaned.map((o) => o.id)).toEqual(['x'])
  })

  it('inverts edits so that applying both gives the text back', () => {
    const text = 'The quick brown fox.'
    const edits: TextEdit[] = [
      { from: 4, to: 9, text: 'slow' },
      { from: 0, to: 0, text: 'Look: ' },
      { from: 15, to: 21, text: '' }
    ]
    let forward = text
    for (const e of edits) forward = forward.slice(0, e.from) + e.text + forward.slice(e.to)
    let back = forward
    for (const e of invertTextEdits(text, edits)) back = back.slice(0, e.from) + e.text + back.slice(e.to)
    expect(back).toBe(text)
  })
})

describe('the editText change', () => {
  function apply(p: Project, changes: Change[]): Project {
    const result = applyChanges(p, changes, now)
    if (!result.ok) throw new Error(result.message)
    return result.value
  }

  it('saves an edit as a delta: the document and its annotations change together, one revision', () => {
    let p = project()
    p = apply(p, [{ op: 'addAnnotation', annotation: annotation(p, 'Officials at the Gatestone Institute', 'c1') }])
    const text = p.documents[0]!.text
    const next = apply(p, [{ op: 'editText', documentId: 'd1', edits: [replace(text, 'trade', 'commerce')] }])
    expect(next.revision).toBe(p.revision + 1)
    expect(next.documents[0]!.text).toContain('The commerce amounts')
    const claim = next.annotations[0]!
    expect(next.documents[0]!.text.slice(claim.start, claim.end)).toBe('Officials at the Gatestone Institute')
  })

  it('undoes an edit that shortened one passage and deleted another: both come back as they were', () => {
    let p = project()
    const shortened = annotation(p, 'approximately US$2.8 billion', 'c1')
    const deleted = { ...annotation(p, 'the report said', 'c2'), note: 'Which report?' }
    p = apply(p, [
      { op: 'addAnnotation', annotation: shortened },
      { op: 'addAnnotation', annotation: deleted }
    ])
    const text = p.documents[0]!.text
    const change: Change = { op: 'editText', documentId: 'd1', edits: [{ from: text.indexOf('US$2.8'), to: text.indexOf('the report said') + 'the report said'.length, text: '' }] }
    const inverse = invertChanges(p, [change], now)
    if (!inverse.ok) throw new Error(inverse.message)
    const after = apply(p, [change])
    expect(after.orphans.map((o) => [o.id, o.note, o.reason])).toEqual([['c2', 'Which report?', EDITED_AWAY]])
    expect(after.annotations.map((a) => a.quote.exact)).toEqual(['approximately '])
    const undone = apply(after, inverse.value)
    expect(undone.documents).toEqual(p.documents)
    expect(undone.orphans).toEqual([])
    expect(undone.annotations.map((a) => [a.id, a.start, a.end, a.quote])).toEqual(
      [shortened, deleted].map((a) => [a.id, a.start, a.end, a.quote])
    )
    expect(undone.annotations.find((a) => a.id === 'c2')!.note).toBe('Which report?')
  })

  it('refuses an edit of a document that is not in the project', () => {
    const result = applyChanges(project(), [{ op: 'editText', documentId: 'nope', edits: [{ from: 0, to: 0, text: 'x' }] }], now)
    expect(result).toMatchObject({ ok: false, code: 'invalid-args' })
  })
})
