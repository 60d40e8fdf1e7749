import {
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ICommentOptions,
  type ParagraphChild
} from 'docx'
import { blockText, layout, type Block, type Inline, type TextBlock, type TextRun as LaidOutRun } from '../../data/document'
import { exportedDocuments, type ExportOptions } from '../../data/export/options'
import type { Annotation, ArticleDocument, Project, SourceRecord } from '../../data/project'
import { CLAIM_STATUSES, CONFIDENCES, KINDS, RELIABILITIES, termLabel, type AnnotationKind } from '../../data/vocabulary'
import { commentLines, indexProject, verdictText, type ProjectIndex } from './docxComments'
import { cutBlocks, type Commented, type Piece } from './docxRanges'

/** The shading of each kind's highlights: the colours of the article view, laid on white. */
export const KIND_FILLS: Readonly<Record<AnnotationKind, string>> = {
  claim: 'FBE2A1',
  source: 'CADDFC',
  evidence: 'C6E7CF',
  note: 'EBD3EF'
}

/** Characters XML 1.0 does not allow (C0 controls other than tab and line breaks, U+FFFE, U+FFFF,
 *  unpaired surrogates). Imported text may hold them; Word refuses a file that does. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Whether a text may hold anything `xmlText` changes: a quick test that spares most texts the
 *  slower replacement. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPECT = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/

/** `text` without the characters an XML file cannot hold, line breaks as `\n`. */
export function xmlText(text: string): string {
  return SUSPECT.test(text) ? text.replace(/\r\n?/g, '\n').replace(NOT_XML, '') : text
}

/** Links Word may open: http(s) and mailto only, as the import keeps them. */
function safeLink(href: string | undefined): string | null {
  return href && /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null
}

/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/

/** Whether a paragraph reads right to left: its first letter is of a right-to-left script. */
function startsRightToLeft(text: string): boolean {
  const letter = /\p{L}/u.exec(text)
  return letter !== null && RTL_LETTER.test(letter[0])
}

const MONOSPACE = 'Courier New'
const ORDERED = 'factwork-ordered'
const INDENT = 720

/** Runs for one stretch of text: its marks, the shading of the innermost annotation over it, line
 *  breaks for `\n`, inside a hyperlink when it has a safe one. */
function textRuns(text: string, inline: Inline, cover: Annotation | null, code: boolean, rtl: boolean): ParagraphChild[] {
  const marks = inline.marks ?? []
  const href = safeLink(inline.href)
  const base = {
    bold: marks.includes('strong') || undefined,
    italics: marks.includes('em') || undefined,
    font: code || marks.includes('code') ? MONOSPACE : undefined,
    shading: cover ? { type: ShadingType.CLEAR, color: 'auto', fill: KIND_FILLS[cover.kind] } : undefined,
    rightToLeft: rtl || undefined,
    style: href ? 'Hyperlink' : undefined
  }
  const runs = xmlText(text)
    .split('\n')
    .map((line, i) => new TextRun({ ...base, text: line, break: i > 0 ? 1 : undefined }))
  return href ? [new ExternalHyperlink({ link: href, children: runs })] : runs
}

/** A text block's pieces as paragraph children: text runs, and comment range starts and ends,
 *  each end followed by the comment's reference mark. */
function pieceChildren(pieces: readonly Piece[], code: boolean, rtl: boolean): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const piece of pieces) {
    if (piece.type === 'text') out.push(...textRuns(piece.text, piece.inline, piece.cover, code, rtl))
    else if (piece.type === 'start') out.push(new CommentRangeStart(piece.comment))
    else out.push(new CommentRangeEnd(piece.comment), new TextRun({ children: [new CommentReference(piece.comment)] }))
  }
  return out
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6]

/** Where a text block sits: inside how many quotes and how many lists. */
interface Nesting {
  readonly quotes: number
  readonly lists: number
}

/** The article's blocks as Word paragraphs, in the order `layout()` lays out their text (`runs`),
 *  with their comment ranges (`pieces`, one list per run). Quotes are indented with a rule on the side; lists are bulleted or
 *  numbered (each numbered list counting from 1), the first paragraph of an item carrying the
 *  marker; right-to-left paragraphs are laid out right to left. */
