import { JSDOM } from 'jsdom'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importBytes } from '../../main/importer'
import { tokenF1 } from './tokens'

const CORPUS = join(resolve(__dirname, '..'), 'fixtures', 'readability')

interface Expected {
  title: string
  byline: string | null
  lang: string | null
  siteName: string | null
}

async function pages(): Promise<string[]> {
  const names = await readdir(CORPUS, { withFileTypes: true })
  return names.filter((d) => d.isDirectory()).map((d) => d.name).sort()
}

async function importPage(name: string) {
  const bytes = new Uint8Array(await readFile(join(CORPUS, name, 'source.html')))
  const doc = await importBytes('source.html', bytes, { documentId: 'd', now: '2026-01-01T00:00:00.000Z' })
  if (!doc.ok) throw new Error(doc.message)
  return doc.value
}

describe('importing saved news pages', async () => {
  const names = await pages()
  const scores: Record<string, number> = {}

  it.each(names)('keeps the article of %s, with its title', async (name) => {
    const doc = await importPage(name)
    const expectedHtml = await readFile(join(CORPUS, name, 'expected.html'), 'utf8')
    const expectedText = new JSDOM(expectedHtml).window.document.body.textContent ?? ''
    const meta = JSON.parse(await readFile(join(CORPUS, name, 'expected-metadata.json'), 'utf8')) as Expected
    scores[name] = tokenF1(doc.text, expectedText)
    expect(doc.title).toBe(meta.title.replace(/\s+/g, ' ').trim())
    expect(doc.format).toBe('html')
    expect(scores[name]).toBeGreaterThan(0.85)
  })

  it('matches Readability’s expected text with a median token F1 of at least 0.95', () => {
    const values = Object.values(scores).sort((a, b) => a - b)
    expect(values).toHaveLength(names.length)
    const median = values.length % 2 ? values[(values.length - 1) / 2]! : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2
    console.log(`token F1 per page: ${Object.entries(scores).map(([n, s]) => `${n} ${s.toFixed(3)}`).join(', ')}; median ${median.toFixed(3)}`)
    expect(median).toBeGreaterThanOrEqual(0.95)
  })

  it('keeps the byline, site and language the page states', async () => {
    const aclu = await importPage('aclu')
    expect(aclu).toMatchObject({ byline: 'Daniel Kahn Gillmor', siteName: 'American Civil Liberties Union', lang: 'en' })
    expect((await importPage('lemonde-1')).lang).toBe('fr')
    expect((await importPage('yahoo-4')).lang).toBe('ja')
  })
})
