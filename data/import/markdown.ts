import MarkdownIt from 'markdown-it'
import type { Block, Inline, Mark } from '../document'
import { blockText } from '../document'

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number]

/** Raw HTML is off: tags in a Markdown file show as text and can never reach the view. */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false })

/** Links the view may offer to open; everything else loses its target and keeps its text. */
export function safeHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined
  const trimmed = href.trim()
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : undefined
}

/** Turn the children of an inline token into runs, merging neighbours with the same marks. */
function inlines(tokens: readonly Token[] | null): Inline[] {
  const out: Inline[] = []
  const marks: Mark[] = []
  let href: string | undefined
  const push = (text: string, extra?: Mark) => {
    if (!text) return
    const m = extra ? [...marks, extra] : [...marks]
    const last = out[out.length - 1]
    const sameMarks = last && (last.marks ?? []).join() === m.join() && last.href === href
    if (last && sameMarks) {
      out[out.length - 1] = { ...last, text: last.text + text }
    } else {
      out.push({ text, ...(m.length ? { marks: m } : {}), ...(href ? { href } : {}) })
    }
  }
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
      case 'html_inline':
        push(t.content)
        break
      case 'code_inline':
        push(t.content, 'code')
        break
      case 'softbreak':
        push(' ')
        break
      case 'hardbreak':
        push('\n')
        break
      case 'em_open':
        marks.push('em')
        break
      case 'strong_open':
        marks.push('strong')
        break
      case 'em_close':
      case 'strong_close':
        marks.pop()
        break
      case 'link_open':
        href = safeHref(String(t.attrGet('href') ?? ''))
        break
      case 'link_close':
        href = undefined
        break
      case 'image':
        push(t.content)
        break
      default:
        push(t.content)
    }
  }
  return out
}

/** Parse tokens from `i` until the closing token of type `close` (exclusive). */
function blocksUntil(tokens: readonly Token[], i: number, close: string | null): { blocks: Block[]; next: number } {
  const blocks: Block[] = []
  while (i < tokens.length) {
    const t = tokens[i]!
    if (close !== null && t.type === close) return { blocks, next: i + 1 }
    switch (t.type) {
      case 'heading_open': {
        blocks.push({ type: 'heading', level: Number(t.tag.slice(1)), content: inlines(tokens[i + 1]!.children) })
        i += 3
        break
      }
      case 'paragraph_open': {
        blocks.push({ type: 'paragraph', content: inlines(tokens[i + 1]!.children) })
        i += 3
        break
      }
      case 'fence':
      case 'code_block': {
        const text = t.content.replace(/\n$/, '')
        blocks.push({ type: 'code', content: text ? [{ text }] : [] })
        i++
        break
      }
      case 'blockquote_open': {
        const inner = blocksUntil(tokens, i + 1, 'blockquote_close')
        if (inner.blocks.length) blocks.push({ type: 'quote', blocks: inner.blocks })
        i = inner.next
        break
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const closeType = t.type === 'bullet_list_open' ? 'bullet_list_close' : 'ordered_list_close'
        const items: Block[][] = []
        i++
        while (i < tokens.length && tokens[i]!.type !== closeType) {
          if (tokens[i]!.type === 'list_item_open') {
            const item = blocksUntil(tokens, i + 1, 'list_item_close')
            items.push(item.blocks.length ? item.blocks : [{ type: 'paragraph', content: [] }])
            i = item.next
          } else {
            i++
          }
        }
        if (items.length) blocks.push({ type: 'list', ordered: t.type === 'ordered_list_open', items })
        i++
        break
      }
      case 'tr_open': {
        // A table row reads as one paragraph, its cells separated by tabs.
        const cells: string[] = []
        i++
        while (i < tokens.length && tokens[i]!.type !== 'tr_close') {
          if (tokens[i]!.type === 'inline') cells.push(tokens[i]!.content)
          i++
        }
        const text = cells.join('\t')
        blocks.push({ type: 'paragraph', content: text ? [{ text }] : [] })
        i++
        break
      }
      default:
        i++
    }
  }
  return { blocks, next: i }
}

/** Turn Markdown into blocks. The title is the first level-one heading, else the first heading. */
export function markdownToBlocks(source: string): { blocks: Block[]; headline: string | null } {
  const tokens = md.parse(source.replace(/^\uFEFF/, ''), {})
  const { blocks } = blocksUntil(tokens, 0, null)
  const headings = blocks.filter((b) => b.type === 'heading')
  const title = headings.find((h) => h.level === 1) ?? headings[0]
  return { blocks, headline: title ? blockText(title).trim() || null : null }
}