function articleParagraphs(document: ArticleDocument, runs: readonly LaidOutRun[], pieces: readonly Piece[][], nextList: () => number): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let index = 0
  let marker: { ordered: boolean; instance: number; level: number } | null = null
  const direction = document.dir

  const text = (block: TextBlock, nesting: Nesting) => {
    const run = runs[index]
    if (run?.block !== block) throw new Error(`Text block ${index} of document ${document.id} is not where layout() put it`)
    const rtl = direction === 'rtl' || (direction !== 'ltr' && startsRightToLeft(blockText(block)))
    const code = block.type === 'code'
    const children = pieceChildren(pieces[index]!, code, rtl)
    index++
    const indent = INDENT * (nesting.quotes + (marker ? 0 : nesting.lists))
    const list = marker
      ? marker.ordered
        ? { numbering: { reference: ORDERED, level: marker.level, instance: marker.instance } }
        : { bullet: { level: marker.level } }
      : {}
    marker = null
    paragraphs.push(
      new Paragraph({
        children,
        ...list,
        heading: block.type === 'heading' ? HEADINGS[block.level - 1] : undefined,
        bidirectional: rtl || undefined,
        indent: indent > 0 ? { start: indent } : undefined,
        border: nesting.quotes > 0 ? { left: { style: BorderStyle.SINGLE, size: 12, color: 'B5B9C0', space: 8 } } : undefined
      })
    )
  }

  const walk = (blocks: readonly Block[], nesting: Nesting) => {
    for (const block of blocks) {
      if (block.type === 'quote') {
        walk(block.blocks, { ...nesting, quotes: nesting.quotes + 1 })
      } else if (block.type === 'list') {
        const instance = block.ordered ? nextList() : 0
        for (const item of block.items) {
          marker = { ordered: block.ordered, instance, level: Math.min(nesting.lists, 8) }
          walk(item, { ...nesting, lists: nesting.lists + 1 })
          marker = null
        }
      } else {
        text(block, nesting)
      }
    }
  }
  walk(document.blocks, { quotes: 0, lists: 0 })
  if (index !== runs.length) throw new Error(`Document ${document.id} has ${runs.length} text blocks but ${index} were written`)
  return paragraphs
}

/** A line of small grey text. */
function smallPrint(text: string, extra: ParagraphChild[] = []): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: xmlText(text), size: 18, color: '5D6470' }), ...extra] })
}

/** The title and what a web page said of itself (author, site, time, address). The title is
 *  left out when the article opens with it as a heading. */
function documentHeader(document: ArticleDocument): Paragraph[] {
  const first = document.blocks[0]
  const opensWithTitle = first?.type === 'heading' && blockText(first).trim() === document.title.trim()
  const out: Paragraph[] = []
  if (!opensWithTitle) out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(xmlText(document.title))] }))
  const facts = [document.byline, document.siteName, document.publishedTime].filter((s): s is string => Boolean(s?.trim()))
  const url = safeLink(document.url)
  if (facts.length || url) {
    const link = url ? [new ExternalHyperlink({ link: url, children: [new TextRun({ text: xmlText(url), style: 'Hyperlink', size: 18 })] })] : []
    out.push(smallPrint(facts.join(' · ') + (facts.length && url ? ' · ' : ''), link))
  }
  return out
}

/** The legend: one shaded sample per kind, so the highlights read without the comments pane. */
function legend(): Paragraph {
  const samples = KINDS.flatMap(({ kind, label }, i) => [
    ...(i > 0 ? [new TextRun({ text: ' ', size: 18 })] : []),
    new TextRun({ text: ` ${label} `, size: 18, shading: { type: ShadingType.CLEAR, color: 'auto', fill: KIND_FILLS[kind] } })
  ])
  return new Paragraph({
    children: [
      new TextRun({ text: 'Highlights: ', size: 18, color: '5D6470' }),
      ...samples,
      new TextRun({ text: '. Each highlighted passage carries a comment with its details.', size: 18, color: '5D6470' })
    ]
  })
}

