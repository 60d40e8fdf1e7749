import { layout, type Block, type Mark, type TextBlock } from '../document'
import type { Annotation, ArticleDocument, Project, SourceRecord } from '../project'

/** A stretch of one text block over which nothing changes: the same inline marks, the same link
 *  and the same set of covering annotations. Exporters draw highlights segment by segment, so
 *  overlapping and nested annotations need no special case, and an annotation spanning blocks is
 *  drawn in each block it covers. */
export interface Segment {
  /** Offset of the segment's first character in the document's plain text (UTF-16 code units). */
  readonly start: number
  /** Offset just past its last character. */
  readonly end: number
  readonly text: string
  readonly marks: readonly Mark[]
  readonly href: string | undefined
  /** The annotations covering the whole segment, outermost first (see `outermostFirst`). */
  readonly annotations: readonly Annotation[]
  /** Those of `annotations` drawn here for the first time. */
  readonly opening: readonly Annotation[]
  /** Those of `annotations` drawn here for the last time: where a footnote mark for them goes. */
  readonly closing: readonly Annotation[]
}

/** One text block of a document with its segments. An empty block has none. */
export interface BlockSegments {
  readonly block: TextBlock
  /** Offset of the block's first character in the plain text. */
  readonly start: number
  readonly end: number
  readonly segments: readonly Segment[]
}

/** Order annotations so that one enclosing another comes first: earlier start first, then the
 *  longer, then by id so the order never depends on the input's. */
export function outermostFirst(a: Annotation, b: Annotation): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The annotations of `documents`, in reading order: by document (in the order given), then
 *  outermost first. Annotations of other documents are left out. Exports number annotations in
 *  this order, from 1. */
export function readingOrder(documents: readonly ArticleDocument[], annotations: readonly Annotation[]): Annotation[] {
  const rank = new Map(documents.map((d, i) => [d.id, i]))
  return annotations
    .filter((a) => rank.has(a.documentId))
    .sort((a, b) => rank.get(a.documentId)! - rank.get(b.documentId)! || outermostFirst(a, b))
}

/** The sources an export lists: the whole library when every document is exported; for one
 *  document only the sources its annotations cite or its claims link to. Project order. */
export function exportedSources(project: Project, annotations: readonly Annotation[], oneDocument: boolean): SourceRecord[] {
  if (!oneDocument) return project.sources
  const used = new Set(annotations.flatMap((a) => (a.sourceId === null ? [] : [a.sourceId])))
  const ids = new Set(annotations.map((a) => a.id))
  for (const l of project.links) if (l.target.type === 'source' && ids.has(l.claimId)) used.add(l.target.id)
  return project.sources.filter((s) => used.has(s.id))
}

/** Split every text block of `blocks` (in `layout()` order, which is the order `textBlocks()`
 *  walks them) into segments by inline run and by the set of annotations of `annotations` covering
 *  them. Annotations are clipped to each block, so the block breaks between blocks are never part
 *  of a segment; an annotation that covers only block breaks is drawn nowhere. `annotations` must
 *  belong to the document laid out from `blocks`. */
export function documentSegments(blocks: readonly Block[], annotations: readonly Annotation[]): BlockSegments[] {
  const { runs } = layout(blocks)
  const sorted = annotations.filter((a) => a.end > a.start).sort(outermostFirst)
  let next = 0
  let open: Annotation[] = []
  const drafts = runs.map((run) => {
    while (next < sorted.length && sorted[next]!.start < run.end) open.push(sorted[next++]!)
    open = open.filter((a) => a.end > run.start)
    // `open` stays outermost first: annotations enter it in that order and leave it in place.
    return { run, pieces: splitBlock(run.block, run.start, open) }
  })
  const first = new Map<string, Piece>()
  const last = new Map<string, Piece>()
  for (const { pieces } of drafts) {
    for (const piece of pieces) {
      for (const a of piece.annotations) {
        if (!first.has(a.id)) first.set(a.id, piece)
        last.set(a.id, piece)
      }
    }
  }
  return drafts.map(({ run, pieces }) => ({
    block: run.block,
    start: run.start,
    end: run.end,
    segments: pieces.map((piece) => ({
      ...piece,
      opening: piece.annotations.filter((a) => first.get(a.id) === piece),
      closing: piece.annotations.filter((a) => last.get(a.id) === piece)
    }))
  }))
}

type Piece = Omit<Segment, 'opening' | 'closing'>

/** Cut one block's inline runs at every annotation boundary inside the block. */
function splitBlock(block: TextBlock, blockStart: number, annotations: readonly Annotation[]): Piece[] {
  const pieces: Piece[] = []
  let runStart = blockStart
  for (const run of block.content) {
    const runEnd = runStart + run.text.length
    const cuts = new Set([runStart, runEnd])
    for (const a of annotations) {
      if (a.start > runStart && a.start < runEnd) cuts.add(a.start)
      if (a.end > runStart && a.end < runEnd) cuts.add(a.end)
    }
    const points = [...cuts].sort((x, y) => x - y)
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i]!
      const end = points[i + 1]!
      pieces.push({
        start,
        end,
        text: run.text.slice(start - runStart, end - runStart),
        marks: run.marks ?? [],
        href: run.href,
        annotations: annotations.filter((a) => a.start <= start && a.end >= end)
      })
    }
    runStart = runEnd
  }
  return pieces
}
