import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, selectInArticle, openApp, type OpenApp } from './harness'

const HEADLINE = 'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?'

describe('annotating the example article in the browser host', () => {
  let app: OpenApp
  let page: Page

  beforeAll(async () => {
    app = await openApp({ width: 1360, height: 900 })
    page = app.page
  })

  afterAll(() => app?.close())

  it('shows the bundled example on first launch, titled with its headline', async () => {
    await expect.poll(() => page.getByRole('button', { name: new RegExp('^' + HEADLINE.replace(/[?]/g, '\\?')) }).count()).toBe(1)
  })

  it('tags a passage as a claim and keeps it after a reload', async () => {
    await page.getByRole('button', { name: new RegExp('^' + HEADLINE.replace(/[?]/g, '\\?')) }).click()
    await page.locator('.fw-article').waitFor()
    await selectInArticle(page, 'approximately US$2.8 billion')
    await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Claim', exact: true }).click()

    const list = page.getByRole('complementary', { name: 'Annotations' })
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1)
    await expect.poll(() => list.textContent()).toContain('approximately US$2.8 billion')
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

    await page.reload()
    await page.locator('.fw-article').waitFor()
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    const listAfter = page.getByRole('complementary', { name: 'Annotations' })
    await expect.poll(() => listAfter.getByRole('listitem').count()).toBe(1)
    await expect.poll(() => listAfter.textContent()).toContain('Claim')
  })

  it('draws all four kinds, overlapping, with keyboard shortcuts, and undoes a deletion', async () => {
    await selectInArticle(page, 'Gatestone Institute')
    await page.keyboard.press('s')
    await selectInArticle(page, 'Pakistan has never acknowledged Israel')
    await page.keyboard.press('e')
    await selectInArticle(page, 'The trade between these neighboring nations amounts to approximately')
    await page.keyboard.press('n')
    const list = page.getByRole('complementary', { name: 'Annotations' })
    await expect.poll(() => list.getByRole('listitem').count()).toBe(4)
    await expect.poll(() => page.locator('fw-source').allTextContents()).toEqual(['Gatestone Institute'])
    await expect.poll(() => page.locator('fw-evidence').allTextContents()).toEqual(['Pakistan has never acknowledged Israel'])
    // The note overlaps the claim: the claim's words sit inside both highlights.
    await expect.poll(() => page.locator('fw-note fw-claim, fw-claim fw-note').count()).toBeGreaterThan(0)

    // Choosing an entry selects its passage; Delete removes it; Ctrl+Z brings it back.
    await list.getByRole('button', { name: /Gatestone Institute/ }).click()
    await expect.poll(() => page.locator('fw-source.is-selected').count()).toBe(1)
    await page.keyboard.press('Delete')
    await expect.poll(() => page.locator('fw-source').count()).toBe(0)
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator('fw-source').allTextContents()).toEqual(['Gatestone Institute'])
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

    await mkdir(join(ROOT, 'tests', 'e2e', 'screenshots'), { recursive: true })
    await page.screenshot({ path: join(ROOT, 'tests', 'e2e', 'screenshots', 'workbench.png') })
    expect(app.errors).toEqual([])
  })

  it('scrolls to the passage of the entry chosen in the list', async () => {
    await selectInArticle(page, 'strategic obligations to Washington')
    await page.keyboard.press('c')
    const pane = page.locator('.fw-article-pane')
    await pane.evaluate((el) => el.scrollTo(0, 0))
    const inView = () =>
      page.evaluate(() => {
        const pane = document.querySelector('.fw-article-pane')!.getBoundingClientRect()
        const mark = [...document.querySelectorAll('fw-claim')].find((m) => m.textContent === 'strategic obligations to Washington')!
        const box = mark.getBoundingClientRect()
        return box.top >= pane.top && box.bottom <= pane.bottom
      })
    expect(await inView()).toBe(false)
    await page.getByRole('complementary', { name: 'Annotations' }).getByRole('button', { name: /strategic obligations to Washington/ }).click()
    await expect.poll(inView).toBe(true)
    await expect.poll(() => page.locator('fw-claim.is-selected').allTextContents()).toEqual(['strategic obligations to Washington'])
  })

  it('tells the person to select a passage first', async () => {
    await page.evaluate(() => window.getSelection()?.removeAllRanges())
    await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Claim', exact: true }).click()
    await expect.poll(() => page.getByText('Select a passage in the article first').count()).toBe(1)
  })
})
