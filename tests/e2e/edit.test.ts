import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, openApp, selectInArticle, type OpenApp } from './harness'

const HEADLINE = /^Is Pakistan an Unreliable US Ally/

describe('editing the text of the example article', () => {
  let app: OpenApp
  let page: Page
  const articleText = () => page.locator('.fw-article').textContent()

  beforeAll(async () => {
    app = await openApp({ width: 1360, height: 900 })
    page = app.page
    await page.getByRole('button', { name: HEADLINE }).click()
    await page.locator('.fw-article').waitFor()
  })

  afterAll(() => app?.close())

  it('fixes a word before a claim; the claim keeps its words, also after a reload', async () => {
    await selectInArticle(page, 'approximately US$2.8 billion')
    await page.keyboard.press('c')
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])

    await page.keyboard.press('t')
    const banner = page.getByRole('region', { name: 'Editing the text' })
    await expect.poll(() => banner.isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: 'Edit text' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByRole('textbox', { name: /^Article text, editable/ }).count()).toBe(1)

    await selectInArticle(page, 'neighboring nations', { editing: true })
    await page.keyboard.type('neighbouring countriez')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('s')
    await expect.poll(articleText).toContain('The trade between these neighbouring countries amounts to approximately US$2.8 billion')
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    await page.screenshot({ path: join(ROOT, 'tests', 'e2e', 'screenshots', 'edit-mode.png') })

    await banner.getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => banner.count()).toBe(0)
    await expect.poll(() => page.getByRole('document', { name: /^Article:/ }).count()).toBe(1)
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

    await page.reload()
    await page.locator('.fw-article').waitFor()
    await expect.poll(articleText).toContain('neighbouring countries amounts to approximately US$2.8 billion')
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    const list = page.getByRole('complementary', { name: 'Annotations' })
    await expect.poll(() => list.textContent()).toContain('approximately US$2.8 billion')
  })

  it('keeps a highlighted word deleted while editing among the orphans, and undo brings it back', async () => {
    await selectInArticle(page, 'Ayatollah')
    await page.keyboard.press('n')
    await expect.poll(() => page.locator('fw-note').allTextContents()).toEqual(['Ayatollah'])

    await page.getByRole('button', { name: 'Edit text' }).click()
    await selectInArticle(page, 'Ayatollah ', { editing: true })
    await page.keyboard.press('Backspace')
    await expect.poll(articleText).toContain('after Ruhollah Khomeini established it')
    await expect.poll(() => page.locator('fw-note').count()).toBe(0)
    const orphansTab = page.getByRole('group', { name: 'Side panel' }).getByRole('button', { name: /Orphans/ })
    await expect.poll(() => orphansTab.textContent()).toContain('1')
    await orphansTab.click()
    const orphans = page.getByRole('complementary', { name: 'Orphaned annotations' })
    await expect.poll(() => orphans.textContent()).toContain('“Ayatollah”')
    await expect.poll(() => orphans.textContent()).toContain('its text was deleted while editing the document')

    await page.locator('.fw-article').focus()
    await page.keyboard.press('Control+z')
    await expect.poll(articleText).toContain('after Ayatollah Ruhollah Khomeini established it')
    await expect.poll(() => page.locator('fw-note').allTextContents()).toEqual(['Ayatollah'])
    await expect.poll(() => orphans.textContent()).toContain('No orphaned annotations.')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('region', { name: 'Editing the text' }).count()).toBe(0)
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

    await page.reload()
    await page.locator('.fw-article').waitFor()
    await expect.poll(() => page.locator('fw-note').allTextContents()).toEqual(['Ayatollah'])
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    expect(app.errors).toEqual([])
  })

  it('moves no text when editing starts or ends in the middle of the article', async () => {
    const place = () =>
      page.evaluate(() => {
        const pane = document.querySelector('.fw-article-pane')!
        const paragraphs = [...document.querySelectorAll('.fw-article p')]
        const shown = paragraphs.find((p) => p.getBoundingClientRect().top > pane.getBoundingClientRect().top + 50)!
        return { scrollTop: pane.scrollTop, text: shown.textContent!.slice(0, 40), below: Math.round(shown.getBoundingClientRect().top - pane.getBoundingClientRect().top) }
      })
    await page.evaluate(() => {
      const pane = document.querySelector('.fw-article-pane')!
      pane.scrollTop = (pane.scrollHeight - pane.clientHeight) * 0.9
    })
    const reading = await place()
    await page.getByRole('button', { name: 'Edit text' }).click()
    await expect.poll(() => page.getByRole('textbox', { name: /^Article text, editable/ }).count()).toBe(1)
    await page.waitForTimeout(300)
    expect(await place()).toEqual(reading)
    await page.getByRole('region', { name: 'Editing the text' }).getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => page.getByRole('document', { name: /^Article:/ }).count()).toBe(1)
    await page.waitForTimeout(300)
    expect(await place()).toEqual(reading)
  })

  it('says typed text is unsaved until it is saved, and the Undo button takes it back', async () => {
    await page.getByRole('button', { name: 'Edit text' }).click()
    await expect.poll(() => page.getByRole('textbox', { name: /^Article text, editable/ }).count()).toBe(1)
    // The pressed switch, still under the pointer, stays readable.
    const contrast = await page.getByRole('button', { name: 'Edit text' }).evaluate((button) => {
      const style = getComputedStyle(button)
      const luminance = (color: string) => {
        const [r, g, b] = color.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
          const v = Number(c) / 255
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
        })
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
      }
      const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a)
      return { hovered: button.matches(':hover'), ratio: (light! + 0.05) / (dark! + 0.05) }
    })
    expect(contrast.hovered).toBe(true)
    expect(contrast.ratio).toBeGreaterThanOrEqual(4.5)
    const status = page.getByRole('status').filter({ hasText: /changes/ })
    await expect.poll(() => status.textContent()).toMatch(/^All changes saved/)
    await selectInArticle(page, 'neighbouring countries', { editing: true })
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.type('two ')
    // The text reaches the session when typing pauses; until it is saved the status says so, from
    // the first key.
    expect(await status.textContent()).toBe('Unsaved changes')
    await expect.poll(articleText).toContain('between these two neighbouring countries')
    await expect.poll(() => status.textContent()).toMatch(/^All changes saved/)

    await page.keyboard.type('big ')
    const undo = page.getByRole('button', { name: 'Undo' })
    expect(await undo.isEnabled()).toBe(true)
    await undo.click()
    await expect.poll(articleText).toContain('between these two neighbouring countries')
    await expect.poll(articleText).not.toContain('two big neighbouring')
    await undo.click()
    await expect.poll(articleText).toContain('between these neighbouring countries')
    await expect.poll(() => status.textContent()).toMatch(/^All changes saved/)
    await page.keyboard.press('Escape')
    expect(app.errors).toEqual([])
  })

  it('keeps the caret in view while new lines are typed at the bottom of the pane', async () => {
    await page.getByRole('button', { name: 'Edit text' }).click()
    await expect.poll(() => page.getByRole('textbox', { name: /^Article text, editable/ }).count()).toBe(1)
    // The caret at the end of a paragraph that ends just above the pane's bottom edge.
    await page.evaluate(() => {
      const pane = document.querySelector('.fw-article-pane')!
      const paragraph = [...document.querySelectorAll('.fw-article p')].find((p) => (p.textContent ?? '').length > 200)!
      pane.scrollTop += paragraph.getBoundingClientRect().bottom - pane.getBoundingClientRect().bottom + 4
      ;(document.querySelector('.fw-article') as HTMLElement).focus()
      const range = document.createRange()
      range.selectNodeContents(paragraph)
      range.collapse(false)
      getSelection()!.removeAllRanges()
      getSelection()!.addRange(range)
    })
    const caretInView = () =>
      page.evaluate(() => {
        const pane = document.querySelector('.fw-article-pane')!.getBoundingClientRect()
        const caret = getSelection()!.getRangeAt(0).getClientRects()[0] ?? (getSelection()!.focusNode as Element).getBoundingClientRect?.()
        return !!caret && caret.top >= pane.top && caret.bottom <= pane.bottom
      })
    const before = await page.evaluate(() => document.querySelector('.fw-article-pane')!.scrollTop)
    for (let line = 0; line < 4; line++) {
      await page.keyboard.press('Enter')
      await page.keyboard.type('A new line.')
    }
    await expect.poll(caretInView).toBe(true)
    expect(await page.evaluate(() => document.querySelector('.fw-article-pane')!.scrollTop)).toBeGreaterThan(before)
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Escape')
    await expect.poll(articleText).not.toContain('A new line.')
    expect(app.errors).toEqual([])
  })
})
