import type { Random } from './random'
import { BEACON, hostileMarkup, hostileString, obfuscatedUrl, SENTINEL } from './vectors'

// Hostile web pages: saved news pages with payloads in the head, the body, the article and its
// attributes, mutation-XSS shapes, pages that pretend to be Factwork exports, and the same pages
// damaged at random (cut, spliced, nested a thousand deep, bytes flipped, encodings lied about).

/** Sentences of an ordinary article, so that Readability finds one. */
export const PROSE = [
  'Exports rose to approximately US$2.8 billion last year, the ministry said on Tuesday.',
  'The country was described as the first nation to recognize the treaty, a claim historians dispute.',
  'Officials said the figures had been revised twice since 2019, without saying why.',
  'A spokesperson declined to comment on the report, citing an ongoing review.',
  'Independent analysts put the number closer to US$2.1 billion, according to a briefing note.',
  'The report, published by a think tank, relied on interviews with unnamed officials.',
  'Opposition lawmakers called the statement misleading and demanded the underlying data.',
  'Trade between the two countries has grown every year for a decade, customs records show.'
]

function paragraphs(random: Random, n: number): string[] {
  return Array.from({ length: n }, () => random.several(PROSE, random.between(2, 5)).join(' '))
}

/** Escape text for an attribute or element, as a well-behaved page would. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** An element with event handlers and hostile attributes, holding prose. */
function hostileElement(random: Random, text: string): string {
  const tag = random.pick(['p', 'div', 'span', 'a', 'h2', 'blockquote', 'li', 'section', 'article', 'em', 'strong', 'code', 'pre', 'td', 'table', 'figure', 'time'])
  const attributes = random.several(
    [
      `onclick="${SENTINEL}"`,
      `onmouseover=${SENTINEL}`,
      `onfocus="${SENTINEL}" tabindex=0 autofocus`,
      `onanimationstart="${SENTINEL}" style="animation:x 1s"`,
      `style="background:url(${BEACON}/style.png)"`,
      `href="${escapeHtml(obfuscatedUrl(random, false))}"`,
      `href="${obfuscatedUrl(random, true).replace(/"/g, '&quot;')}"`,
      `src="${BEACON}/src.png"`,
      `srcdoc="&lt;script&gt;${SENTINEL}&lt;/script&gt;"`,
      `formaction="javascript:${SENTINEL}"`,
      `xmlns="http://www.w3.org/2000/svg"`,
      `is="x-script"`,
      `data-x="${escapeHtml(hostileString(random).slice(0, 200))}"`,
      `title="${escapeHtml(hostileString(random).slice(0, 200))}"`,
      `lang="${escapeHtml(hostileString(random).slice(0, 60))}"`,
      `dir="${random.pick(['rtl', 'ltr', 'auto', '"><script>' + SENTINEL + '</script>'])}"`,
      `id="__proto__"`,
      `name="constructor"`,
      `class="fw-article"`
    ],
    random.between(1, 3)
  ).join(' ')
  return `<${tag} ${attributes}>${text}</${tag}>`
}

/** The head of a saved page: a title, metadata Readability reads, and hostile extras. */
function head(random: Random, title: string): string {
  const parts = [`<meta charset="${random.pick(['utf-8', 'utf-8', 'windows-1252', 'shift_jis', 'x-user-defined', 'utf-7', 'bogus'])}">`, `<title>${title}</title>`]
  const extras = [
    `<base href="${random.pick([`javascript:${SENTINEL}//`, `${BEACON}/`, 'https://example.org/news/'])}">`,
    `<link rel="canonical" href="${escapeHtml(random.pick([obfuscatedUrl(random, false), 'https://example.org/story', `${BEACON}/canonical`]))}">`,
    `<meta property="og:url" content="${escapeHtml(random.pick([obfuscatedUrl(random, false), 'https://example.org/og']))}">`,
    `<meta property="og:title" content="${escapeHtml(hostileString(random).slice(0, 300))}">`,
    `<meta name="author" content="${escapeHtml(hostileString(random).slice(0, 300))}">`,
    `<meta property="article:published_time" content="${escapeHtml(hostileString(random).slice(0, 100))}">`,
    `<meta property="og:site_name" content="${escapeHtml(hostileString(random).slice(0, 300))}">`,
    `<meta http-equiv="refresh" content="0;url=javascript:${SENTINEL}">`,
    `<meta http-equiv="refresh" content="1; url=${BEACON}/meta-refresh">`,
    `<script>${SENTINEL}</script>`,
    `<script src="${BEACON}/head.js"></script>`,
    `<style>body{background:url(${BEACON}/head.png)}</style>`,
    `<link rel="stylesheet" href="${BEACON}/head.css">`,
    `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${escapeHtml(hostileString(random).slice(0, 200)).replace(/\\/g, '')}"}</script>`
  ]
  for (const extra of random.several(extras, random.between(0, 4))) parts.push(extra)
  return `<head>${parts.join('\n')}</head>`
}

