import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, openApp, type OpenApp } from './harness'

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots')

describe('the project list in the browser host', () => {
  let app: OpenApp
  let page: Page

  beforeAll(async () => {
    app = await openApp({ width: 1200, height: 800 })
    page = app.page
    await page.getByRole('button', { name: /^Is Pakistan/ }).waitFor()
  })

  afterAll(() => app?.close())

  const projectButtons = () => page.getByRole('region', { name: 'Project list' }).locator('.fw-project-open')

  it('makes a project from pasted text, titled with its first line, and opens it', async () => {
    await page.getByRole('button', { name: 'Paste text…' }).click()
    await page.getByLabel('Article text').fill('Minister says crime fell 20% last year\nThe figure comes from police records.\n')
    await page.getByRole('button', { name: 'Create project' }).click()
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Minister says crime fell 20% last year')
    await expect.poll(() => page.locator('.fw-article').textContent()).toContain('The figure comes from police records.')
    await page.getByRole('button', { name: '← Projects' }).click()
    await expect.poll(() => projectButtons().count()).toBe(2)
  })

  it('imports a Markdown file chosen with the file picker', async () => {
    await page.locator('input[type=file]').setInputFiles(join(ROOT, 'tests', 'fixtures', 'climate-notes.md'))
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Sea ice reached a record low, agency says')
    await expect.poll(() => page.locator('.fw-article h2').textContent()).toBe('What the report claims')
    await expect.poll(() => page.locator('.fw-article li').count()).toBe(2)
    await page.getByRole('button', { name: '← Projects' }).click()
  })

  it('imports a file dropped on the window, and names a refused file', async () => {
    const drop = async (name: string, content: string) =>
      page.evaluate(
        ([n, c]) => {
          const data = new DataTransfer()
          data.items.add(new File([c!], n!, { type: 'text/plain' }))
          window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
        },
        [name, content]
      )
    await drop('dropped.txt', 'Dropped headline\nA dropped paragraph.')
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe('Dropped headline')
    await page.getByRole('button', { name: '← Projects' }).click()
    await drop('photo.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0')
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'photo.png is not a document Factwork reads' }).count()).toBe(1)
  })

  it('renames a project and deletes one with undo', async () => {
    await page.getByRole('button', { name: 'Rename Dropped headline' }).click()
    await page.getByLabel('New title').fill('Renamed from the list')
    await page.keyboard.press('Enter')
    await expect.poll(() => projectButtons().allTextContents()).toContainEqual(expect.stringContaining('Renamed from the list'))

    await page.getByRole('button', { name: 'Delete Renamed from the list' }).click()
    await expect.poll(() => projectButtons().allTextContents()).not.toContainEqual(expect.stringContaining('Renamed from the list'))
    await page.getByRole('status').filter({ hasText: 'Deleted “Renamed from the list”.' }).getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => projectButtons().allTextContents()).toContainEqual(expect.stringContaining('Renamed from the list'))
  })

  it('names an unreadable project file and keeps the others usable', async () => {
    await writeFile(join(app.host.home, 'projects', 'damaged.json'), '{"version":1,"proj')
    await page.reload()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'projects/damaged.json cannot be read' }).count()).toBe(1)
    await expect.poll(() => projectButtons().count()).toBe(4)
    expect(await readFile(join(app.host.home, 'projects', 'damaged.json'), 'utf8')).toBe('{"version":1,"proj')
    await mkdir(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'projects.png') })
    expect(app.errors).toEqual([])
  })

  it('keeps a project with a long title inside a narrow window', async () => {
    await page.setViewportSize({ width: 1000, height: 700 })
    const title = 'Officials say the new harbour bridge will carry twice the traffic of the old one by the end of the decade, at half the cost'
    await page.getByRole('button', { name: 'Paste text…' }).click()
    await page.getByLabel('Article text').fill(`${title}\nThe figures come from the port authority.\n`)
    await page.getByRole('button', { name: 'Create project' }).click()
    await expect.poll(() => page.locator('.fw-title').textContent()).toBe(title)
    // The title is cut short; the page is no wider than the window, and its last controls are in it.
    const layout = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      title: document.querySelector('.fw-title')!.scrollWidth > document.querySelector('.fw-title')!.clientWidth,
      export: [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export…')!.getBoundingClientRect().right,
      side: document.querySelector('.fw-side')!.getBoundingClientRect().right
    }))
    expect(layout).toEqual({ page: 1000, title: true, export: expect.any(Number), side: 1000 })
    expect(layout.export).toBeLessThanOrEqual(1000)
    await page.getByRole('button', { name: '← Projects' }).click()
    await page.setViewportSize({ width: 1200, height: 800 })
  })
})
