import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import type { Change } from '../../../data/changes'
import { placeAnnotations } from '../../../data/import/placing'
import { parseAnnotationsText } from '../../../data/import/w3c'
import type { Project } from '../../../data/project'
import type { Host } from '../../e2e/harness'
import type { HostileInput } from './inputs'
import { generateInputs, prepareKit } from './nodeFuzz'

// The Chromium half of the hostile-input fuzzer. Hostile files are imported into a real browser
// host (`factwork serve`) through its API, as the page imports them, several documents to a
// project; hostile annotation files are placed on some of them and saved as the page saves them.
// Then the real app opens every document, and every exported page is opened as a file, each with
// a sentinel watching: a payload that runs sets `window.__xss`, alert() and friends open dialogs,
// and any request to anywhere but the host is counted and blocked. Content Security Policies are
// bypassed, so that markup that would run without them is caught too.

/** What the run needs from the end-to-end harness (tests/e2e/harness.ts). */
export interface ChromiumTools {
  launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }>
  startHost(home?: string): Promise<Host>
}

/** What a run in Chromium found. Every count after the first few must be 0. */
export interface BrowserFuzzReport {
  seed: number
  /** Files sent to the browser host, and how many it imported (the others it refused with a
   *  failure value). */
  filesSent: number
  filesImported: number
  projects: number
  /** Hostile annotation files placed on projects and saved through the API. */
  annotationFilesSaved: number
  annotationsSaved: number
  /** Documents opened in the real app, and exported pages opened as files. */
  documentsRendered: number
  documentsNotShown: number
  pagesOpened: number
  pagesNotLoaded: number
  /** The longest a document took to be shown, and an exported page to load (with its length). */
  slowestDocumentMs: number
  slowestPage: { ms: number; characters: number }
  /** Payloads that ran: the sentinel set, dialogs opened. */
  scriptExecutions: number
  dialogs: number
  /** Requests to anywhere but the browser host (blocked), and navigations away. */
  foreignRequests: number
  navigationsAway: number
  /** Elements or attributes that must not be in the article, the app or an exported page. */
  forbiddenInApp: number
  forbiddenInPages: number
  /** Errors the page reported: its console and uncaught exceptions. */
  consoleErrors: number
  pageErrors: number
  /** A control page with a payload of each sort, opened first with the same watch: what the watch
   *  saw (all three must be above 0, or the watch is blind). */
  control: { payloadsRan: number; dialogs: number; requestsBlocked: number }
  elapsedMs: number
  failures: string[]
}

/** Elements the article view is made of: ProseMirror's blocks, marks, links drawn as spans,
 *  highlights, and ProseMirror's own cursor helpers. */
const ARTICLE_ELEMENTS = ['div', 'section', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'code', 'blockquote', 'ul', 'ol', 'li', 'em', 'strong', 'span', 'br', 'img', 'fw-claim', 'fw-source', 'fw-evidence', 'fw-note']

/** In the page: what must not be there. `articleOnly` limits the element check to `.fw-article`
 *  (the app's own page has buttons, inputs and icons); the attribute checks cover everything. */