/** A saved news page with hostile fragments spread through its article. */
export function hostilePage(random: Random): string {
  const title = random.chance(0.5) ? escapeHtml(random.pick(PROSE).slice(0, 60)) : random.chance(0.5) ? escapeHtml(hostileString(random).slice(0, 300)) : hostileMarkup(random)
  const article: string[] = []
  for (const text of paragraphs(random, random.between(2, 8))) {
    article.push(random.chance(0.3) ? hostileElement(random, text) : `<p>${text}</p>`)
    for (let i = random.int(3); i > 0; i--) article.push(hostileMarkup(random))
  }
  if (random.chance(0.3)) article.unshift(`<h1 ${random.chance(0.5) ? `onclick="${SENTINEL}"` : ''}>${title}</h1>`)
  const prolog = random.pick([
    '',
    '<!DOCTYPE html>\n',
    '<!-- saved from url=(0041)https://example.org/news/2026/claims.html -->\n<!DOCTYPE html>\n',
    '\ufeff<!doctype html>',
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n',
    `<!-- <script>${SENTINEL}</script> -->\n<!doctype html>`
  ])
  const htmlAttributes = random.pick(['lang="en"', 'lang="ar" dir="rtl"', `lang="${escapeHtml(hostileString(random).slice(0, 40))}"`, `xmlns="http://www.w3.org/1999/xhtml" onload="${SENTINEL}"`, ''])
  const bodyAttributes = random.pick(['', `onload="${SENTINEL}"`, `onpageshow="${SENTINEL}" onfocus="${SENTINEL}"`, 'class="article-page"'])
  const wrap = random.pick(['article', 'main', 'div class="story-body"', 'section', 'div'])
  const close = wrap.split(' ')[0]
  return (
    `${prolog}<html ${htmlAttributes}>\n${head(random, title)}\n<body ${bodyAttributes}>\n` +
    `<header><nav><a href="/">Home</a> <a href="${escapeHtml(obfuscatedUrl(random, false))}">Menu</a></nav></header>\n` +
    `<${wrap}>\n${article.join('\n')}\n</${close}>\n` +
    `<footer><p>© News Site. <a href="mailto:desk@example.org">Contact</a></p>${random.chance(0.3) ? hostileMarkup(random) : ''}</footer>\n</body></html>\n`
  )
}

/** A page that says it is a Factwork export, with payloads where the reader of exports looks:
 *  the article element, the fields beside it, the heading levels and the JSON-LD blocks. */
