import { JSDOM, VirtualConsole } from 'jsdom'
import { layout, type Block, type Inline } from '../../../data/document'
import type { Project } from '../../../data/project'

// What must hold of everything a hostile input leaves behind: the blocks Factwork stores, and the
// HTML page it exports. Each function returns sentences naming what is wrong; none means sound.

const BLOCK_TYPES = new Set(['heading', 'paragraph', 'code', 'quote', 'list'])
const MARKS = new Set(['em', 'strong', 'code'])
const INLINE_KEYS = new Set(['text', 'marks', 'href'])

/** Whether an address may be kept as a link's target: http(s) or mailto, written as it is. */
export function isSafeHref(href: string): boolean {
  return href === href.trim() && /^(https?:|mailto:)/i.test(href)
}

function inlineProblems(run: Inline, where: string): string[] {
  const problems: string[] = []
  for (const key of Object.keys(run)) if (!INLINE_KEYS.has(key)) problems.push(`${where} has a field ${JSON.stringify(key)}`)
  if (typeof run.text !== 'string' || run.text.length === 0) problems.push(`${where} has no text`)
  for (const mark of run.marks ?? []) if (!MARKS.has(mark)) problems.push(`${where} has the mark ${JSON.stringify(mark)}`)
  if (run.href !== undefined && !isSafeHref(run.href)) problems.push(`${where} links to ${JSON.stringify(run.href.slice(0, 80))}`)
  return problems
}

function blockProblems(blocks: readonly Block[], where: string): string[] {
  return blocks.flatMap((block, i) => {
    const at = `${where} block ${i + 1}`
    if (!BLOCK_TYPES.has(block.type)) return [`${at} is a ${JSON.stringify(block.type)}`]
    switch (block.type) {
      case 'heading':
      case 'paragraph':
      case 'code':
        return [
          ...(block.type === 'heading' && !(Number.isInteger(block.level) && block.level >= 1 && block.level <= 6) ? [`${at} has heading level ${block.level}`] : []),
          ...block.content.flatMap((run, j) => inlineProblems(run, `${at} run ${j + 1}`))
        ]
      case 'quote':
        return blockProblems(block.blocks, at)
      case 'list':
        return block.items.flatMap((item, j) => blockProblems(item, `${at} item ${j + 1}`))
    }
  })
}

/** What is wrong with a stored project: blocks other than text, the known marks and http(s) or
 *  mailto links; a document whose text is not its blocks' text; annotations outside their text
 *  or whose quote is not the text they cover. */
export function storedProblems(project: Project): string[] {
  const problems: string[] = []
  const texts = new Map(project.documents.map((d) => [d.id, d.text]))
  for (const d of project.documents) {
    problems.push(...blockProblems(d.blocks, `document ${JSON.stringify(d.id.slice(0, 40))}`))
    if (layout(d.blocks).text !== d.text) problems.push(`document ${JSON.stringify(d.id.slice(0, 40))}: its text is not the text of its blocks`)
  }
  for (const a of project.annotations) {
    const text = texts.get(a.documentId)
    if (text === undefined) problems.push(`annotation ${JSON.stringify(a.id.slice(0, 40))} is on a document the project does not have`)
    else if (a.end > text.length || text.slice(a.start, a.end) !== a.quote.exact) problems.push(`annotation ${JSON.stringify(a.id.slice(0, 40))} does not cover its quote`)
  }
  return problems
}

/** Elements an HTML export is made of. */
const EXPORT_ELEMENTS = new Set(
  'html head meta title style script body a div main header footer nav section article aside p span h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote q pre code em strong mark data time table thead tbody tr th td caption abbr br'.split(' ')
)

/** Attributes whose value a browser follows, loads or runs. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background', 'ping', 'cite', 'srcset', 'codebase', 'manifest', 'lowsrc', 'dynsrc', 'longdesc', 'usemap', 'profile', 'icon', 'archive', 'classid'])

/** A value as a browser's URL parser reads its scheme: leading and trailing control characters
 *  and spaces dropped (a little more than the parser drops), tabs and line breaks removed
 *  anywhere, lower-cased. */
export function schemeOf(value: string): string {
  const cleaned = value.replace(/^(?:\p{Cc}| )+|(?:\p{Cc}| )+$/gu, '').replace(/[\t\n\r]/g, '').toLowerCase()
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1] ?? ''
}

