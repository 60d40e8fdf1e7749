import { describe, expect, it } from 'vitest'
import { placeQuote, quoteAt } from '../../data/anchor'
import { offsetMap } from '../../data/codePoints'
import { fuzzyFind, similarity } from '../../data/fuzzy'
import { articleText, documentFrom } from '../fixtures/w3c/factcheck'

const text = documentFrom('d', 'article.txt', articleText()).text

/** `text` with `from` replaced by `to`, which must occur once. */
function edit(source: string, from: string, to: string): string {
  expect(source.split(from)).toHaveLength(2)
  return source.replace(from, to)
}

describe('similarity', () => {
  it('is 1 for identical strings and falls with each edit', () => {
    expect(similarity('acknowledged', 'acknowledged')).toBe(1)
    expect(similarity('acknowledged', 'acknowleged')).toBeCloseTo(11 / 12)
    expect(similarity('abc', 'xyz')).toBe(0)
  })
})

describe('finding a quote by similarity', () => {
  const quote = 'Pakistan has consistently demonstrated itself to be a questionable strategic partner'

  it('finds a long quote after a typo was fixed at its start, middle or end', () => {
    for (const [typo, fixed] of [
      ['Pakistan has consistently', 'Pakistan has consistantly'],
      ['demonstrated itself', 'demonstrated it self'],
      ['strategic partner', 'strategic partnre']
    ] as const) {
      const old = quote.replace(typo, fixed)
      const match = fuzzyFind(text, old)
      expect(match && text.slice(match.start, match.end)).toBe(quote)
      expect(match!.similarity).toBeGreaterThan(0.9)
    }
  })

  it('finds a quote into which a word was inserted, and one from which a word was removed', () => {
    const inserted = edit(text, 'Pakistan has consistently', 'Pakistan has very consistently')
    const match = fuzzyFind(inserted, quote, text.indexOf(quote))
    expect(match && inserted.slice(match.start, match.end)).toBe('Pakistan has very consistently demonstrated itself to be a questionable strategic partner')
    const removed = edit(text, 'a questionable strategic', 'a strategic')
    const again = fuzzyFind(removed, quote)
    expect(again && removed.slice(again.start, again.end)).toBe('Pakistan has consistently demonstrated itself to be a strategic partner')
  })

  it('finds a quote of several hundred characters spanning paragraphs after a few edits', () => {
    const start = text.indexOf('The report argues')
    const end = text.indexOf('concerning issues relating to Gaza.') + 'concerning issues relating to Gaza.'.length
    const long = text.slice(start, end)
    expect(long.length).toBeGreaterThan(400)
    expect(long).toContain('\n\n')
    const changed = edit(edit(text, 'extremely problematic', 'highly problematic'), 'difficult to place trust', 'hard to place trust')
    const match = fuzzyFind(changed, long, start)
    expect(match!.start).toBe(changed.indexOf('The report argues'))
    expect(changed.slice(match!.start, match!.end).endsWith('relating to Gaza.')).toBe(true)
  })

  it('finds an edited quote far from its old position in a long text', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} reports that the figure for year ${1900 + i} was ${i * 17} units.`).join('\n\n')
    const long = `${filler}\n\n${text}`
    expect(long.length).toBeGreaterThan(30_000)
    const old = quote.replace('questionable', 'questionnable')
    for (const hint of [0, long.length - 10, 12_000]) {
      const match = fuzzyFind(long, old, hint)
      expect(match && long.slice(match.start, match.end)).toBe(quote)
    }
    expect(fuzzyFind(long, 'A sentence that is nowhere in this long text, not even nearly.', 500)).toBeNull()
  })

  it('finds nothing for a quote that is not in the text, or too short to match loosely', () => {
    expect(fuzzyFind(text, 'The minister resigned after the vote on Tuesday evening')).toBeNull()
    expect(fuzzyFind(text, 'Pakistam')).toBeNull()
    expect(fuzzyFind('', quote)).toBeNull()
  })

  it('prefers the similar passage nearest the old position when two are alike', () => {
    const twice = 'The trade amounts to US$2.8 billion a year. Later: the trade amounts to US$2.8 billion a year.'
    const old = 'trade amounts to US$2.9 billion a year'
    expect(fuzzyFind(twice, old, 0)!.start).toBe(4)
    expect(fuzzyFind(twice, old, 60)!.start).toBe(twice.lastIndexOf('trade'))
  })
})

describe('placing a quote', () => {
  const start = text.indexOf('approximately US$2.8 billion')
  const anchor = { start, end: start + 28, quote: quoteAt(text, start, start + 28) }

  it('keeps offsets that fit, finds a moved quote exactly, and an edited one by similarity', () => {
    expect(placeQuote(text, anchor.quote, anchor)).toEqual({ start, end: start + 28, how: 'offsets', similarity: 1 })
    const moved = 'Breaking. ' + text
    expect(placeQuote(moved, anchor.quote, anchor)).toEqual({ start: start + 10, end: start + 38, how: 'exact', similarity: 1 })
    const edited = edit(text, 'approximately US$2.8 billion', 'approximately US$ 2.8 billion')
    const placed = placeQuote(edited, anchor.quote, anchor)!
    expect(placed.how).toBe('fuzzy')
    expect(edited.slice(placed.start, placed.end)).toBe('approximately US$ 2.8 billion')
  })

  it('places a quote without any position, and gives null when nothing is close enough', () => {
    expect(placeQuote(text, anchor.quote)).toMatchObject({ start, how: 'exact' })
    expect(placeQuote('An unrelated text about the weather in Lahore this week.', anchor.quote, anchor)).toBeNull()
  })
})

describe('code points and code units', () => {
  it('converts offsets both ways around characters outside the Basic Multilingual Plane', () => {
    const sample = 'a📈b🚢c'
    const map = offsetMap(sample)
    expect([0, 1, 3, 4, 6, 7].map(map.toCodePoints)).toEqual([0, 1, 2, 3, 4, 5])
    expect([0, 1, 2, 3, 4, 5].map(map.toCodeUnits)).toEqual([0, 1, 3, 4, 6, 7])
    expect(offsetMap('plain').toCodeUnits(3)).toBe(3)
  })
})
