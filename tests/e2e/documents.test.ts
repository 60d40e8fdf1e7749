import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, ROOT, selectInArticle, type OpenApp } from './harness'

describe('an investigation across documents, from the keyboard, with its own verdict scale', () => {
  let app: OpenApp
  let page: Page
  const inspector = () => page.getByRole('region', { name: 'Inspector' })
  const list = () => page.getByRole('complementary', { name: 'Annotations' })
  const saved = () => expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

  beforeAll(async () => {
    app = await openApp({ width: 1440, height: 900 })
    page = app.page
    await page.getByRole('button', { name: /^Is Pakistan/ }).click()
    await page.locator('.fw-article').waitFor()
  })

  afterAll(() => app?.close())

  it('finds and tags a passage without the mouse', async () => {
    await page.keyboard.press('Control+f')
    await page.keyboard.type('approximately US$2.8 billion')
    await expect.poll(() => page.getByRole('search', { name: 'Find a passage' }).textContent()).toContain('1 of 1')
    await page.keyboard.press('Escape')
    await page.keyboard.press('c')
    await expect.poll(() => page.locator('fw-claim').allTextContents()).toEqual(['approximately US$2.8 billion'])
    await inspector().getByLabel('Verdict').focus()
    await page.keyboard.press('End')
    await inspector().getByLabel('Verdict').selectOption('Mostly true')
    await saved()
  })

  it('adds the cited report as a second document and links the claim to evidence in it', async () => {
    await page.locator('input[aria-label="Documents to add to this project"]').setInputFiles(join(ROOT, 'tests', 'fixtures', 'gatestone-report.md'))
    const docs = page.getByRole('navigation', { name: 'Documents' })
    await expect.poll(() => docs.getByRole('button', { name: 'Pakistan: An Unreliable Ally' }).getAttribute('aria-current')).toBe('page')
    await selectInArticle(page, 'roughly $2.8 billion in the most recent fiscal year')
    await page.keyboard.press('e')
    await inspector().getByLabel('Credibility').selectOption('2')

    await docs.getByRole('button', { name: /^Is Pakistan/ }).click()
    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    // The passage is found by typing a few of its words (any order, any case).
    await inspector().getByLabel('Link to').fill('fiscal ROUGHLY')
    await inspector()
      .getByRole('option', { name: 'Evidence: “roughly $2.8 billion in the most recent fiscal year” — Pakistan: An Unreliable Ally' })
      .click()
    await inspector().getByLabel('Stance', { exact: true }).selectOption('supports')
    await inspector().getByRole('button', { name: 'Add link' }).click()
    await saved()

    // Following the link opens the other document at the evidence.
    await inspector().getByRole('group', { name: 'Links' }).getByRole('button', { name: 'roughly $2.8 billion in the most recent fiscal year', exact: true }).click()
    await expect.poll(() => docs.getByRole('button', { name: 'Pakistan: An Unreliable Ally' }).getAttribute('aria-current')).toBe('page')
    await expect.poll(() => inspector().getByRole('group', { name: 'Linked from' }).textContent()).toContain('approximately US$2.8 billion')

    await page.reload()
    await page.locator('.fw-article').waitFor()
    await expect.poll(() => page.getByRole('navigation', { name: 'Documents' }).getByRole('listitem').count()).toBe(2)
    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    expect(await inspector().getByRole('group', { name: 'Links' }).textContent()).toContain('Evidence in “Pakistan: An Unreliable Ally”')
  })

  it('renames a verdict on the scale, carrying the claim along, and flags a verdict no longer on it', async () => {
    await page.getByRole('button', { name: 'Settings…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Project settings' })
    await dialog.getByLabel('Label 2', { exact: true }).fill('Largely true')
    await dialog.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => inspector().getByLabel('Verdict').inputValue()).toBe('Largely true')

    await page.getByRole('button', { name: 'Settings…' }).click()
    await dialog.getByLabel('Start from a preset').selectOption('Newsroom-neutral')
    await dialog.getByRole('button', { name: 'Use preset' }).click()
    await expect.poll(() => dialog.getByRole('note').textContent()).toContain('“Largely true” (1 claim) will no longer be on the scale')
    await dialog.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => inspector().getByRole('note').textContent()).toContain('“Largely true” is not on this project’s verdict scale')
    expect(await inspector().getByLabel('Verdict').inputValue()).toBe('Largely true')

    // One undo brings the previous scale back.
    await page.locator('.fw-article').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await expect.poll(() => inspector().getByRole('note').count()).toBe(0)
    await saved()
    expect(app.errors).toEqual([])
  })
})
