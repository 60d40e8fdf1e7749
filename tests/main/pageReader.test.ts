import { describe, expect, it } from 'vitest'
import { readExportedPage, readPage } from '../../main/import/pageReader'

// Web pages are read in a worker with a time limit; what happens when a page runs out of time is
// tested with limits far below what any page needs.

const PAGE = `<!doctype html><html lang="en"><head><title>Port deal signed</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port deal signed</h1>${'<p>The minister said the port would open next year, and that the deal was worth US$2.8 billion to the region over a decade.</p>'.repeat(8)}</article>
<footer>Copyright the newspaper</footer></body></html>`

const text = (page: Awaited<ReturnType<typeof readPage>>) =>
  page.ok ? page.page.blocks.map((b) => ('content' in b ? b.content.map((c) => c.text).join('') : '')).join('\n') : ''

describe('reading a web page in the page reader', () => {
  it('finds the article, leaving the navigation out', async () => {
    const page = await readPage(PAGE)
    expect(page.ok && page.page.meta.title).toBe('Port deal signed')
    expect(text(page)).toContain('worth US$2.8 billion')
    expect(text(page)).not.toContain('Copyright the newspaper')
  })

  it('takes the page whole when finding the article runs out of time', async () => {
    const page = await readPage(PAGE, { articleMs: 0, wholeMs: 60_000 })
    expect(page.ok).toBe(true)
    expect(text(page)).toContain('worth US$2.8 billion')
    expect(text(page)).toContain('Copyright the newspaper')
  })

  it('gives making the blocks of an article found in time a limit of its own, and does not then read the whole page', async () => {
    const page = await readPage(PAGE, { articleMs: 60_000, wholeMs: 0 })
    expect(!page.ok && page.problem).toMatch(/^took more than 60 s to read/)
    expect((await readPage(PAGE, { articleMs: 60_000, wholeMs: 60_000 })).ok).toBe(true)
  })

  it('holds to each limit when the app is too busy to notice the time is up before the worker replies', async () => {
    // The request is sent once this turn ends; the worker then replies while the main thread is
    // held up, so its replies are handled together, before the timer.
    const whileBusy = async (reading: ReturnType<typeof readPage>) => {
      setImmediate(() => {
        const end = Date.now() + 500
        while (Date.now() < end);
      })
      return reading
    }
    await readPage(PAGE)
    const late = await whileBusy(readPage(PAGE, { articleMs: 60_000, wholeMs: 0 }))
    expect(!late.ok && late.problem).toMatch(/^took more than 60 s to read/)
    await readPage(PAGE)
    const whole = await whileBusy(readPage(PAGE, { articleMs: 0, wholeMs: 60_000 }))
    expect(text(whole)).toContain('Copyright the newspaper')
  })

  it('refuses a page that cannot be read in time, and reads the next one as usual', async () => {
    const slow = await readPage(PAGE, { articleMs: 0, wholeMs: 0 })
    expect(!slow.ok && slow.problem).toMatch(/^took more than 0 s to read, which real pages never do/)
    const next = await readPage(PAGE)
    expect(next.ok && next.page.meta.title).toBe('Port deal signed')
  })

  it('reads a page that says Factwork exported it under the same limit, and tells one that is not', async () => {
    expect(await readExportedPage(PAGE)).toEqual({ ok: true, page: null })
    const slow = await readExportedPage(PAGE, { articleMs: 0, wholeMs: 0 })
    expect(!slow.ok && slow.problem).toMatch(/^took more than 0 s to read/)
  })
})
