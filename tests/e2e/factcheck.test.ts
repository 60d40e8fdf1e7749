import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, ROOT, selectInArticle, unnamedControls, type OpenApp } from './harness'

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots')

describe('fact-checking the example article: fields, sources, links, filters and summary', () => {
  let app: OpenApp
  let page: Page
  const inspector = () => page.getByRole('region', { name: 'Inspector' })
  const list = () => page.getByRole('complementary', { name: 'Annotations' })
  const saved = () => expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) })

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    app = await openApp({ width: 1440, height: 900 })
    page = app.page
    await page.getByRole('button', { name: /^Is Pakistan/ }).click()
    await page.locator('.fw-article').waitFor()
  })

  afterAll(() => app?.close())

  it('records a claim’s claimant, verdict and confidence in the inspector', async () => {
    await selectInArticle(page, 'approximately US$2.8 billion')
    await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Claim', exact: true }).click()
    await inspector().getByLabel('Claimant').fill('Gatestone Institute report')
    await inspector().getByLabel('Claimant').press('Enter')
    await inspector().getByLabel('Verdict').selectOption('Mostly true')
    await inspector().getByLabel('Confidence').selectOption('high')
    await inspector().getByLabel('Status').selectOption('researching')
    await inspector().getByLabel('Ruling').fill('The report’s figure matches 2024 customs data within rounding.')
    await inspector().getByLabel('Claim type').focus()
    await saved()
    await expect.poll(() => list().textContent()).toContain('Mostly true')
    await shot('inspector-claim')
  })

  it('tags a source, offers to create its record, and rates its reliability', async () => {
    await selectInArticle(page, 'Gatestone Institute')
    await page.keyboard.press('s')
    await inspector().getByRole('button', { name: 'Create source “Gatestone Institute”' }).click()
    await inspector().getByLabel('Reliability').selectOption('C')
    await inspector().getByLabel('Publisher').fill('Gatestone Institute, New York')
    await inspector().getByLabel('Publisher').press('Tab')
    await saved()
    await shot('inspector-source')
  })

  it('links the claim to the source with a stance', async () => {
    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    // Every source and evidence passage is listed when the field is opened; arrows and Enter choose.
    await inspector().getByLabel('Link to').click()
    await expect.poll(() => inspector().getByRole('option').allTextContents()).toContain('Source: Gatestone Institute (C)')
    await inspector().getByLabel('Link to').fill('gatestone')
    await inspector().getByLabel('Link to').press('Enter')
    await expect.poll(() => inspector().getByLabel('Link to').inputValue()).toBe('Source: Gatestone Institute (C)')
    await inspector().getByLabel('Stance', { exact: true }).selectOption('supports')
    await inspector().getByRole('button', { name: 'Add link' }).click()
    await expect.poll(() => inspector().getByRole('group', { name: 'Links' }).textContent()).toContain('Gatestone Institute')
    await saved()
  })

  it('keeps everything after a reload', async () => {
    await page.reload()
    await page.locator('.fw-article').waitFor()
    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    await expect.poll(() => inspector().getByLabel('Claimant').inputValue()).toBe('Gatestone Institute report')
    expect(await inspector().getByLabel('Verdict').inputValue()).toBe('Mostly true')
    expect(await inspector().getByLabel('Confidence').inputValue()).toBe('high')
    expect(await inspector().getByLabel('Status').inputValue()).toBe('researching')
    const links = inspector().getByRole('group', { name: 'Links' })
    expect(await links.textContent()).toContain('Gatestone Institute')
    expect(await links.getByLabel('Stance of Gatestone Institute').inputValue()).toBe('supports')

    await list().getByRole('button', { name: /^Source/ }).click()
    expect(await inspector().getByLabel('Reliability').inputValue()).toBe('C')
    expect(await inspector().getByLabel('Source record').locator('option:checked').textContent()).toBe('Gatestone Institute')
  })

  it('shows the claim when the list is filtered by its verdict, and only it', async () => {
    await selectInArticle(page, 'Pakistan has never acknowledged Israel')
    await page.keyboard.press('e')
    await inspector().getByLabel('Credibility').selectOption('2')
    await shot('inspector-evidence')
    await selectInArticle(page, 'the first nation to recognize the Islamic Republic of Iran')
    await page.keyboard.press('n')
    await inspector().getByLabel('Note').fill('Check against the 1979 recognition record.')
    await inspector().getByLabel('Confidence').focus()
    await shot('inspector-note')

    const filters = page.getByRole('search', { name: 'Filter annotations' })
    await filters.getByLabel('Verdict').selectOption('Mostly true')
    await expect.poll(() => list().getByRole('listitem').count()).toBe(1)
    expect(await list().getByRole('listitem').textContent()).toContain('approximately US$2.8 billion')
    await expect.poll(() => list().getByRole('status').textContent()).toBe('Showing 1 of 4')
    await shot('list-filtered-by-verdict')
    await filters.getByLabel('Verdict').selectOption('')
    await filters.getByLabel('Kind').selectOption('evidence')
    await expect.poll(() => list().getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('never acknowledged Israel')])
    await filters.getByLabel('Kind').selectOption('')
    await filters.getByLabel('Search').fill('1979 recognition')
    await expect.poll(() => list().getByRole('listitem').count()).toBe(1)
    await filters.getByLabel('Search').fill('')
  })

  it('steps through the list with J and K, and undoes a field edit', async () => {
    await page.locator('.fw-article').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Escape')
    await page.keyboard.press('j')
    await expect.poll(() => inspector().locator('.fw-inspector-quote').textContent()).toBe('Gatestone Institute')
    await page.keyboard.press('j')
    await expect.poll(() => inspector().locator('.fw-inspector-quote').textContent()).toBe('Pakistan has never acknowledged Israel')
    await page.keyboard.press('k')
    await expect.poll(() => inspector().locator('.fw-inspector-quote').textContent()).toBe('Gatestone Institute')

    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    await inspector().getByLabel('Verdict').selectOption('False')
    await inspector().getByLabel('Verdict').blur()
    await page.keyboard.press('Control+z')
    await expect.poll(() => inspector().getByLabel('Verdict').inputValue()).toBe('Mostly true')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => inspector().getByLabel('Verdict').inputValue()).toBe('False')
    await page.keyboard.press('Control+z')
    await saved()
  })

  it('charts claims by verdict and status, and sources by reliability', async () => {
    await page.getByRole('button', { name: 'Summary' }).click()
    const summary = page.getByRole('region', { name: 'Summary' })
    const verdicts = summary.getByRole('figure').filter({ hasText: 'Claims by verdict' })
    await expect.poll(() => verdicts.getByRole('listitem').filter({ hasText: 'Mostly true' }).textContent()).toMatch(/Mostly true\s*1$/)
    const reliability = summary.getByRole('figure').filter({ hasText: 'Sources by reliability' })
    expect(await reliability.getByRole('listitem').filter({ hasText: 'C — Fairly reliable' }).textContent()).toMatch(/1$/)
    const status = summary.getByRole('figure').filter({ hasText: 'Claims by status' })
    expect(await status.getByRole('listitem').filter({ hasText: 'Researching' }).textContent()).toMatch(/1$/)
    await shot('summary')
    await page.getByRole('button', { name: 'Summary' }).click()
    expect(app.errors).toEqual([])
  })

  it('gives every control an accessible name, in each panel and dialog', async () => {
    await list().getByRole('button', { name: /approximately US\$2\.8 billion/ }).click()
    expect(await unnamedControls(page)).toEqual([])
    await list().getByRole('button', { name: /^Source/ }).click()
    expect(await unnamedControls(page)).toEqual([])
    await page.getByRole('button', { name: 'Sources', exact: true }).click()
    await page.getByRole('complementary', { name: 'Source library' }).getByRole('button', { name: /Gatestone Institute/ }).click()
    expect(await unnamedControls(page)).toEqual([])
    await page.getByRole('button', { name: 'Annotations', exact: true }).click()
    await page.getByRole('button', { name: 'Settings…' }).click()
    await page.getByRole('dialog', { name: 'Project settings' }).getByRole('button', { name: 'Add tag' }).click()
    expect(await unnamedControls(page)).toEqual([])
    await shot('settings')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
  })
})
