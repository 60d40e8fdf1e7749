import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, ROOT, selectInArticle, type OpenApp } from './harness'

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots')

describe('a damaged project file, in the browser host', () => {
  let app: OpenApp
  let page: Page
  let id: string
  let file: string
  const saved = () => expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    app = await openApp({ width: 1360, height: 900 })
    page = app.page
    await page.getByRole('button', { name: /^Is Pakistan/ }).waitFor()
  })

  afterAll(() => app?.close())

  it('keeps earlier versions as I work', async () => {
    await page.getByRole('button', { name: /^Is Pakistan/ }).click()
    await page.locator('.fw-article').waitFor()
    id = (await page.evaluate(() => location.hash)).split('/').pop()!
    file = join(app.host.home, 'projects', `${id}.json`)
    await selectInArticle(page, 'approximately US$2.8 billion')
    await page.keyboard.press('c')
    await saved()
    await page.getByRole('button', { name: '← Projects' }).click()
    // Within seconds the journal of edits is written into the project file, and the version
    // before is kept as a backup.
    await expect.poll(async () => (await readdir(join(app.host.home, 'backups', id)).catch(() => [])).length).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Backups of Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?' }).click()
    await expect.poll(() => page.getByRole('list', { name: `Backups of projects/${id}.json` }).getByRole('button').count()).toBeGreaterThan(0)
  })

  it('names the damaged file at the next start, shows it read-only, and changes nothing on disk', async () => {
    // Factwork is closed, and the file is damaged meanwhile (a disk fault, a sync tool).
    const home = app.host.home
    await app.close()
    const good = await readFile(file, 'utf8')
    const damaged = good.slice(0, Math.floor(good.length / 2))
    await writeFile(file, damaged)
    app = await openApp({ width: 1360, height: 900 }, home)
    page = app.page
    const problems = page.getByRole('alert', { name: 'Unreadable project files' })
    await expect.poll(() => problems.textContent()).toContain(`projects/${id}.json cannot be read`)
    await page.screenshot({ path: join(SHOTS, 'damaged-project.png') })

    await problems.getByRole('button', { name: 'Open read-only' }).click()
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'Read-only' }).count()).toBe(1)
    await page.locator('.fw-article').waitFor()
    expect(await page.getByRole('toolbar', { name: 'Annotate' }).getByRole('button', { name: 'Claim', exact: true }).isDisabled()).toBe(true)
    await selectInArticle(page, 'Gatestone Institute')
    await page.keyboard.press('s')
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'open read-only' }).count()).toBe(1)
    await page.screenshot({ path: join(SHOTS, 'read-only.png') })
    expect(await readFile(file, 'utf8')).toBe(damaged)
    await page.getByRole('button', { name: '← Projects' }).click()
  })

  it('restores the version I choose, and keeps the damaged one', async () => {
    const problems = page.getByRole('alert', { name: 'Unreadable project files' })
    await problems.getByRole('button', { name: 'Restore from backup…' }).click()
    const backups = problems.getByRole('list', { name: `Backups of projects/${id}.json` })
    await backups.getByRole('button').first().click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Restored' }).count()).toBe(1)
    await expect.poll(() => problems.count()).toBe(0)
    await page.getByRole('button', { name: /^Is Pakistan/ }).click()
    await page.locator('.fw-article').waitFor()
    expect(app.errors).toEqual([])
  })
})
