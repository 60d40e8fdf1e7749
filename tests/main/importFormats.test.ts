import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { importBytes } from '../../main/importer'
import { DOCX_LIMITS, inspectZip } from '../../main/import/zip'

const FIXTURES = join(resolve(__dirname, '..'), 'fixtures')
const options = { documentId: 'd', now: '2026-01-01T00:00:00.000Z' }

/** A zip archive with the given entries, stored (not compressed) unless `deflate`. */
function zip(entries: { name: string; data: Uint8Array; claimSize?: number }[], deflate = false): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const body = deflate ? deflateRawSync(e.data) : Buffer.from(e.data)
    const size = e.claimSize ?? e.data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(deflate ? 8 : 0, 8)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, body)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(deflate ? 8 : 0, 10)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, dir, end]))
}

describe('importing Word files', () => {
  it('keeps headings, paragraphs, lists and emphasis, titled with the first heading', async () => {
    const word = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Ministry revises jobless figures', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ children: [new TextRun('Unemployment fell to '), new TextRun({ text: '4.2 percent', bold: true }), new TextRun(' in the third quarter.')] }),
            new Paragraph({ text: 'Method', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: 'The survey changed twice since 2019.', bullet: { level: 0 } })
          ]
        }
      ]
    })
    const bytes = new Uint8Array(await Packer.toBuffer(word))
    const doc = await importBytes('figures.docx', bytes, options)
    if (!doc.ok) throw new Error(doc.message)
    expect(doc.value.title).toBe('Ministry revises jobless figures')
    expect(doc.value.format).toBe('docx')
    expect(doc.value.text).toBe('Ministry revises jobless figures\n\nUnemployment fell to 4.2 percent in the third quarter.\n\nMethod\n\nThe survey changed twice since 2019.')
    expect(JSON.stringify(doc.value.blocks)).toContain('"marks":["strong"]')
    expect(doc.value.original).toMatchObject({ fileName: 'figures.docx', size: bytes.length })
  })

  it('refuses a zip that is not a Word file, naming what is missing', async () => {
    const result = await importBytes('notes.docx', zip([{ name: 'notes.txt', data: Buffer.from('hello') }]), options)
    expect(!result.ok && result.message).toBe('notes.docx is not a Word file: it has no word/document.xml.')
  })

  it('refuses archives that inflate too far, have too many entries or escape their folder, before inflating', async () => {
    const bomb = zip([{ name: 'word/document.xml', data: new Uint8Array(Buffer.alloc(2 * 1024 * 1024, 0x41)) }], true)
    expect(inspectZip(bomb, DOCX_LIMITS)).toMatchObject({ ok: false, problem: expect.stringContaining('zip bombs') })
    const claimed = zip([{ name: 'word/document.xml', data: Buffer.from('x'), claimSize: 0xfffffff0 }])
    expect(inspectZip(claimed, DOCX_LIMITS)).toMatchObject({ ok: false, problem: expect.stringContaining('more than 300 MB') })
    const many = zip(Array.from({ length: DOCX_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('') })))
    expect(inspectZip(many, DOCX_LIMITS)).toMatchObject({ ok: false, problem: expect.stringContaining('entries') })
    for (const name of ['../evil.xml', '/etc/passwd', 'word/../../x', 'C:\\x']) {
      expect(inspectZip(zip([{ name, data: Buffer.from('x') }]), DOCX_LIMITS)).toMatchObject({ ok: false, problem: expect.stringContaining('outside the archive') })
    }
    const result = await importBytes('bomb.docx', bomb, options)
    expect(!result.ok && result.message).toMatch(/^bomb\.docx inflates \d+ times its size/)
  })
})

