import { z } from 'zod'

/** Inline emphasis kept from an import. */
export const Mark = z.enum(['em', 'strong', 'code'])
export type Mark = z.infer<typeof Mark>

/** A run of text with the same marks. `href` is kept only for http(s) and mailto links; the
 *  view shows links inert. */
export const Inline = z.object({
  text: z.string().min(1),
  marks: z.array(Mark).optional(),
  href: z.string().optional()
})
export type Inline = z.infer<typeof Inline>

/** One block of an article. Text blocks (`heading`, `paragraph`, `code`) hold inline runs;
 *  `quote` and `list` hold further blocks. */
export type Block =
  | { readonly type: 'heading'; readonly level: number; readonly content: readonly Inline[] }
  | { readonly type: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly type: 'code'; readonly content: readonly Inline[] }
  | { readonly type: 'quote'; readonly blocks: readonly Block[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Block[])[] }

export const Block: z.ZodType<Block, Block> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('heading'), level: z.number().int().min(1).max(6), content: z.array(Inline) }),
    z.object({ type: z.literal('paragraph'), content: z.array(Inline) }),
    z.object({ type: z.literal('code'), content: z.array(Inline) }),
    z.object({ type: z.literal('quote'), blocks: z.array(Block).min(1) }),
    z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(Block).min(1)).min(1) })
  ])
)

/** A block that holds text directly. */
export type TextBlock = Extract<Block, { content: readonly Inline[] }>

/** Where one text block's text sits in the document's plain text. */
export interface TextRun {
  readonly block: TextBlock
  /** Offset of the block's first character in the plain text, in UTF-16 code units. */
  readonly start: number
  /** Offset just past the block's last character. */
  readonly end: number
}

/** The separator between two text blocks: a line break between items of one list, a blank line
 *  everywhere else. */
const BLOCK_BREAK = '\n\n'
const ITEM_BREAK = '\n'

/** Every text block of `blocks` in reading order, depth first, paired with the separator that
 *  precedes it in the plain text. The editor walks blocks in the same order, so the nth text block
 *  here is the nth text block there. */
export function* textBlocks(blocks: readonly Block[]): Generator<{ block: TextBlock; breakBefore: string }> {
  let first = true
  let itemBreak = false
  function* walk(list: readonly Block[]): Generator<{ block: TextBlock; breakBefore: string }> {
    for (const block of list) {
      if (block.type === 'quote') {
        yield* walk(block.blocks)
      } else if (block.type === 'list') {
        for (const [i, item] of block.items.entries()) {
          if (i > 0) itemBreak = true
          yield* walk(item)
        }
      } else {
        const breakBefore = first ? '' : itemBreak ? ITEM_BREAK : BLOCK_BREAK
        first = false
        itemBreak = false
        yield { block, breakBefore }
      }
    }
  }
  yield* walk(blocks)
}

/** The text of a text block: its runs concatenated. */
export function blockText(block: TextBlock): string {
  return block.content.map((run) => run.text).join('')
}

/** Runs of characters without white space longer than this are shown on one line, to scroll,
 *  rather than broken to fit. Browsers break such a run in time that grows with the square of its
 *  length in joined scripts such as Arabic (30,000 letters take Chromium 3 s, 250,000 minutes);
 *  real words and web addresses are far shorter. */
export const LONG_RUN = 1000

/** Whether `text` holds a run of more than `LONG_RUN` characters without white space. */
export function hasLongRun(text: string): boolean {
  if (text.length <= LONG_RUN) return false
  let run = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000
    run = space ? 0 : run + 1
    if (run > LONG_RUN) return true
  }
  return false
}

/** Lay `blocks` out as the plain text that every annotation offset refers to, with the offsets of
 *  each text block. Empty text blocks contribute nothing but still get a (collapsed) run. */
export function layout(blocks: readonly Block[]): { text: string; runs: TextRun[] } {
  const parts: string[] = []
  const runs: TextRun[] = []
  let offset = 0
  for (const { block, breakBefore } of textBlocks(blocks)) {
    const body = blockText(block)
    parts.push(breakBefore, body)
    offset += breakBefore.length
    runs.push({ block, start: offset, end: offset + body.length })
    offset += body.length
  }
  return { text: parts.join(''), runs }
}
