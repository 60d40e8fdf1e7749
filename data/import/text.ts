import type { Block, Inline } from '../document'

/** Lines that make a bulleted or numbered list item, and what to strip from them. */
const BULLET = /^\s*[-*•‣◦–]\s+/
const NUMBERED = /^\s*\d{1,3}[.)]\s+/

/** Whether a first paragraph reads as a headline: short and not ending like a sentence. */
export function looksLikeHeadline(line: string): boolean {
  return line.length > 0 && line.length <= 160 && !/[.,;:]$/.test(line)
}

function paragraph(text: string): Block {
  return { type: 'paragraph', content: runs(text) }
}

function runs(text: string): Inline[] {
  return text.length > 0 ? [{ text }] : []
}

/** Group lines into blocks: runs of bullet or numbered lines become lists, others paragraphs. */
function linesToBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const marker = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null
    if (!marker) {
      blocks.push(paragraph(line))
      i++
      continue
    }
    const items: Block[][] = []
    while (i < lines.length && marker.test(lines[i]!)) {
      items.push([paragraph(lines[i]!.replace(marker, ''))])
      i++
    }
    blocks.push({ type: 'list', ordered: marker === NUMBERED, items })
  }
  return blocks
}

/** Turn plain text into blocks. Text whose paragraphs are separated by blank lines has its
 *  hard-wrapped lines joined; text with one paragraph per line (as most copied articles) keeps
 *  each line as a paragraph. Lines starting with a bullet or a number become list items. A short
 *  first line that does not end like a sentence becomes the headline. */
export function textToBlocks(source: string): { blocks: Block[]; headline: string | null } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''))
  const hasBlankLineParagraphs = /\n[ \t]*\n/.test(text.trim())
  let units: string[]
  if (hasBlankLineParagraphs) {
    units = text
      .split(/\n[ \t]*\n/)
      .map((chunk) => chunk.split('\n').map((l) => l.trim()).filter((l) => l.length > 0))
      .filter((chunk) => chunk.length > 0)
      .flatMap((chunk) =>
        // A chunk that is a list keeps its lines; any other chunk is one wrapped paragraph.
        chunk.every((l) => BULLET.test(l) || NUMBERED.test(l)) ? chunk : [chunk.join(' ')]
      )
  } else {
    units = lines.map((l) => l.trim()).filter((l) => l.length > 0)
  }
  if (units.length === 0) return { blocks: [], headline: null }
  const first = units[0]!
  if (looksLikeHeadline(first) && units.length > 1 && !BULLET.test(first) && !NUMBERED.test(first)) {
    return { blocks: [{ type: 'heading', level: 1, content: runs(first) }, ...linesToBlocks(units.slice(1))], headline: first }
  }
  return { blocks: linesToBlocks(units), headline: null }
}