function inspectPage(args: { articleElements: string[] | null }): { problems: string[]; xss: number; text: string } {
  const problems: string[] = []
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background', 'ping', 'srcset', 'codebase']
  const scheme = (value: string) => /^([a-z][a-z0-9+.-]*):/.exec(value.replace(/^(?:\p{Cc}| )+/u, '').replace(/[\t\n\r]/g, '').toLowerCase())?.[1] ?? ''
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase()
      if (name.startsWith('on')) problems.push(`an attribute ${name} on ${el.localName}`)
      // The app's own `<link rel="icon" href="data:,">` asks for no icon: an empty data address.
      const empty = el.localName === 'link' && a.value === 'data:,'
      if (urlAttributes.includes(name) && ['javascript', 'vbscript', 'data', 'livescript'].includes(scheme(a.value)) && !empty) {
        problems.push(`${name}="${a.value.slice(0, 60)}" on ${el.localName}`)
      }
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, form, meta[http-equiv="refresh" i], link[rel="import" i], portal, svg script, math, template')) {
    problems.push(`an element ${el.localName}`)
  }
  let text = ''
  if (args.articleElements) {
    const allowed = new Set(args.articleElements)
    const article = document.querySelector('.fw-article')
    text = article?.textContent ?? ''
    for (const el of article?.querySelectorAll('*') ?? []) {
      if (!allowed.has(el.localName)) problems.push(`an element ${el.localName} in the article`)
      for (const a of el.attributes) if (urlAttributes.includes(a.name.toLowerCase()) && !(el.localName === 'img' && el.classList.contains('ProseMirror-separator'))) problems.push(`an attribute ${a.name} in the article`)
    }
  } else {
    for (const script of document.querySelectorAll('script')) {
      if (script.getAttribute('type') !== 'application/ld+json' || script.hasAttribute('src')) problems.push(`a script element ${script.outerHTML.slice(0, 80)}`)
    }
  }
  return { problems, xss: (window as unknown as { __xss: number }).__xss, text }
}

/** Run in every page before any of its scripts: the sentinel, `__xss`, counts every assignment.
 *  (Written as text: functions handed to Playwright are serialised, and the TypeScript loader may
 *  add a `__name` helper to them, which is defined here for `inspectPage`.) */
const SENTINEL = `
  window.__name = (f) => f;
  (() => {
    let hits = 0;
    Object.defineProperty(window, '__xss', { get() { return hits }, set() { hits++ }, configurable: false });
  })();
`

const compact = (text: string) => text.replace(/\s+/g, '')

