import createDOMPurify from 'dompurify'
import type { JSDOM } from 'jsdom'

/** The elements an imported article may keep: structure and emphasis, nothing that runs, loads
 *  or styles. Everything else is dropped with its attributes; text inside harmless unknown
 *  elements is kept. */
const ALLOWED_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'i',
  'strong', 'b', 'a', 'br', 'div', 'span', 'section', 'article', 'main', 'header', 'footer', 'figure',
  'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'dl', 'dt', 'dd',
  'hr', 'u', 's', 'sub', 'sup', 'small', 'mark', 'cite', 'q', 'abbr', 'time', 'aside', 'details', 'summary'
]
const ALLOWED_ATTR = ['href', 'lang', 'dir']

/** Sanitise untrusted HTML with DOMPurify in `dom`'s window and return the clean fragment's body.
 *  Only http(s) and mailto links keep their target. */
export function sanitize(dom: JSDOM, html: string): HTMLElement {
  const purify = createDOMPurify(dom.window as unknown as Parameters<typeof createDOMPurify>[0])
  purify.addHook('afterSanitizeAttributes', (node) => {
    const href = node.getAttribute?.('href')
    if (href !== null && href !== undefined && !/^(https?:|mailto:)/i.test(href.trim())) node.removeAttribute('href')
  })
  const body = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    RETURN_DOM: true,
    FORBID_TAGS: ['style', 'script', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'select', 'textarea']
  }) as HTMLElement
  purify.removeAllHooks()
  return body
}

/** Close a parsed page's window. jsdom closes the windows of the page's frames first and can trip
 *  over its own list of them on some malformed pages; the page ran nothing and is dropped either
 *  way, so that is not the person's concern. */
export function closePage(dom: JSDOM): void {
  try {
    dom.window.close()
  } catch {
    // See above.
  }
}
