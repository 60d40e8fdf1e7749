import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../main/projectStore'
import { CLI, openApp, ROOT, selectInArticle, type OpenApp } from './harness'

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots')
const run = promisify(execFile)

describe('sharing from the workbench: export dialog, annotation import, orphans and merge conflicts', () => {
  let app: OpenApp
  let page: Page
  let temp: string
  let projectId: string
  const inspector = () => page.getByRole('region', { name: 'Inspector' })
  const dialog = () => page.getByRole('dialog', { name: 'Export' })
  const saved = () => expect.poll(() => page.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1)

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    temp = await mkdtemp(join(tmpdir(), 'factwork-share-e2e-'))
    app = await openApp({ width: 1440, height: 900 })
    page = app.page
    await page.getByRole('button', { name: /^Is Pakistan/ }).click()
    await page.locator('.fw-article').waitFor()
    projectId = (await page.evaluate(() => location.hash)).split('/').pop()!
    await selectInArticle(page, 'approximately US$2.8 billion')
    await page.keyboard.press('c')
    await inspector().getByLabel('Verdict').selectOption('Mostly true')
    await inspector().getByLabel('Claimant').fill('Gatestone Institute report')
    await inspector().getByLabel('Claimant').press('Enter')
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor()
  })

  afterAll(() => app?.close())

  /** Choose a format in the export dialog and download the file. */
  async function download(label: string): Promise<{ name: string; bytes: Buffer }> {
    await page.keyboard.press('Control+e')
    await dialog().getByRole('radio', { name: new RegExp(label) }).check()
    const [file] = await Promise.all([page.waitForEvent('download'), dialog().getByRole('button', { name: 'Download' }).click()])
    const path = join(temp, file.suggestedFilename())
    await file.saveAs(path)
    await expect.poll(() => dialog().count()).toBe(0)
    return { name: file.suggestedFilename(), bytes: await readFile(path) }
  }

  it('exports a web page, a Word file and a PDF from the export dialog', async () => {
    await page.keyboard.press('Control+e')
    await expect.poll(() => dialog().getByRole('radio').count()).toBe(9)
    await page.screenshot({ path: join(SHOTS, 'export-dialog.png') })
    await dialog().getByRole('button', { name: 'Cancel' }).click()

    const html = await download('Web page')
    expect(html.name).toMatch(/\.html$/)
    expect(html.bytes.toString('utf8')).toContain('approximately US$2.8 billion')
    expect(html.bytes.toString('utf8')).toContain('Mostly true')
    const word = await download('Word')
    expect(word.name).toMatch(/\.docx$/)
    expect(word.bytes.subarray(0, 2).toString()).toBe('PK')
    const pdf = await download('PDF')
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('opens the export dialog again when Ctrl+E comes right after Cancel, before the browser says the dialog closed', async () => {
    await page.keyboard.press('Control+e')
    await expect.poll(() => dialog().getByRole('radio').count()).toBe(9)
    // A key is a task of its own and can come before the dialog's own close event: click Cancel,
    // let the page finish what the click started (its microtasks), then press Ctrl+E.
    await page.evaluate(async () => {
      const cancel = [...document.querySelectorAll<HTMLButtonElement>('dialog[open] button')].find((b) => b.textContent === 'Cancel')!
      cancel.click()
      await Promise.resolve()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', ctrlKey: true, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => dialog().getByRole('radio').count()).toBe(9)
    await dialog().getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => dialog().count()).toBe(0)
  })

  it('shows in the dialog why a ClaimReview cannot be made yet, and makes it once the address is set', async () => {
    await page.keyboard.press('Control+e')
    await dialog().getByRole('radio', { name: /ClaimReview/ }).check()
    await dialog().getByRole('button', { name: 'Download' }).click()
    await expect.poll(() => dialog().getByRole('alert').textContent()).toContain('Fact-check web address')
    await dialog().getByRole('button', { name: 'Close' }).click()

    await page.getByRole('button', { name: 'Settings…' }).click()
    await page.getByLabel('Fact-check web address').fill('https://factdesk.example/checks/pakistan')
    await page.getByLabel('Organisation', { exact: true }).fill('Fact Desk')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await saved()
    const reviews = JSON.parse((await download('ClaimReview')).bytes.toString('utf8')) as { claimReviewed: string; author: { name: string } }[]
    expect(reviews).toEqual([expect.objectContaining({ claimReviewed: 'approximately US$2.8 billion', author: expect.objectContaining({ name: 'Fact Desk' }) })])
  })

  it('imports W3C annotations: the placeable ones are highlighted, the others wait among the orphans to be placed by hand', async () => {
    const file = join(temp, 'colleague-notes.json')
    await writeFile(
      file,
      JSON.stringify([
        {
          '@context': 'http://www.w3.org/ns/anno.jsonld',
          id: 'https://notes.example/1',
          type: 'Annotation',
          body: [
            { type: 'TextualBody', purpose: 'tagging', value: 'evidence' },
            { type: 'TextualBody', purpose: 'commenting', value: 'No diplomatic relations since 1947.' }
          ],
          target: { source: 'https://elsewhere.example/a', selector: { type: 'TextQuoteSelector', exact: 'Pakistan has never acknowledged Israel' } }
        },
        {
          '@context': 'http://www.w3.org/ns/anno.jsonld',
          id: 'https://notes.example/2',
          type: 'Annotation',
          body: { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
          target: { source: 'https://elsewhere.example/a', selector: { type: 'TextQuoteSelector', exact: 'Iran recognised Pakistan first of all nations' } }
        }
      ])
    )
    await page.locator('input[aria-label^="Annotations to import"]').setInputFiles(file)
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'colleague-notes.json: 1 annotation placed, 1 annotation kept as an orphan' }).count()).toBe(1)
    await expect.poll(() => page.locator('.fw-article fw-evidence').first().textContent()).toBe('Pakistan has never acknowledged Israel')
    const orphans = page.getByRole('complementary', { name: 'Orphaned annotations' })
    await expect.poll(() => orphans.textContent()).toContain('Iran recognised Pakistan first of all nations')
    await page.screenshot({ path: join(SHOTS, 'orphans.png') })

    await selectInArticle(page, 'Iran was also the first country to recognize Pakistan')
    await orphans.getByRole('button', { name: 'Place on selection' }).click()
    await expect.poll(() => page.locator('.fw-article fw-claim').allTextContents()).toContain('Iran was also the first country to recognize Pakistan')
    await saved()
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator('.fw-article fw-claim').allTextContents()).not.toContain('Iran was also the first country to recognize Pakistan')
    await page.keyboard.press('Control+Shift+z')
    await saved()
  })

  it('merges a colleague’s bundle and lets me choose, item by item, where we both changed a claim', async () => {
    // My bundle goes to a colleague, who changes the claim's verdict in their own store.
    const mine = await download('Project bundle')
    const colleague = await mkdtemp(join(tmpdir(), 'factwork-colleague-'))
    const bundle = join(temp, mine.name)
    const env = { ...process.env, FACTWORK_HOME: colleague }
    await run(process.execPath, [CLI, 'import', bundle], { env })
    const store = await ProjectStore.open(colleague)
    const changed = await store.update(projectId, (p) => ({
      ok: true,
      value: { ...p, annotations: p.annotations.map((a) => (a.kind === 'claim' && a.quote.exact === 'approximately US$2.8 billion' ? { ...a, verdict: 'Half true', modifiedAt: new Date().toISOString() } : a)) }
    }))
    if (!changed.ok) throw new Error(changed.message)
    await store.close()
    const theirs = join(temp, 'from-colleague.factwork')
    await run(process.execPath, [CLI, 'export', projectId, '--format', 'bundle', '--out', theirs], { env })

    // Meanwhile I change the same claim differently.
    await page.locator('.fw-article fw-claim', { hasText: 'approximately US$2.8 billion' }).first().click()
    await inspector().getByLabel('Verdict').selectOption('False')
    await saved()
    await page.getByRole('button', { name: '← Projects' }).click()

    await page.locator('input[aria-label="Article files to import"]').setInputFiles(theirs)
    const conflicts = page.getByRole('dialog', { name: /changed on both sides/ })
    await expect.poll(() => conflicts.textContent()).toContain('approximately US$2.8 billion')
    expect(await conflicts.textContent()).toContain('Half true')
    await page.screenshot({ path: join(SHOTS, 'merge-conflicts.png') })
    await conflicts.getByRole('radio', { name: 'Take theirs' }).check()
    await conflicts.getByRole('button', { name: 'Take theirs for 1 item' }).click()
    await expect.poll(() => conflicts.count()).toBe(0)

    // The merged project opens once the choices are made.
    await page.locator('.fw-article').waitFor()
    await page.locator('.fw-article fw-claim', { hasText: 'approximately US$2.8 billion' }).first().click()
    await expect.poll(() => inspector().getByLabel('Verdict').inputValue()).toBe('Half true')
    expect(app.errors).toEqual([])
  })
})
