import { Readability } from '@mozilla/readability'
import { JSDOM, VirtualConsole } from 'jsdom'
import { blockText, type Block } from '../../data/document'
import { looksLikeHeadline } from '../../data/import'
import { flattenDeepMarkup } from './deepMarkup'
import { domToBlocks } from './domToBlocks'
import { closePage, sanitize } from './sanitize'

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
function pageUrl(doc: Document): string | null {
  const candidates = [
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content'),
    doc.querySelector('base')?.getAttribute('href')
  ]
  for (const c of candidates) {
    try {
      if (c && /^https?:\/\//i.test(c)) return new URL(c).href
    } catch {
      // Not a URL: try the next.
    }
  }
  return null
}

/** The most work Readability is given: the sum of every element's depth. Readability spends
 *  10–45 µs per unit (saved news pages weigh 4,000–20,000, under half a second); a page weighing
 *  more is taken whole, like a page Readability finds no article in, so that no page keeps an
 *  import busy for more than a few seconds. */
const READABILITY_BUDGET = 150_000

/** The sum of the depths of `doc`'s elements, counted up to a little past the budget. */
function readingWeight(doc: Document): number {
  let weight = 0
  const pending: [Element, number][] = [[doc.documentElement, 1]]
  while (pending.length && weight <= READABILITY_BUDGET) {
    const [element, depth] = pending.pop()!
    weight += depth
    // Siblings one by one: indexing jsdom's HTMLCollection costs time in proportion to its length.
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) pending.push([child, depth + 1])
  }
  return weight
}

/** Readability's article of `doc`, or null when it finds none or cannot read the page: it works on
 *  a copy, and jsdom refuses to copy an element whose name its own parser accepted but which is
 *  not an XML name (`<p"x>`). */
function extractArticle(doc: Document): ReturnType<Readability['parse']> {
  try {
    return new Readability(doc.cloneNode(true) as Document).parse()
  } catch {
    return null
  }
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim()
  return text ? text : null
}

/** Extract the article of a saved web page (Mozilla Readability), sanitise it (DOMPurify) and turn
 *  it into blocks. Pages Readability finds no article in are taken whole. Scripts never run and
 *  nothing is fetched: jsdom is used without scripts or resource loading. The title is kept as the
 *  first heading when the article body does not start with it; `readArticle: false` takes the page
 *  whole without asking Readability; `onArticleFound` is called once the page is parsed and its
 *  article found (or not looked for). Elements nested deeper than
 *  `MAX_MARKUP_DEPTH` are read as their text (`flattenDeepMarkup`), which keeps parsing and
 *  extraction quick. */
export function htmlToBlocks(source: string, options: { readArticle?: boolean; onArticleFound?: () => void } = {}): { blocks: Block[]; meta: PageMeta } {
  const html = flattenDeepMarkup(source)
  // A silent console: pages' broken stylesheets are not the person's concern.
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() })
  const doc = dom.window.document
  const url = pageUrl(doc)
  if (url) dom.reconfigure({ url })
  const lang = clean(doc.documentElement.getAttribute('lang'))
  const pageDir = clean(doc.documentElement.getAttribute('dir') ?? doc.body?.getAttribute('dir'))?.toLowerCase()
  const readArticle = options.readArticle !== false && readingWeight(doc) <= READABILITY_BUDGET
  const article = readArticle ? extractArticle(doc) : null
  options.onArticleFound?.()
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
  closePage(dom)
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