describe('importing PDFs', () => {
  const pdf = async (name: string) => new Uint8Array(await readFile(join(FIXTURES, name)))

  it('keeps the text of every page as headings and paragraphs, titled from its metadata', async () => {
    const doc = await importBytes('port-report.pdf', await pdf('port-report.pdf'), options)
    if (!doc.ok) throw new Error(doc.message)
    expect(doc.value).toMatchObject({ title: 'Port traffic report 2025', format: 'pdf', lang: 'en' })
    expect(doc.value.original).toMatchObject({ fileName: 'port-report.pdf', mediaType: 'application/pdf' })
    expect(doc.value.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'paragraph', 'heading', 'paragraph', 'paragraph'])
    // Lines of a paragraph are joined with spaces, and the second page's text follows the first.
    expect(doc.value.text).toContain('rose by 4.1 percent in 2025, according to figures published by the port authority on 3 February.')
    expect(doc.value.text).toContain('twenty-foot equivalent units')
    expect(doc.value.text.endsWith("a figure the authority's own data does not support.")).toBe(true)
  })

  it('names a PDF protected by a password, one without text, and a damaged one', async () => {
    const locked = await importBytes('locked.pdf', await pdf('port-report-locked.pdf'), options)
    expect(!locked.ok && locked.message).toBe('locked.pdf is protected by a password; remove the protection and import it again.')
    const scan = await importBytes('scan.pdf', await pdf('image-only.pdf'), options)
    expect(!scan.ok && scan.message).toMatch(/^scan\.pdf has no text to annotate: it holds only images/)
    const whole = await pdf('port-report.pdf')
    const cut = await importBytes('cut.pdf', whole.subarray(0, 1200), options)
    expect(cut.ok ? 'imported' : cut.message).toMatch(/^cut\.pdf (is a damaged PDF|has no text to annotate)/)
  })
})

describe('importing web pages', () => {
  it('keeps a right-to-left article with its language, direction and site, without the page around it', async () => {
    const doc = await importBytes('wheat.html', new Uint8Array(await readFile(join(FIXTURES, 'arabic-article.html'))), options)
    if (!doc.ok) throw new Error(doc.message)
    expect(doc.value).toMatchObject({ title: 'ارتفاع أسعار القمح في الأسواق المحلية', lang: 'ar', dir: 'rtl', format: 'html' })
    expect(doc.value.text).toContain('قالت وزارة التجارة يوم الثلاثاء')
    expect(doc.value.text).not.toContain('الرئيسية')
    expect(doc.value.text).not.toContain('جميع الحقوق محفوظة')
  })

  it('reads a page saved in the encoding its meta tag declares (Shift_JIS)', async () => {
    const doc = await importBytes('port.html', new Uint8Array(await readFile(join(FIXTURES, 'shift-jis-article.html'))), options)
    if (!doc.ok) throw new Error(doc.message)
    expect(doc.value).toMatchObject({ title: '港湾の取扱量、前年比4.1%増', lang: 'ja' })
    expect(doc.value.text).toContain('主要3港のコンテナ取扱量が2025年に前年比4.1%増加した')
    expect(doc.value.text).not.toContain('ホーム')
  })

  it('keeps only http(s) and mailto links, and resolves relative ones against the page address', async () => {
    const html = `<!doctype html><html><head><title>Links</title><link rel="canonical" href="https://news.example/a/story"></head><body>
      <p>See <a href="/data.csv">the data</a>, <a href="javascript:alert(1)">this</a>, <a href="mailto:desk@news.example">the desk</a> and <a href="file:///etc/passwd">that</a>.</p></body></html>`
    const doc = await importBytes('links.html', new TextEncoder().encode(html), options)
    if (!doc.ok) throw new Error(doc.message)
    const hrefs = doc.value.blocks.flatMap((b) => ('content' in b ? b.content.flatMap((r) => (r.href ? [r.href] : [])) : []))
    expect(hrefs).toEqual(['https://news.example/data.csv', 'mailto:desk@news.example'])
    expect(doc.value.url).toBe('https://news.example/a/story')
  })
})

describe('hostile HTML', async () => {
  const vectors = JSON.parse(await readFile(join(FIXTURES, 'xss-vectors.json'), 'utf8')) as { title: string; payload: string }[]

  it.each(vectors.map((v, i) => [i, v.title, v.payload] as const))('stores vector %i (%s) as inert text only', async (_i, _title, payload) => {
    const page = `<!doctype html><html><head><title>Vector</title></head><body><article><h1>Vector</h1><p>Before the payload.</p>${payload}<p>After the payload.</p></article></body></html>`
    const doc = await importBytes('vector.html', new TextEncoder().encode(page), options)
    if (!doc.ok) {
      expect(doc.code).toBe('bad-input')
      return
    }
    // Blocks hold only text, marks and safe hrefs: no element or attribute survives as markup.
    const hrefs = JSON.stringify(doc.value.blocks).match(/"href":"[^"]*"/g) ?? []
    for (const href of hrefs) expect(href).toMatch(/^"href":"(https?:|mailto:)/i)
    expect(Object.keys(doc.value).sort()).not.toContain('html')
  })
})
