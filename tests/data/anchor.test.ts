import { describe, expect, it } from 'vitest'
import { anchorFits, quoteAt, reanchor } from '../../data/anchor'

const text = 'The trade amounts to US$2.8 billion. Officials said US$2.8 billion was a record.'

describe('text anchors', () => {
  it('quotes the annotated text with context on both sides', () => {
    const start = text.indexOf('US$2.8')
    const quote = quoteAt(text, start, start + 'US$2.8 billion'.length)
    expect(quote.exact).toBe('US$2.8 billion')
    expect(text.endsWith(quote.prefix, start)).toBe(true)
    expect(quote.suffix.startsWith('. Officials')).toBe(true)
  })

  it('refuses an empty or out-of-range selection with a RangeError', () => {
    expect(() => quoteAt(text, 5, 5)).toThrow(RangeError)
    expect(() => quoteAt(text, 0, text.length + 1)).toThrow(RangeError)
  })

  it('keeps offsets that still fit', () => {
    const start = text.lastIndexOf('US$2.8')
    const anchor = { start, end: start + 14, quote: quoteAt(text, start, start + 14) }
    expect(anchorFits(text, anchor)).toBe(true)
    expect(reanchor(text, anchor)).toEqual({ start, end: start + 14 })
  })

  it('finds the right one of two identical quotes by its context after the text moved', () => {
    const start = text.lastIndexOf('US$2.8')
    const anchor = { start, end: start + 14, quote: quoteAt(text, start, start + 14) }
    const edited = 'BREAKING: ' + text
    expect(reanchor(edited, anchor)).toEqual({ start: start + 10, end: start + 24 })
  })

  it('reports a quote that no longer occurs as not found', () => {
    const anchor = { start: 0, end: 9, quote: quoteAt(text, 0, 9) }
    expect(reanchor('Completely different.', anchor)).toBeNull()
  })
})
