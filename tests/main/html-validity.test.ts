import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHtml } from '../../data/export/html'
import { newProject, type Project } from '../../data/project'
import { hostileProject, richProject } from '../fixtures/export/projects'

const ROOT = resolve(__dirname, '..', '..')
const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar')
const options = { generatedAt: '2026-03-01T10:15:00.000Z', version: '0.1.0' }

interface VnuMessage {
  readonly type: 'error' | 'info' | 'non-document-error'
  readonly subType?: string
  readonly url: string
  readonly lastLine?: number
  readonly message: string
}

/** The pages checked: every document of the rich project, the Arabic document alone, a project
 *  with nothing annotated, and a project whose every text is a hostile payload. */
async function pages(): Promise<Record<string, string>> {
  const rich = richProject()
  const vectors = JSON.parse(await readFile(join(ROOT, 'tests', 'fixtures', 'xss-vectors.json'), 'utf8')) as { payload: string }[]
  const bare: Project = newProject('p-bare', { ...rich.documents[1]!, id: 'd-bare' }, rich.createdAt)
  const jsonLd = [{ '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: '</script><script>alert(1)</script>' }]
  return {
    'rich.html': toHtml(rich, { ...options, jsonLd }),
    'arabic.html': toHtml(rich, { ...options, documentId: 'd-ar', jsonLd: [] }),
    'bare.html': toHtml(bare, { ...options, jsonLd: [] }),
    'hostile.html': toHtml(hostileProject(vectors.map((v) => v.payload)), { ...options, jsonLd: vectors.slice(0, 20) })
  }
}

describe('the HTML export as a browser and the Nu HTML Checker see it', () => {
  let dir = ''
  let names: string[] = []
  let messages: VnuMessage[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'factwork-html-'))
    const written = await pages()
    names = Object.keys(written)
    for (const [name, html] of Object.entries(written)) await writeFile(join(dir, name), html, 'utf8')
    // One Java start for every page: the checker takes a few seconds to start.
    const run = spawnSync('java', ['-jar', VNU, '--format', 'json', '--stdout', ...names.map((n) => join(dir, n))], { encoding: 'utf8', timeout: 120_000 })
    if (run.error) throw run.error
    messages = (JSON.parse(run.stdout) as { messages: VnuMessage[] }).messages
    const sizes = await Promise.all(names.map(async (n) => `${n} ${(await stat(join(dir, n))).size} bytes`))
    console.log(`Checked with the Nu HTML Checker: ${sizes.join(', ')}`)
  }, 150_000)

  it.each(['rich.html', 'arabic.html', 'bare.html', 'hostile.html'])('%s is valid HTML5 (no errors; warnings listed)', (name) => {
    const mine = messages.filter((m) => m.url.endsWith(`/${name}`))
    const errors = mine.filter((m) => m.type !== 'info')
    const warnings = mine.filter((m) => m.type === 'info')
    const counted = new Map<string, number>()
    for (const w of warnings) counted.set(w.message, (counted.get(w.message) ?? 0) + 1)
    if (warnings.length) console.log(`${name}: ${warnings.length} warning(s):\n${[...counted].map(([m, n]) => `  ${n} × ${m}`).join('\n')}`)
    expect(errors.map((e) => `line ${e.lastLine}: ${e.message}`)).toEqual([])
  })

  describe('in Chromium', () => {
    let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null
    afterAll(async () => {
      await browser?.close()
    })

    it('opens the hostile page without running a script, showing a dialog or loading anything', async () => {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
      })
      const page = await browser.newPage()
      const dialogs: string[] = []
      const requests: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      page.on('request', (request) => requests.push(request.url()))
      const url = pathToFileURL(join(dir, 'hostile.html')).href
      await page.goto(url)
      const seen = await page.evaluate(async () => {
        // Whatever a reader might do to an element: nothing may run.
        for (const el of document.querySelectorAll('body *')) {
          for (const type of ['mouseover', 'focus', 'load', 'error', 'animationstart']) el.dispatchEvent(new Event(type))
        }
        await new Promise((done) => setTimeout(done, 300))
        return {
          scripts: [...document.scripts].map((s) => s.type),
          handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
          embedded: document.querySelectorAll('img, iframe, object, embed, svg, math, video, audio, form, input, link, base').length
        }
      })
      expect(dialogs).toEqual([])
      expect(requests.filter((r) => r !== url && !r.startsWith(`${url}#`))).toEqual([])
      expect(seen.handlers).toEqual([])
      expect(seen.embedded).toBe(0)
      expect(new Set(seen.scripts)).toEqual(new Set(['application/ld+json']))
    })
  })
})