/** What one table cell shows: its text, and possibly a line of small print under it or a link. */
interface CellContent {
  readonly text: string
  readonly detail?: string
  readonly link?: string | null
}

/** The width of the text on an A4 page with the default margins, in twentieths of a point. */
const TEXT_WIDTH = 9026

/** A table cell `width` per cent of the text wide; right to left when its text is. */
function cell(content: string | CellContent, width: number, header = false): TableCell {
  const { text, detail, link } = typeof content === 'string' ? { text: content } : content
  const rtl = startsRightToLeft(text)
  const run = new TextRun({ text: xmlText(text), bold: header || undefined, size: 18, rightToLeft: rtl || undefined, style: link ? 'Hyperlink' : undefined })
  const paragraphs = [new Paragraph({ children: [link ? new ExternalHyperlink({ link, children: [run] }) : run], bidirectional: rtl || undefined, spacing: { after: 0 } })]
  if (detail) paragraphs.push(new Paragraph({ children: [new TextRun({ text: xmlText(detail), size: 16, color: '5D6470' })], spacing: { after: 0 } }))
  return new TableCell({
    children: paragraphs,
    width: { size: Math.round((TEXT_WIDTH * width) / 100), type: WidthType.DXA },
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'EFEDE8' } : undefined
  })
}

/** A table as wide as the text, its columns `width` per cent of it, with a header row repeated
 *  on every page. */
function table(columns: readonly (readonly [title: string, width: number])[], rows: readonly (readonly (string | CellContent)[])[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns.map(([, width]) => Math.round((TEXT_WIDTH * width) / 100)),
    rows: [
      new TableRow({ tableHeader: true, children: columns.map(([title, width]) => cell(title, width, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, columns[i]![1])) }))
    ]
  })
}

/** The claims table: each claim (with its document, when there are several) with its claimant,
 *  verdict, ruling, confidence and status. */
function claimsSection(index: ProjectIndex, claims: readonly Annotation[], multi: boolean): (Paragraph | Table)[] {
  const heading = new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun('Claims')] })
  if (claims.length === 0) return [heading, new Paragraph('No passage is marked as a claim.')]
  const rows = claims.map((c) => [
    { text: c.quote.exact, detail: multi ? index.documentTitles.get(c.documentId) : undefined },
    [c.claimant, c.claimDate].filter((s) => s.trim()).join(', '),
    verdictText(index.project, c.verdict),
    c.ruling,
    termLabel(CONFIDENCES, c.confidence),
    termLabel(CLAIM_STATUSES, c.status)
  ])
  const columns = [['Claim', 30], ['Claimant', 14], ['Verdict', 13], ['Ruling', 18], ['Confidence', 13], ['Status', 12]] as const
  return [heading, table(columns, rows)]
}

/** The source list: each record with its publisher, date, reliability and address. */
function sourcesSection(sources: readonly SourceRecord[]): (Paragraph | Table)[] {
  const heading = new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 360 }, children: [new TextRun('Sources')] })
  if (sources.length === 0) return [heading, new Paragraph('The source library is empty.')]
  const rows = sources.map((s) => [
    s.title,
    [s.publisher, s.author].filter((x) => x.trim()).join(', '),
    s.date,
    s.reliability ? termLabel(RELIABILITIES, s.reliability) : 'Not judged',
    { text: s.url, link: safeLink(s.url) }
  ])
  const columns = [['Source', 30], ['Publisher or author', 22], ['Date', 12], ['Reliability', 16], ['Address', 20]] as const
  return [heading, table(columns, rows)]
}

/** The sources an export lists: the whole library for the whole project; for one document, the
 *  records its passages cite or its claims are linked to. */
function listedSources(index: ProjectIndex, annotations: readonly Annotation[], whole: boolean): SourceRecord[] {
  if (whole) return index.project.sources
  const ids = new Set<string>()
  for (const a of annotations) {
    if (a.sourceId) ids.add(a.sourceId)
    for (const l of index.linksFrom.get(a.id) ?? []) if (l.target.type === 'source') ids.add(l.target.id)
  }
  return index.project.sources.filter((s) => ids.has(s.id))
}