const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'livescript', 'data'])

/** What an export check found. `forbidden` are the failures; `inert` names attributes that are
 *  not addresses (a `title`, a `data-verdict`) whose text merely starts like a script address. */
export interface ExportFindings {
  readonly forbidden: string[]
  readonly inert: string[]
}

/** Check an exported HTML page, as text and as parsed by an HTML parser: no `<script>` other than
 *  the JSON-LD data blocks, none of which can be closed early or holds anything but JSON; no
 *  element an export does not write (no iframe, img, svg, base, meta refresh …); no `on…`
 *  attribute; no address attribute leading to `javascript:`, `vbscript:` or `data:`, and links
 *  only to http(s), mailto or the page's own fragments. */
export function exportFindings(html: string, expectedJsonLd: number): ExportFindings {
  const forbidden: string[] = []
  const inert: string[] = []
  // As text: every script element is a JSON-LD data block whose content holds no `<` at all.
  const opens = [...html.matchAll(/<script\b[^>]*>/gi)]
  for (const open of opens) {
    if (open[0] !== '<script type="application/ld+json">') forbidden.push(`a script element other than JSON-LD: ${open[0].slice(0, 80)}`)
    const from = open.index + open[0].length
    const close = html.indexOf('</script>', from)
    if (close < 0) {
      forbidden.push('a script element is never closed')
      continue
    }
    const content = html.slice(from, close)
    if (content.includes('<')) forbidden.push('a JSON-LD block holds a "<", with which it could be closed early or hide a comment')
    try {
      JSON.parse(content)
    } catch {
      forbidden.push('a JSON-LD block is not JSON')
    }
  }
  if (opens.length !== expectedJsonLd) forbidden.push(`${opens.length} script elements where ${expectedJsonLd} JSON-LD blocks were written`)
  if ((html.match(/<\/script/gi) ?? []).length !== opens.length) forbidden.push('more script end tags than script elements')

  // As parsed: what a browser would build.
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() })
  try {
    const doc = dom.window.document
    const scripts = doc.querySelectorAll('script')
    if (scripts.length !== expectedJsonLd) forbidden.push(`the parsed page has ${scripts.length} script elements, not ${expectedJsonLd}`)
    for (const script of scripts) if (script.getAttribute('type') !== 'application/ld+json' || script.attributes.length !== 1) forbidden.push(`a parsed script element is ${script.outerHTML.slice(0, 80)}`)
    for (const el of doc.querySelectorAll('*')) {
      const tag = el.localName
      if (!EXPORT_ELEMENTS.has(tag) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') forbidden.push(`an element ${tag} (${el.namespaceURI})`)
      if (tag === 'meta' && el.hasAttribute('http-equiv') && el.getAttribute('http-equiv')!.toLowerCase() !== 'content-security-policy') forbidden.push(`a meta http-equiv="${el.getAttribute('http-equiv')}"`)
      for (const attribute of el.attributes) {
        const name = attribute.name.toLowerCase()
        if (name.startsWith('on')) forbidden.push(`an attribute ${name} on ${tag}`)
        const scheme = schemeOf(attribute.value)
        if (URL_ATTRIBUTES.has(name)) {
          if (SCRIPT_SCHEMES.has(scheme)) forbidden.push(`${name}="${attribute.value.slice(0, 80)}" on ${tag}`)
          else if (name === 'href' && !(attribute.value.startsWith('#') || scheme === 'http' || scheme === 'https' || scheme === 'mailto')) forbidden.push(`a link to ${JSON.stringify(attribute.value.slice(0, 80))}`)
          else if (name !== 'href') forbidden.push(`an address attribute ${name} on ${tag}`)
        } else if (SCRIPT_SCHEMES.has(scheme) && scheme !== 'data') inert.push(`${tag} ${name}`)
        if (name === 'style') forbidden.push(`a style attribute on ${tag}`)
      }
    }
    // The Content Security Policy must be the page's first word on scripts.
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? ''
    if (!/default-src 'none'/.test(csp) || /script-src/.test(csp)) forbidden.push(`the page's CSP is ${JSON.stringify(csp)}`)
  } finally {
    dom.window.close()
  }
  return { forbidden, inert }
}
