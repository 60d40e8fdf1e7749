import type { Block, Inline, Mark } from '../../data/document'
import { safeHref } from '../../data/import'

/** Elements that hold blocks, not text: their children are walked. */
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'FIGURE', 'ASIDE', 'DETAILS', 'BODY', 'DL', 'TBODY', 'THEAD', 'TFOOT'])
/** Elements that make a paragraph of their own. */
const PARAGRAPHS = new Set(['P', 'FIGCAPTION', 'DT', 'DD', 'SUMMARY', 'CAPTION'])
const MARKS: Record<string, Mark> = { EM: 'em', I: 'em', STRONG: 'strong', B: 'strong', CODE: 'code' }

/** Inline runs being gathered for one text block. */
class Runs {
  private readonly runs: Inline[] = []

  push(text: string, marks: readonly Mark[], href: string | undefined): void {
    if (!text) return
    const last = this.runs[this.runs.length - 1]
    const m = [...new Set(marks)]
    if (last && (last.marks ?? []).join() === m.join() && last.href === href) {
      this.runs[this.runs.length - 1] = { ...last, text: last.text + text }
    } else {
      this.runs.push({ text, ...(m.length ? { marks: m } : {}), ...(href ? { href } : {}) })
    }
  }

  /** The runs with white space collapsed as a browser shows it, trimmed at both ends; empty when
   *  there is no visible text. */
  take(pre = false): Inline[] {
    if (pre) return this.runs.filter((r) => r.text.length > 0)
    const out: Inline[] = []
    let previousSpace = true
    for (const run of this.runs) {
      let text = ''
      for (const ch of run.text.replace(/[\t\n\r\f ]+/g, ' ')) {
        if (ch === ' ' && previousSpace) continue
        text += ch
        previousSpace = ch === ' ' || ch === '\n'
      }
      if (text) out.push({ ...run, text })
    }
    // Trim trailing white space across runs.
    while (out.length) {
      const last = out[out.length - 1]!
      const trimmed = last.text.replace(/[ \n]+$/, '')
      if (trimmed) {
        out[out.length - 1] = { ...last, text: trimmed }
        break
      }
      out.pop()
    }
    return out
  }
}

function inlineInto(node: Node, runs: Runs, marks: readonly Mark[], href: string | undefined): void {
  if (node.nodeType === 3) {
    runs.push(node.nodeValue ?? '', marks, href)
    return
  }
  if (node.nodeType !== 1) return
  const el = node as Element
  if (el.tagName === 'BR') {
    runs.push('\n', marks, href)
    return
  }
  const mark = MARKS[el.tagName]
  const nextMarks = mark ? [...marks, mark] : marks
  const nextHref = el.tagName === 'A' ? (safeHref(el.getAttribute('href')) ?? href) : href
  for (const child of el.childNodes) inlineInto(child, runs, nextMarks, nextHref)
}

/** The element children of `el`. Read through `childNodes`: indexing jsdom's `children` (an
 *  HTMLCollection) takes time in proportion to its length, so a list of 20,000 items took seconds. */
function elementChildren(el: Element): Element[] {
  return [...el.childNodes].filter((c): c is Element => c.nodeType === 1)
}

function isBlockElement(node: Node): boolean {
  if (node.nodeType !== 1) return false
  const tag = (node as Element).tagName
  return (
    CONTAINERS.has(tag) ||
    PARAGRAPHS.has(tag) ||
    /^H[1-6]$/.test(tag) ||
    ['UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'HR'].includes(tag)
  )
}

/** How `domToBlocks` treats white space. `collapse` (the default) shows text as a browser does
 *  with normal white space: runs of spaces and line breaks become one space, blocks are trimmed and
 *  empty blocks dropped. `preserve` keeps every character of every text block as it is, keeps
 *  empty text blocks, and ignores only white space between blocks; it reads pages whose text
 *  blocks are laid out with `white-space: pre-wrap`, as Factwork's HTML exports are. */
export interface DomToBlocksOptions {
  readonly whitespace?: 'collapse' | 'preserve'
}

/** Turn the children of `parent` into blocks. Loose inline content between blocks becomes a
 *  paragraph of its own. */
export function domToBlocks(parent: Node, options: DomToBlocksOptions = {}): Block[] {
  const preserve = options.whitespace === 'preserve'
  const blocks: Block[] = []
  let loose = new Runs()
  const flushLoose = () => {
    const content = loose.take(preserve)
    if (content.length && (!preserve || content.some((r) => /\S/.test(r.text)))) blocks.push({ type: 'paragraph', content })
    loose = new Runs()
  }
  const textOf = (el: Element): Inline[] => {
    const runs = new Runs()
    inlineInto(el, runs, [], undefined)
    return runs.take(preserve)
  }
  for (const node of parent.childNodes) {
    if (!isBlockElement(node)) {
      inlineInto(node, loose, [], undefined)
      continue
    }
    flushLoose()
    const el = node as Element
    const tag = el.tagName
    if (/^H[1-6]$/.test(tag)) {
      const content = textOf(el)
      if (content.length || preserve) blocks.push({ type: 'heading', level: Number(tag[1]), content })
    } else if (PARAGRAPHS.has(tag)) {
      const inner = [...el.childNodes].some(isBlockElement) ? domToBlocks(el, options) : null
      if (inner) blocks.push(...inner)
      else {
        const content = textOf(el)
        if (content.length || preserve) blocks.push({ type: 'paragraph', content })
      }
    } else if (tag === 'PRE' && preserve) {
      // A lone <code> inside <pre> is how code blocks are written, not emphasis.
      const only = el.childNodes.length === 1 && el.firstElementChild?.tagName === 'CODE' ? el.firstElementChild : el
      const runs = new Runs()
      for (const child of only.childNodes) inlineInto(child, runs, [], undefined)
      blocks.push({ type: 'code', content: runs.take(true) })
    } else if (tag === 'PRE') {
      const runs = new Runs()
      inlineInto(el, runs, [], undefined)
      const text = runs
        .take(true)
        .map((r) => r.text)
        .join('')
        .replace(/^\n+|\n+$/g, '')
      if (text.trim()) blocks.push({ type: 'code', content: [{ text }] })
    } else if (tag === 'BLOCKQUOTE') {
      const inner = domToBlocks(el, options)
      if (inner.length) blocks.push({ type: 'quote', blocks: inner })
    } else if (tag === 'UL' || tag === 'OL') {
      const items = elementChildren(el)
        .filter((c) => c.tagName === 'LI')
        .map((li) => domToBlocks(li, options))
        .filter((item) => item.length > 0)
      if (items.length) blocks.push({ type: 'list', ordered: tag === 'OL', items })
    } else if (tag === 'TABLE') {
      for (const row of el.querySelectorAll('tr')) {
        const cells = elementChildren(row).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean)
        if (cells.length) blocks.push({ type: 'paragraph', content: [{ text: cells.join('\t') }] })
      }
    } else if (tag === 'HR') {
      continue
    } else {
      blocks.push(...domToBlocks(el, options))
    }
  }
  flushLoose()
  return blocks
}