/** The person or organisation the comments are signed with, and their initials. */
function signature(project: Project): { author: string; initials: string } {
  const { author, organization } = project.settings.publication
  const name = xmlText(author).trim() || xmlText(organization).trim() || 'Factwork'
  const initials = name
    .split(/\s+/)
    .map((w) => [...w][0] ?? '')
    .join('')
    .slice(0, 4)
    .toUpperCase()
  return { author: name, initials: initials || 'F' }
}

/** Render the project (or the one document `options.documentId` names) as a Word file: the
 *  article with its headings, paragraphs, quotes, lists, emphasis, code and links, every
 *  annotated passage shaded in its kind's colour and carrying a native Word comment (signed with
 *  the publication's author, else its organisation, else "Factwork", dated when the annotation
 *  was last changed) that gives its kind, verdict, confidence, claimant, status, ruling,
 *  credibility, cited source and links; then a claims table and the source list. The document
 *  properties give the title, the creator and a description. Text that XML cannot hold is left
 *  out. Work is linear in the size of the article and the number of annotations. */
export async function toDocx(project: Project, options: ExportOptions): Promise<Uint8Array> {
  const documents = exportedDocuments(project, options)
  const index = indexProject(project)
  const { author, initials } = signature(project)
  const byDocument = new Map<string, Annotation[]>(documents.map((d) => [d.id, []]))
  for (const a of project.annotations) byDocument.get(a.documentId)?.push(a)

  const comments: ICommentOptions[] = []
  const body: (Paragraph | Table)[] = [legend()]
  const exported: Annotation[] = []
  let lists = 0
  const nextList = () => ++lists
  for (const [n, document] of documents.entries()) {
    const annotations = byDocument.get(document.id)!.sort((x, y) => x.start - y.start || y.end - x.end || (x.id < y.id ? -1 : 1))
    // Comment numbers follow reading order across the exported documents.
    const items: Commented[] = annotations.map((annotation, i) => ({ annotation, comment: exported.length + i }))
    exported.push(...annotations)
    for (const { annotation, comment } of items) {
      const { heading, lines } = commentLines(index, annotation)
      const date = new Date(annotation.modifiedAt)
      comments.push({
        id: comment,
        author,
        initials,
        date: Number.isNaN(date.getTime()) ? undefined : date,
        children: [
          new Paragraph({ children: [new TextRun({ text: heading, bold: true })] }),
          ...lines.map((line) => new Paragraph({ children: [new TextRun({ text: `${xmlText(line.label)}: `, bold: true }), new TextRun(xmlText(line.text))] }))
        ]
      })
    }
    const runs = layout(document.blocks).runs
    const header = documentHeader(document)
    const paragraphs = articleParagraphs(document, runs, cutBlocks(runs, items), nextList)
    if (n > 0) body.push(new Paragraph({ pageBreakBefore: true, children: [] }))
    body.push(...header, ...paragraphs)
  }

  const claims = exported.filter((a) => a.kind === 'claim')
  const sources = listedSources(index, exported, options.documentId === undefined)
  body.push(...claimsSection(index, claims, documents.length > 1), ...sourcesSection(sources))
  body.push(smallPrint(`Exported from Factwork ${options.version} on ${options.generatedAt}.`))

  const title = documents.length === 1 ? documents[0]!.title : project.title
  const word = new Document({
    title: xmlText(title),
    creator: author,
    description: xmlText(
      `Fact-check of “${title}”: ${claims.length} claims and ${exported.length} annotations in all, ${sources.length} sources. Exported from Factwork ${options.version} on ${options.generatedAt}.`
    ),
    comments: { children: comments },
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 22 }, paragraph: { spacing: { after: 120, line: 276 } } },
        listParagraph: { paragraph: { spacing: { after: 40 } } }
      }
    },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: 360 } } }
          }))
        }
      ]
    },
    sections: [{ children: body }]
  })
  return new Uint8Array(await Packer.toBuffer(word))
}
