import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Block } from '../../data/document'
import type { ExportedPage } from './exported'
import type { PageMeta } from './html'

// Web pages are read in a worker thread (`pageWorker.ts`), one page at a time, with a time limit:
// parsing and Readability are quick on real pages but can take minutes on damaged or hostile
// markup, and a page must never keep the app or an import busy that long. Parsing the page and
// finding its article have one limit; once the worker says the article is found, sanitising it and
// making its blocks have another. A page whose article is not found in time is taken whole
// instead; a page that still cannot be read in time is refused. The worker is kept for the next
// page and replaced after a page that ran out of time.

/** How to read a page: finding its article, taking it whole, or as a page Factwork exported. */
export type Reading = 'article' | 'whole' | 'exported'

/** A page to read, as sent to the worker. */
export interface PageRequest {
  readonly id: number
  readonly source: string
  readonly reading: Reading
}

/** The worker's answer: a `ReadPage`, or an `ExportedPage` (null when the page is not one); and
 *  before it, word that the page is parsed and its article found. */
export type PageReply =
  | { readonly id: number; readonly found: true }
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string }

/** A page's blocks and metadata. */
export interface ReadPage {
  readonly blocks: Block[]
  readonly meta: PageMeta
}

/** How long each attempt may take. Saved news pages take under a second. */
export interface PageTimeLimits {
  /** Parsing the page and finding its article with Readability. */
  readonly articleMs: number
  /** Sanitising the article and making its blocks; or, after finding the article ran out of
   *  time, reading the whole page. */
  readonly wholeMs: number
}

export const PAGE_TIME_LIMITS: PageTimeLimits = { articleMs: 4_000, wholeMs: 6_000 }

/** The most memory the worker may use for one page; past it the page is refused. */
const PAGE_MEMORY_MB = 1536

/** How a reading went; a reading that ran out of time says whether the article had been found. */
type Attempt<T> = { status: 'read'; value: T } | { status: 'failed'; problem: string } | { status: 'timeout'; found: boolean }

/** A reading's time limit, and the limit that replaces it once the article is found. */
interface Limit {
  readonly ms: number
  readonly afterFoundMs?: number
}

/** The worker's script: the built `pageWorker.js` next to the main process's entries, or, when
 *  Factwork runs from its sources (tests, the CLI), a module that registers tsx and then loads the
 *  TypeScript source. */
function workerScript(): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) {
    // tsx's ES module API (the `import` condition of `tsx/esm/api`).
    const tsx = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href
    const source = new URL('./pageWorker.ts', here).href
    return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)})`)}`)
  }
  // Built: entries are in out/main/, shared chunks in out/main/chunks/.
  for (const candidate of ['./pageWorker.js', '../pageWorker.js']) {
    const url = new URL(candidate, here)
    if (existsSync(fileURLToPath(url))) return url
  }
  throw new Error('The page reader (pageWorker.js) is missing from the build.')
}

class PageReader {
  private worker: Worker | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 1

  /** Read `source` in the worker, after any page already being read. */
  read<T>(source: string, reading: Reading, limit: Limit): Promise<Attempt<T>> {
    const attempt = this.queue.then(() => this.attempt<T>(source, reading, limit))
    this.queue = attempt.catch(() => undefined)
    return attempt
  }

  private spawn(): Worker {
    const worker = new Worker(workerScript(), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: PAGE_MEMORY_MB } })
    // An idle reader does not keep the command line from exiting.
    worker.unref()
    return worker
  }

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = null
    void worker.terminate()
  }

  private attempt<T>(source: string, reading: Reading, limit: Limit): Promise<Attempt<T>> {
    const worker = (this.worker ??= this.spawn())
    const id = this.nextId++
    return new Promise<Attempt<T>>((resolve) => {
      let found = false
      let deadline = 0
      let timer: ReturnType<typeof setTimeout> | undefined
      const finish = (outcome: Attempt<T>, keep: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        if (!keep) this.stop(worker)
        resolve(outcome)
      }
      const onMessage = (reply: PageReply) => {
        if (reply.id !== id) return
        if (performance.now() >= deadline) return outOfTime()
        if ('found' in reply) {
          found = true
          if (limit.afterFoundMs !== undefined) limitTo(limit.afterFoundMs)
          return
        }
        finish(reply.ok ? { status: 'read', value: reply.value as T } : { status: 'failed', problem: `could not be read (${reply.message})` }, true)
      }
      const onError = (error: Error & { code?: string }) => {
        const problem = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `needs more than ${PAGE_MEMORY_MB} MB of memory to read` : `could not be read (${error.message})`
        finish({ status: 'failed', problem }, false)
      }
      const onExit = () => finish({ status: 'failed', problem: 'could not be read (the page reader stopped)' }, false)
      const outOfTime = () => finish({ status: 'timeout', found }, false)
      /** Give the reading `ms` from now. A reply handled later is late, even one handled before
       *  the timer fires (a busy main thread takes the worker's messages together); the timer
       *  ends a reading that never answers, and keeps the process alive meanwhile. */
      const limitTo = (ms: number) => {
        clearTimeout(timer)
        deadline = performance.now() + ms
        timer = setTimeout(outOfTime, ms)
      }
      limitTo(limit.ms)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage({ id, source, reading } satisfies PageRequest)
    })
  }
}

const reader = new PageReader()

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`

/** Read a web page (or HTML from a Word file or the clipboard) into blocks, in the worker.
 *  `problem` completes a sentence that starts with the file's name. */
export async function readPage(source: string, limits: PageTimeLimits = PAGE_TIME_LIMITS): Promise<{ ok: true; page: ReadPage } | { ok: false; problem: string }> {
  const article = await reader.read<ReadPage>(source, 'article', { ms: limits.articleMs, afterFoundMs: limits.wholeMs })
  if (article.status === 'read') return { ok: true, page: article.value }
  if (article.status === 'failed') return { ok: false, problem: article.problem }
  // The article was found in time but not made into blocks: the whole page would take longer.
  if (article.found) return { ok: false, problem: tooLong(limits.articleMs + limits.wholeMs) }
  const whole = await reader.read<ReadPage>(source, 'whole', { ms: limits.wholeMs })
  if (whole.status === 'read') return { ok: true, page: whole.value }
  if (whole.status === 'failed') return { ok: false, problem: whole.problem }
  return { ok: false, problem: tooLong(limits.articleMs + limits.wholeMs) }
}

/** Read a page that says Factwork exported it (`readExportedHtml`), in the worker, within the
 *  same time as any page: `page` is null when it is not such a page after all. */
export async function readExportedPage(source: string, limits: PageTimeLimits = PAGE_TIME_LIMITS): Promise<{ ok: true; page: ExportedPage | null } | { ok: false; problem: string }> {
  const read = await reader.read<ExportedPage | null>(source, 'exported', { ms: limits.articleMs + limits.wholeMs })
  if (read.status === 'read') return { ok: true, page: read.value }
  return { ok: false, problem: read.status === 'failed' ? read.problem : tooLong(limits.articleMs + limits.wholeMs) }
}

const tooLong = (ms: number) => `took more than ${seconds(ms)} to read, which real pages never do: its markup is damaged or made to slow readers down`
