import { Readability } from '@mozilla/readability'
import { JSDOM, VirtualConsole } from 'jsdom'
import { blockText, type Block } from '../../data/document'
import { looksLikeHeadline } from '../../data/import'
import { domToBlocks } from './domToBlocks'
import { sanitize } from './sanitize'

/** What an HTML page gives besides its blocks. */
export interface PageMeta {
  readonly title: string | null
  readonly byline: string | null
  readonly siteName: string | null
  readonly publishedTime: string | null
  readonly lang: string | null
  readonly dir: 'ltr' | 'rtl' | null
  readonly url: string | null
}

/** The page's own address, if it says so, so relative links resolve to where it came from. */
function pageUrl(html: string): string | null {
  const probe = new JSDOM(html, { virtualConsole: new VirtualConsole() })
  const doc = probe.window.document
  const candidates = [
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content'),
    doc.querySelector('base')?.getAttribute('href')
  ]
  probe.window.close()
  for (const c of candidates) {
    try {
      if (c && /^https?:\/\//i.test(c)) return new URL(c).href
    } catch {
      // Not a URL: try the next.
    }
  }
  return null
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim()
  return text ? text : null
}

/** Extract the article of a saved web page (Mozilla Readability), sanitise it (DOMPurify) and turn
 *  it into blocks. Pages Readability finds no article in are taken whole. Scripts never run and
 *  nothing is fetched: jsdom is used without scripts or resource loading. The title is kept as the
 *  first heading when the article body does not start with it. */
export function htmlToBlocks(html: string): { blocks: Block[]; meta: PageMeta } {
  const url = pageUrl(html)
  // A silent console: pages' broken stylesheets are not the person's concern.
  const dom = new JSDOM(html, { ...(url ? { url } : {}), virtualConsole: new VirtualConsole() })
  const doc = dom.window.document
  const lang = clean(doc.documentElement.getAttribute('lang'))
  const pageDir = clean(doc.documentElement.getAttribute('dir') ?? doc.body?.getAttribute('dir'))?.toLowerCase()
  const article = new Readability(doc.cloneNode(true) as Document).parse()
  const content = article?.content ?? doc.body?.innerHTML ?? ''
  const body = sanitize(dom, content)
  let blocks = domToBlocks(body)
  const headline = blocks.slice(0, 3).find((b) => b.type === 'heading') as Extract<Block, { type: 'heading' }> | undefined
  const headlineText = headline ? clean(blockText(headline)) : null
  // A fragment (pasted rich text, a Word file) has no page title: its first heading, or a short
  // first line, is the headline.
  const firstText = blocks[0] && 'content' in blocks[0] ? clean(blockText(blocks[0])) : null
  const title = clean(article?.title) ?? clean(doc.title) ?? headlineText ?? (firstText && looksLikeHeadline(firstText) ? firstText : null)
  if (title && headlineText !== title && firstText !== title) {
    blocks = [{ type: 'heading', level: 1, content: [{ text: title }] }, ...blocks]
  }
  const dir = (article?.dir ?? pageDir)?.toLowerCase()
  dom.window.close()
  return {
    blocks,
    meta: {
      title,
      byline: clean(article?.byline),
      siteName: clean(article?.siteName),
      publishedTime: clean(article?.publishedTime),
      lang: clean(article?.lang) ?? lang,
      dir: dir === 'rtl' || dir === 'ltr' ? dir : null,
      url
    }
  }
}
