import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, ROOT, type OpenApp } from './harness'

const FIXTURES = join(ROOT, 'tests', 'fixtures')
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots')

describe('importing real articles in the browser host', () => {
  let app: OpenApp
  let page: Page
  let temp: string
  const dialogs: string[] = []

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    temp = await mkdtemp(join(tmpdir(), 'factwork-import-'))
    app = await openApp({ width: 1360, height: 900 })
    page = app.page
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.getByRole('button', { name: /^Is Pakistan/ }).waitFor()
  })

  afterAll(() => app?.close())

  const back = () => page.getByRole('button', { name: '← Projects' }).click()
  const importFile = (path: string) => page.locator('input[aria-label="Article files to import"]').setInputFiles(path)

  it('imports a saved news page as its article, with the original’s hash in the document info', async () => {
    const path = join(FIXTURES, 'readability', 'aclu', 'source.html')
    await importFile(path)
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Facebook Is Tracking Me Even Though I’m Not on Facebook')
    await expect.poll(() => page.locator('.fw-article').textContent()).toContain("I don't use Facebook. I'm not technophobic")
    expect(await page.locator('.fw-article').textContent()).not.toContain('Sign up')
    await page.screenshot({ path: join(SHOTS, 'import-news-page.png') })
    await page.getByRole('button', { name: 'Document info' }).click()
    const info = page.getByRole('dialog', { name: 'Document info' })
    const hash = createHash('sha256').update(await readFile(path)).digest('hex')
    await expect.poll(() => info.textContent()).toContain(hash)
    expect(await info.textContent()).toContain('Daniel Kahn Gillmor')
    await page.screenshot({ path: join(SHOTS, 'document-info.png') })
    await info.getByRole('button', { name: 'Close' }).click()
    await back()
  })

  it('imports a Word file with its headings and emphasis', async () => {
    const word = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Council budget: what the figures show', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ children: [new TextRun('The council says spending on roads rose by '), new TextRun({ text: '18 percent', bold: true }), new TextRun(' in 2025.')] }),
            new Paragraph({ text: 'What the documents say', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ children: [new TextRun({ text: 'The audited accounts show a rise of 11 percent.', italics: true })] })
          ]
        }
      ]
    })
    const path = join(temp, 'council-budget.docx')
    await writeFile(path, await Packer.toBuffer(word))
    await importFile(path)
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Council budget: what the figures show')
    await expect.poll(() => page.locator('.fw-article h2').textContent()).toBe('What the documents say')
    expect(await page.locator('.fw-article strong').textContent()).toBe('18 percent')
    await page.screenshot({ path: join(SHOTS, 'import-word.png') })
    await back()
  })

  it('shows a right-to-left article right to left', async () => {
    await importFile(join(FIXTURES, 'arabic-article.html'))
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('ارتفاع أسعار القمح في الأسواق المحلية')
    const directions = await page.locator('.fw-article p').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).direction))
    expect(directions.length).toBeGreaterThan(3)
    expect(new Set(directions)).toEqual(new Set(['rtl']))
    await page.screenshot({ path: join(SHOTS, 'import-rtl.png') })
    await back()
  })

  it('shows a run of letters too long to break on one line, to scroll, and wraps the paragraphs around it', async () => {
    // Breaking a run of 20,000 Arabic letters to fit the line would take Chromium seconds.
    const path = join(temp, 'long-run.txt')
    await writeFile(path, `Long runs of letters\n\nAn ordinary paragraph that wraps at its spaces like any other.\n\n${'ش'.repeat(20_000)}\n\nAnother ordinary paragraph.`)
    await importFile(path)
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Long runs of letters')
    const wrapping = await page.locator('.fw-article p').evaluateAll((ps) => ps.map((p) => `${getComputedStyle(p).overflowWrap} ${getComputedStyle(p).overflowX}`))
    expect(wrapping).toEqual(['break-word visible', 'normal auto', 'break-word visible'])
    await back()
  })

  it('keeps the structure of pasted rich text, without its scripts', async () => {
    await page.getByRole('button', { name: 'Paste text…' }).click()
    await page.getByLabel('Article text').evaluate((area) => {
      const data = new DataTransfer()
      data.setData('text/html', '<meta charset="utf-8"><h1>Pasted headline</h1><p>First <b>bold</b> claim.</p><img src=x onerror="window.__xss=1"><script>window.__xss=2</script><ul><li>one</li><li>two</li></ul>')
      data.setData('text/plain', 'Pasted headline\nFirst bold claim.\none\ntwo')
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => page.getByText('Formatted text pasted').count()).toBe(1)
    await page.getByRole('button', { name: 'Create project' }).click()
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Pasted headline')
    expect(await page.locator('.fw-article li').count()).toBe(2)
    expect(await page.locator('.fw-article strong').textContent()).toBe('bold')
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await back()
  })

  it('imports several dropped files at once, a PDF among them, and says how many it imported', async () => {
    const files = [
      { name: 'port-report.pdf', type: 'application/pdf', base64: (await readFile(join(FIXTURES, 'port-report.pdf'))).toString('base64') },
      { name: 'notes.md', type: 'text/markdown', base64: Buffer.from('# Harbour notes\n\nThe port handled *4.1 percent* more containers.').toString('base64') },
      { name: 'broken.docx', type: 'application/octet-stream', base64: Buffer.from('PK\x03\x04 not really a zip').toString('base64') }
    ]
    await page.evaluate((list) => {
      const data = new DataTransfer()
      for (const f of list) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }))
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    }, files)
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'broken.docx is not a complete zip archive' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Imported 2 of 3 files.' }).count()).toBe(1)
    const list = page.getByRole('region', { name: 'Project list' })
    await expect.poll(() => list.getByText('Port traffic report 2025').count()).toBe(1)
    await expect.poll(() => list.getByText('Harbour notes').count()).toBe(1)
    await list.getByText('Port traffic report 2025').click()
    await expect.poll(() => page.locator('.fw-article h2').textContent()).toBe('Methodology')
    expect(await page.locator('.fw-article').textContent()).toContain('rose by 4.1 percent in 2025, according to figures published')
    await back()
  })

  it('runs nothing from hostile pages: DOMPurify’s vectors and event handlers stay inert', async () => {
    const vectors = JSON.parse(await readFile(join(FIXTURES, 'xss-vectors.json'), 'utf8')) as { payload: string }[]
    const sentinels = [
      '<img src=x onerror="window.__xss=\'img\'">',
      '<svg onload="window.__xss=\'svg\'"></svg>',
      '<a href="javascript:window.__xss=\'href\'">click</a>',
      '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'"></style></mglyph></table></mtext></math>',
      '<iframe srcdoc="<script>parent.__xss=\'iframe\'</script>"></iframe>',
      '<p style="background:url(javascript:window.__xss=1)">styled</p>',
      '<form action="javascript:window.__xss=1"><button>go</button></form>'
    ]
    const body = [...sentinels, ...vectors.map((v) => v.payload)].map((p) => `<div>${p}</div>`).join('\n')
    const path = join(temp, 'hostile.html')
    await writeFile(path, `<!doctype html><html><head><title>Hostile page</title></head><body><article><h1>Hostile page</h1><p>${'A long enough paragraph of ordinary text to count as an article. '.repeat(20)}</p>${body}</article></body></html>`)
    await importFile(path)
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Hostile page')
    await page.waitForTimeout(500)
    const article = page.locator('.fw-article')
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined()
    expect(await article.locator('script, img, svg, math, iframe, form, style, object, embed').count()).toBe(0)
    // The only style in the article is the one the view sets itself: each section's estimated height.
    const handlers = await article.evaluate((root) =>
      [...root.querySelectorAll('*')]
        .flatMap((el) => [...el.attributes].map((a) => ({ tag: el.tagName, name: a.name, value: a.value })))
        .filter((a) => !(a.tag === 'SECTION' && a.name === 'style' && /^contain-intrinsic-size: auto [\d.]+px;?$/.test(a.value.trim())))
        .map((a) => a.name)
        .filter((n) => n.startsWith('on') || n === 'href' || n === 'src' || n === 'style')
    )
    expect(handlers).toEqual([])
    expect(dialogs).toEqual([])
    // The stored document holds text and safe link targets only.
    const stored = JSON.stringify(JSON.parse(await readFile(join(app.host.home, 'projects', (await page.evaluate(() => location.hash)).split('/').pop() + '.json'), 'utf8')).project.documents[0].blocks)
    for (const href of stored.match(/"href":"[^"]*"/g) ?? []) expect(href).toMatch(/^"href":"(https?:|mailto:)/i)
    expect(app.errors).toEqual([])
  })
})