export function fakeExportPage(random: Random, jsonLd: string): string {
  const field = (name: string) => `<dd data-field="${name}">${random.chance(0.5) ? escapeHtml(hostileString(random).slice(0, 300)) : hostileMarkup(random)}</dd>`
  const article = [...paragraphs(random, random.between(1, 4)).map((t) => `<p>${t}</p>`), ...random.several([hostileMarkup(random), hostileMarkup(random)], random.between(1, 4))]
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="Factwork ${random.pick(['0.1.0', '9.9.9', '0.1.0 "><script>' + SENTINEL + '</script>'])}">` +
    `<title>${escapeHtml(hostileString(random).slice(0, 200))}</title>${random.chance(0.5) ? `<script type="application/ld+json">${jsonLd}</script>` : ''}</head>\n<body><main>` +
    `<section class="fw-document" data-document="${escapeHtml(random.pick(['d1', hostileString(random).slice(0, 80)]))}">` +
    `<header><h2 data-field="title">${random.chance(0.5) ? hostileMarkup(random) : escapeHtml(random.pick(PROSE))}</h2></header>` +
    `<article class="fw-article" data-heading-levels="${random.pick(['', '1 2', '9 -1 x', '1 '.repeat(50)])}" ${random.chance(0.3) ? `onclick="${SENTINEL}"` : ''}>${article.join('\n')}</article>` +
    `<dl>${['format', 'url', 'lang', 'dir', 'byline', 'siteName', 'publishedTime', 'original.fileName', 'original.mediaType', 'original.size', 'original.importedAt', 'original.sha256'].filter(() => random.chance(0.5)).map(field).join('')}</dl>` +
    `</section></main>${random.chance(0.5) ? `<script type="application/ld+json">${jsonLd}</script>` : ''}</body></html>\n`
  )
}

/** Damage a page's text: cut it, splice pieces of it elsewhere, drop or repeat ranges, insert
 *  stray tags, or nest it deeply. */
export function mutateMarkup(random: Random, html: string): string {
  let out = html
  for (let n = random.between(1, 3); n > 0; n--) {
    const at = random.int(out.length + 1)
    const to = Math.min(out.length, at + random.int(400))
    switch (random.int(8)) {
      case 0:
        out = out.slice(0, at)
        break
      case 1:
        out = out.slice(0, at) + out.slice(to)
        break
      case 2:
        out = out.slice(0, at) + out.slice(at, to) + out.slice(at)
        break
      case 3:
        out = out.slice(0, at) + random.pick(['<', '</', '<!--', '-->', '<![CDATA[', ']]>', '<svg>', '<math>', '</p>', '<table>', '<template>', '<noscript>', '<style>', '<textarea>', '<select>', '"', "'", '=', '&', '&#', '\u0000']) + out.slice(at)
        break
      case 4:
        out = out.slice(0, at) + hostileMarkup(random) + out.slice(at)
        break
      case 5: {
        // Nesting: deep enough to trouble recursive walkers and quadratic extractors.
        const depth = random.pick([50, 200, 1000, 3000])
        const tag = random.pick(['div', 'blockquote', 'ul><li', 'b', 'span', 'table><tr><td', 'svg', 'em'])
        const opens = tag.split('><').map((t) => `<${t}>`).join('')
        const closes = tag.split('><').reverse().map((t) => `</${t}>`).join('')
        const inner = random.pick(['Deep text inside many elements.', hostileMarkup(random)])
        out = out.slice(0, at) + opens.repeat(depth) + inner + (random.chance(0.8) ? closes.repeat(depth) : '') + out.slice(at)
        break
      }
      case 6: {
        // Wide: many siblings.
        const count = random.pick([500, 3000])
        out = out.slice(0, at) + `<p>${random.pick(PROSE)}</p>`.repeat(count) + out.slice(at)
        break
      }
      default: {
        const other = random.int(out.length + 1)
        out = out.slice(0, at) + out.slice(other, other + random.int(200)) + out.slice(at)
      }
    }
  }
  return out
}

/** Flip, drop or insert bytes: invalid UTF-8, NUL bytes, stray byte-order marks. */
export function mutateBytes(random: Random, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes)
  for (let n = random.between(1, 8); n > 0 && out.length; n--) {
    const at = random.int(out.length)
    switch (random.int(4)) {
      case 0:
        out[at] = out[at]! ^ (1 << random.int(8))
        break
      case 1:
        out.splice(at, 0, random.pick([0x00, 0xff, 0xfe, 0xc0, 0xe2, 0x80, 0xed, 0xa0]))
        break
      case 2:
        out.splice(at, 1)
        break
      default:
        out.splice(0, 0, ...random.pick([[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x3c]]))
    }
  }
  return new Uint8Array(out)
}
