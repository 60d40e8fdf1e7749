import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportOutcome } from '../../data/api'
import { hostApi } from '../perf/factwork'
import { openApp, type OpenApp } from './harness'

/** A plain-text report of 1,200 paragraphs of differing lengths (about 24 sections of 50 blocks). */
function longReport(): string {
  const words = ['port', 'authority', 'tonnage', 'contract', 'minister', 'budget', 'shipping', 'audit', 'figures', 'harbour', 'council', 'revenue']
  const paragraphs: string[] = []
  for (let i = 0; i < 1200; i++) {
    const length = 12 + ((i * 37) % 90)
    const text = Array.from({ length }, (_, j) => words[(i * 7 + j * 5) % words.length]).join(' ')
    paragraphs.push(`Paragraph ${i + 1}: ${text}.`)
  }
  return paragraphs.join('\n\n')
}

/** The first paragraph wholly below the pane's top edge: its text and its distance from it. */
const place = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.fw-article-pane')!
    const top = pane.getBoundingClientRect().top
    const shown = [...document.querySelectorAll('.fw-article p')].find((p) => p.getBoundingClientRect().top > top + 50)!
    return { text: shown.textContent!.slice(0, 16), below: Math.round(shown.getBoundingClientRect().top - top) }
  })

/** Which sections are marked drawn, and whether each of them is near the screen. */
const drawnSections = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.fw-article-pane')!.getBoundingClientRect()
    const sections = [...document.querySelectorAll('.fw-section')]
    const drawn = sections.filter((s) => s.classList.contains('fw-drawn'))
    const near = (s: Element) => {
      const r = s.getBoundingClientRect()
      return r.bottom > pane.top - pane.height && r.top < pane.bottom + pane.height
    }
    return { sections: sections.length, drawn: drawn.length, allNear: drawn.every(near) }
  })

describe('a long article', () => {
  let app: OpenApp
  let page: Page

  beforeAll(async () => {
    app = await openApp({ width: 1360, height: 900 })
    page = app.page
    const imported = await hostApi(app.host)<ImportOutcome>('createProject', { fileName: 'long-report.txt', content: longReport(), encoding: 'utf8' })
    await page.reload()
    await page.locator('.fw-project-list li').first().waitFor()
    await page.evaluate((id) => (window.location.hash = `#/project/${id}`), imported.project.id)
    await page.locator('.fw-article p').first().waitFor()
  })

  afterAll(() => app?.close())

  it('keeps the drawn marks to the sections near the screen, however much of it has been read', async () => {
    // Read it through, two screens at a time (a section is several screens long).
    await page.evaluate(async () => {
      const pane = document.querySelector('.fw-article-pane')!
      const frame = () => new Promise(requestAnimationFrame)
      for (let y = 0; y < pane.scrollHeight; y += 2 * pane.clientHeight) {
        pane.scrollTop = y
        await frame()
        await frame()
      }
      pane.scrollTop = pane.scrollHeight * 0.6
    })
    await page.waitForTimeout(300)
    const drawn = await drawnSections(page)
    expect(drawn.sections).toBeGreaterThan(15)
    expect(drawn.drawn).toBeGreaterThanOrEqual(1)
    expect(drawn.drawn).toBeLessThanOrEqual(4)
    expect(drawn.allNear).toBe(true)
  })

  it('moves no text when editing starts there, and types where the caret is', async () => {
    const reading = await place(page)
    await page.getByRole('button', { name: 'Edit text' }).click()
    await expect.poll(() => page.getByRole('textbox', { name: /^Article text, editable/ }).count()).toBe(1)
    await page.waitForTimeout(300)
    // The edit banner pushes the whole pane down; within the pane the text stays where it was read
    // (a few pixels' give: the pane is shorter by the banner's height).
    const editing = await place(page)
    expect(editing.text).toBe(reading.text)
    expect(Math.abs(editing.below - reading.below)).toBeLessThanOrEqual(6)

    // Blocks of the drawn sections may be left undrawn when out of sight; the rest keep their form.
    const undrawable = await page.evaluate(() => {
      const sections = [...document.querySelectorAll('.fw-section')]
      const style = (s: Element) => getComputedStyle(s.querySelector('p')!).contentVisibility
      // The first section holds the caret, so the browser keeps it drawn; the second was read long ago.
      return { drawn: sections.filter((s) => s.classList.contains('fw-sized')).map(style), far: style(sections[1]!) }
    })
    expect(undrawable.drawn.length).toBeGreaterThanOrEqual(1)
    expect(new Set(undrawable.drawn)).toEqual(new Set(['auto']))
    expect(undrawable.far).toBe('visible')

    // Type at the start of the paragraph read above.
    await page.evaluate((text) => {
      const paragraph = [...document.querySelectorAll('.fw-article p')].find((p) => p.textContent!.startsWith(text))!
      const range = document.createRange()
      range.setStart(paragraph.firstChild!, 0)
      range.collapse(true)
      getSelection()!.removeAllRanges()
      getSelection()!.addRange(range)
    }, reading.text)
    expect(await page.getByRole('button', { name: 'Undo' }).isEnabled()).toBe(false)
    await page.keyboard.type('Checked: ')
    // Until the typing reaches the session and is saved, it is unsaved, and it can be undone.
    expect(await page.getByRole('status').filter({ hasText: /changes/ }).textContent()).toBe('Unsaved changes')
    expect(await page.getByRole('button', { name: 'Undo' }).isEnabled()).toBe(true)
    await expect.poll(() => page.locator('.fw-article p', { hasText: `Checked: ${reading.text}` }).count()).toBe(1)
    expect((await place(page)).below).toBe(editing.below)

    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)
    const read = await place(page)
    expect(read.text).toBe(`Checked: ${reading.text}`.slice(0, 16))
    expect(Math.abs(read.below - reading.below)).toBeLessThanOrEqual(6)
    expect(app.errors).toEqual([])
  })
})