/** Import hostile inputs into a browser host and open them in the app and as exported pages. */
export async function runBrowserFuzz(options: {
  tools: ChromiumTools
  seed: number
  /** Documents to render in the app (at least), and exported pages to open (at least). */
  documents: number
  pages: number
  root: string
  /** Documents per project (several to keep it quick). */
  perProject?: number
  onProgress?: (report: BrowserFuzzReport) => void
}): Promise<BrowserFuzzReport> {
  const started = performance.now()
  const report: BrowserFuzzReport = {
    seed: options.seed,
    filesSent: 0,
    filesImported: 0,
    projects: 0,
    annotationFilesSaved: 0,
    annotationsSaved: 0,
    documentsRendered: 0,
    documentsNotShown: 0,
    pagesOpened: 0,
    pagesNotLoaded: 0,
    slowestDocumentMs: 0,
    slowestPage: { ms: 0, characters: 0 },
    scriptExecutions: 0,
    dialogs: 0,
    foreignRequests: 0,
    navigationsAway: 0,
    forbiddenInApp: 0,
    forbiddenInPages: 0,
    consoleErrors: 0,
    pageErrors: 0,
    control: { payloadsRan: 0, dialogs: 0, requestsBlocked: 0 },
    elapsedMs: 0,
    failures: []
  }
  const fail = (problem: string) => {
    if (report.failures.length < 40) report.failures.push(problem.slice(0, 500))
  }
  const perProject = options.perProject ?? 8
  const { kit } = await prepareKit(options.root)
  const host = await options.tools.startHost()
  const chromium = await options.tools.launchChromium()
  const pagesDir = join(options.root, 'exported-pages')
  await mkdir(pagesDir, { recursive: true })
  try {
    const token = new URL(host.url).searchParams.get('token') ?? ''
    const call = async <T>(method: string, args: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> => {
      const response = await fetch(`${host.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(args) })
      return (await response.json()) as never
    }
    const request = (input: HostileInput) => ({ fileName: input.fileName, content: Buffer.from(input.bytes).toString('base64'), encoding: 'base64' as const })

    const context = await chromium.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } })
    await context.addInitScript({ content: SENTINEL })
    let where = 'the app'
    await context.route('**/*', async (route) => {
      const url = route.request().url()
      if (url.startsWith(`${host.origin}/`) || url.startsWith('file:') || url.startsWith('data:')) return route.continue()
      report.foreignRequests++
      fail(`${where}: a request to ${url.slice(0, 120)}`)
      return route.abort()
    })
    const watch = (page: Page) => {
      page.on('dialog', (dialog) => {
        report.dialogs++
        fail(`${where}: a ${dialog.type()} dialog opened: ${dialog.message().slice(0, 80)}`)
        void dialog.dismiss().catch(() => undefined)
      })
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        report.consoleErrors++
        fail(`${where}: console error ${message.text().slice(0, 200)}`)
      })
      page.on('pageerror', (error) => {
        report.pageErrors++
        fail(`${where}: uncaught ${error.message.slice(0, 200)}`)
      })
    }
    const app = await context.newPage()
    watch(app)
    app.on('framenavigated', (frame) => {
      if (frame === app.mainFrame() && !frame.url().startsWith(`${host.origin}/`)) {
        report.navigationsAway++
        fail(`${where}: the app navigated to ${frame.url().slice(0, 120)}`)
      }
    })
    await app.goto(host.url)
    await app.locator('main, [role="main"], body').first().waitFor()

    const exported: { project: Project; documentId: string }[] = []
    let index = 0
    while (report.documentsRendered + report.documentsNotShown < options.documents) {
      // One project: a file first, then more documents added to it, or one bundle.
      const inputs = await generateInputs(options.seed, index, perProject * 2, kit, new Set(['html', 'markdown', 'bundle', 'w3c']))
      index = inputs[inputs.length - 1]!.index + 1
      const files = inputs.filter((i) => i.kind !== 'w3c')
      const annotationFile = inputs.find((i) => i.kind === 'w3c')
      let project = null as Project | null
      for (const input of files) {
        if (project && input.kind === 'bundle') continue
        report.filesSent++
        const into: string | null = project === null ? null : (project as Project).id
        const result: { ok: true; value: unknown } | { ok: false; message: string } =
          into === null ? await call<unknown>('createProject', request(input)) : await call<unknown>('addDocument', { id: into, ...request(input) })
        if (!result.ok) {
          if (!result.message.includes(input.fileName)) fail(`input ${input.index}: a refusal that does not name the file: ${result.message.slice(0, 200)}`)
          continue
        }
        report.filesImported++
        const id: string = into ?? (result.value as { project: { id: string } }).project.id
        const got = await call<Project>('getProject', { id })
        if (!got.ok) {
          fail(`input ${input.index}: the project it made cannot be opened: ${got.message}`)
          break
        }
        const current: Project = got.value
        project = current
        if (current.documents.length >= perProject || input.kind === 'bundle') break
      }
      if (!project) continue
      report.projects++
      if (annotationFile) {
        const parsed = parseAnnotationsText(new TextDecoder().decode(annotationFile.bytes), annotationFile.fileName)
        if (parsed.ok) {
          const { changes } = placeAnnotations(project, parsed.value, { documentId: project.documents[0]!.id, now: new Date().toISOString(), newId: () => crypto.randomUUID(), origin: annotationFile.fileName })
          const saved = changes.length ? await call<unknown>('saveChanges', { id: project.id, changes: changes as Change[] }) : null
          if (saved?.ok) {
            report.annotationFilesSaved++
            report.annotationsSaved += changes.filter((c) => c.op === 'addAnnotation' || c.op === 'addOrphan').length
            const again = await call<Project>('getProject', { id: project.id })
            if (again.ok) project = again.value
          } else if (saved && !saved.ok) fail(`input ${annotationFile.index}: its annotations were placed but not saved: ${saved.message.slice(0, 200)}`)
        }
      }

      // Open the project in the app, then each document.
      where = `the app, project ${project.id}`
      await app.evaluate((id) => (window.location.hash = `#/project/${id}`), project.id)
      const docs = app.getByRole('navigation', { name: 'Documents' }).getByRole('listitem').getByRole('button')
      for (const [i, doc] of project.documents.entries()) {
        where = `the app, project ${project.id}, document ${i + 1} (${JSON.stringify(doc.original.fileName.slice(0, 60))})`
        const expected = compact(doc.text).slice(0, 40)
        let shown = false
        const clicked = performance.now()
        try {
          await docs.nth(i).click({ timeout: 10_000 })
          await app.waitForFunction((want) => (document.querySelector('.fw-article')?.textContent ?? '').replace(/\s+/g, '').startsWith(want), expected, { timeout: 10_000 })
          shown = true
        } catch {
          report.documentsNotShown++
          fail(`${where}: the document was not shown within 10 s`)
        }
        if (shown) report.documentsRendered++
        report.slowestDocumentMs = Math.max(report.slowestDocumentMs, Math.round(performance.now() - clicked))
        const found = await app.evaluate(inspectPage, { articleElements: ARTICLE_ELEMENTS })
        if (found.xss) {
          report.scriptExecutions += found.xss
          fail(`${where}: a payload ran (__xss = ${found.xss})`)
        }
        if (found.problems.length) {
          report.forbiddenInApp++
          fail(`${where}: ${found.problems.slice(0, 3).join('; ')}`)
        }
        exported.push({ project, documentId: doc.id })
      }
      options.onProgress?.(report)
    }

    // The control: a page whose payloads must be seen, in a context watched the same way.
    const controlContext = await chromium.browser.newContext({ bypassCSP: true })
    await controlContext.addInitScript({ content: SENTINEL })
    await controlContext.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (report.control.requestsBlocked++, route.abort())))
    const controlPage = await controlContext.newPage()
    controlPage.on('dialog', (dialog) => {
      report.control.dialogs++
      void dialog.dismiss().catch(() => undefined)
    })
    const controlPath = join(pagesDir, 'control.html')
    await writeFile(controlPath, `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><script>top.__xss=1</script><img src=x onerror="top.__xss=1"><img src="http://beacon.invalid/control.png"><script>alert(1)</script>`)
    await controlPage.goto(pathToFileURL(controlPath).href, { waitUntil: 'load' })
    await controlPage.waitForFunction(() => (window as unknown as { __xss: number }).__xss >= 2, null, { timeout: 5_000 }).catch(() => undefined)
    report.control.payloadsRan = await controlPage.evaluate(() => (window as unknown as { __xss: number }).__xss)
    await controlContext.close()

    // Every document's export, opened as a file.
    const page = await context.newPage()
    watch(page)
    for (const [n, { project, documentId }] of exported.slice(0, options.pages).entries()) {
      const file = await call<{ content: string }>('exportProject', { id: project.id, format: 'html', ...(project.documents.length > 1 ? { documentId } : {}) })
      if (!file.ok) {
        fail(`project ${project.id}: the HTML export failed: ${file.message.slice(0, 200)}`)
        continue
      }
      const path = join(pagesDir, `page-${n}.html`)
      await writeFile(path, file.value.content)
      where = `exported page ${n} of project ${project.id}`
      const opening = performance.now()
      try {
        await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 60_000 })
      } catch (error) {
        report.pagesNotLoaded++
        fail(`${where}: the page (${file.value.content.length} characters, ${file.value.content.split('<').length - 1} tags) did not load: ${(error as Error).message.split('\n')[0]}`)
        continue
      }
      report.pagesOpened++
      const took = Math.round(performance.now() - opening)
      if (took > report.slowestPage.ms) report.slowestPage = { ms: took, characters: file.value.content.length }
      const found = await page.evaluate(inspectPage, { articleElements: null })
      if (found.xss) {
        report.scriptExecutions += found.xss
        fail(`${where}: a payload ran (__xss = ${found.xss})`)
      }
      if (found.problems.length) {
        report.forbiddenInPages++
        fail(`${where}: ${found.problems.slice(0, 3).join('; ')}`)
      }
      if (page.url() !== pathToFileURL(path).href) {
        report.navigationsAway++
        fail(`${where}: the page navigated to ${page.url().slice(0, 120)}`)
      }
    }
    await context.close()
  } finally {
    await chromium.close()
    await host.stop()
  }
  report.elapsedMs = Math.round(performance.now() - started)
  return report
}
