import { blockText, type Block } from '../document'
import { describeLink } from '../links'
import type { Annotation, ArticleDocument, Project, SourceRecord } from '../project'
import { findVerdict, ratingBounds } from '../verdicts'
import {
  CHECK_WORTHINESS,
  CLAIM_STATUSES,
  CLAIM_TYPES,
  CONFIDENCES,
  CREDIBILITIES,
  kindLabel,
  RELIABILITIES,
  STANCES,
  termLabel
} from '../vocabulary'
import { hrefOf, humanSize, humanTime, shorten } from './htmlContext'
import { exportedDocuments, type ExportOptions } from './options'
import { documentSegments, exportedSources, readingOrder, type BlockSegments } from './segments'

/** Numbers of the exported annotations, by id. */
type Numbers = ReadonlyMap<string, number>

/** The project as one Markdown (CommonMark with GFM tables) file: the title, then per document a
 *  heading, what the document says of itself, and the article (headings, paragraphs, quotes,
 *  lists, emphasis, links, code) with a footnote reference `[^n]` after each annotated passage;
 *  then a table of claims, the source list, and one footnote per annotation with its kind, quote,
 *  verdict, confidence, claimant, ruling, note, cited source and links with their stance.
 *
 *  Every character of the text that Markdown could read as markup is escaped, so a renderer shows
 *  the text as it is. The article's headings sit one level below the document's (a document
 *  heading repeated as the article's first heading is written once). Where Markdown cannot express
 *  emphasis next to punctuation the emphasis is left out; the text is never changed. Empty
 *  paragraphs are left out. Throws `RangeError` when `documentId` names no document. */
export function toMarkdown(project: Project, options: ExportOptions): string {
  const documents = exportedDocuments(project, options)
  const annotations = readingOrder(documents, project.annotations)
  const numbers: Numbers = new Map(annotations.map((a, i) => [a.id, i + 1]))
  const sources = exportedSources(project, annotations, options.documentId !== undefined)
  const { publication } = project.settings
  const by = [publication.organization.trim(), publication.author.trim()].filter(Boolean).join(', ')
  const parts = [
    `# ${headingText(project.title)}`,
    joinLines([
      `Fact-check report${by ? ` by ${inlineText(by)}` : ''}, exported from Factwork ${inlineText(options.version)} on ${inlineText(humanTime(options.generatedAt))}.`,
      publication.reviewUrl.trim() ? `Published at ${address(publication.reviewUrl)}.` : null,
      'A footnote mark \\[^n\\] follows each annotated passage; the footnotes at the end say what each is.'
    ]),
    ...documents.map((d) => documentMarkdown(d, documentSegments(d.blocks, annotations.filter((a) => a.documentId === d.id)), numbers)),
    claimsTable(project, documents, annotations, numbers),
    sourceList(sources),
    annotations.map((a) => footnote(project, a, numbers, sources)).join('\n\n')
  ]
  return `${parts.filter((p) => p.trim() !== '').join('\n\n')}\n`
}

function documentMarkdown(document: ArticleDocument, segments: readonly BlockSegments[], numbers: Numbers): string {
  const first = document.blocks[0]
  const repeated = first?.type === 'heading' && document.title.trim() !== '' && blockText(first).trim() === document.title.trim()
  const { original } = document
  const about = joinLines([
    [document.byline, document.siteName, document.publishedTime ? `published ${document.publishedTime}` : null].filter(Boolean).map((s) => inlineText(s!)).join(' · ') || null,
    document.url ? `Address: ${address(document.url)}` : null,
    [document.lang ? `Language: ${inlineText(document.lang)}` : null, document.dir === 'rtl' ? 'Right to left' : null].filter(Boolean).join(' · ') || null,
    `Original: ${inlineText(original.fileName)} (${inlineText(original.mediaType)}, ${humanSize(original.size)}), imported ${inlineText(humanTime(original.importedAt))}, SHA-256 ${codeSpan(original.sha256)}`
  ])
  const article = articleMarkdown(document.blocks, segments, numbers, repeated)
  // The document's heading first (the article's own when it repeats the title), then what the
  // document says of itself, then the rest of the article.
  const [heading, rest] = repeated ? [article[0]!, article.slice(1)] : [`## ${headingText(document.title)}`, article]
  return [heading, guardLines(about), ...rest].join('\n\n')
}

/** The article's top-level blocks, each as Markdown. Headings are one level deeper than in the
 *  document, below the report's `#` title; when the first heading is the document's title it is
 *  the document's `##` heading. */
function articleMarkdown(blocks: readonly Block[], segments: readonly BlockSegments[], numbers: Numbers, repeated: boolean): string[] {
  let next = 0
  const take = () => {
    const block = segments[next++]
    if (!block) throw new RangeError('The segments do not match the document’s text blocks')
    return block
  }
  const walk = (list: readonly Block[]): string => markdownOf(list).join('\n\n')
  const markdownOf = (list: readonly Block[]): string[] => {
    let lists = 0
    return list
      .map((block) => {
        switch (block.type) {
          case 'heading': {
            const level = next === 0 && repeated ? 2 : Math.min(block.level + 1, 6)
            const text = runsMarkdown(take(), numbers, 'heading')
            return text ? `${'#'.repeat(level)} ${text}` : ''
          }
          case 'paragraph':
            return runsMarkdown(take(), numbers, 'paragraph')
          case 'code':
            return codeBlock(take(), numbers)
          case 'quote':
            return walk(block.blocks)
              .split('\n')
              .map((line) => (line ? `> ${line}` : '>'))
              .join('\n')
          case 'list': {
            // Consecutive lists would merge into one; a different marker keeps them apart.
            const alternate = lists++ % 2 === 1
            return block.items
              .map((item, i) => {
                const marker = block.ordered ? `${i + 1}${alternate ? ')' : '.'} ` : alternate ? '* ' : '- '
                const body = walk(item) || '&#32;'
                return body
                  .split('\n')
                  .map((line, j) => (j === 0 ? marker + line : line ? ' '.repeat(marker.length) + line : ''))
                  .join('\n')
              })
              .join('\n')
          }
        }
      })
      .filter((text) => text !== '')
  }
  return markdownOf(blocks)
}

/** Footnote references for the annotations ending at each offset of a block. */
function endings(block: BlockSegments, numbers: Numbers): Map<number, string> {
  const at = new Map<number, string>()
  for (const s of block.segments) {
    if (!s.closing.length) continue
    const refs = s.closing.map((a) => numbers.get(a.id)!).sort((x, y) => x - y).map((n) => `[^${n}]`).join('')
    at.set(s.end, (at.get(s.end) ?? '') + refs)
  }
  return at
}

const PUNCTUATION = /[\p{P}\p{S}]/u
const SPACE = /\s/u

/** A text block's runs as inline Markdown with footnote references where annotations end. */
function runsMarkdown(block: BlockSegments, numbers: Numbers, role: 'heading' | 'paragraph'): string {
  const refs = endings(block, numbers)
  const out: string[] = []
  let offset = block.start
  let closedWithDelimiter = false
  const content = block.block.content
  content.forEach((run, i) => {
    const start = offset
    const end = offset + run.text.length
    offset = end
    const text = role === 'heading' ? run.text.replace(/\n/g, ' ') : run.text
    const escape = role === 'heading' ? (t: string) => inlineText(t).replace(/#/g, '\\#') : inlineText
    // Text of [from, to) relative to the run, with references ending strictly inside (and at `to`
    // when `withEnd`).
    const piece = (from: number, to: number, withEnd: boolean) => {
      let s = ''
      let last = from
      for (let p = from + 1; p <= to; p++) {
        const r = refs.get(start + p)
        if (r === undefined || (p === to && !withEnd)) continue
        s += escape(text.slice(last, p)) + r
        last = p
      }
      return s + escape(text.slice(last, to))
    }
    const refsWithin = (from: number, to: number) => {
      let s = ''
      for (let p = from + 1; p < to; p++) s += refs.get(start + p) ?? ''
      return s
    }
    const lead = /^\s*/u.exec(text)![0].length
    const coreEnd = text.length - /\s*$/u.exec(text)![0].length
    const marks = run.marks ?? []
    const href = run.href === undefined ? null : hrefOf(run.href)
    const emphasis = (marks.includes('strong') ? '**' : '') + (marks.includes('em') ? '*' : '')
    const isCode = marks.includes('code') && !/[\r\n]/.test(text)
    if (coreEnd <= lead || (!emphasis && !isCode && !href)) {
      out.push(piece(0, text.length, true))
      closedWithDelimiter = false
      return
    }
    const core = text.slice(lead, coreEnd)
    const before = lead > 0 ? text[lead - 1]! : i > 0 ? (content[i - 1]!.text.at(-1) ?? ' ') : ' '
    const after = coreEnd < text.length ? text[coreEnd]! : (content[i + 1]?.text[0] ?? ' ')
    const wordy = (c: string) => !SPACE.test(c) && !PUNCTUATION.test(c)
    // CommonMark cannot open emphasis on punctuation right after a letter (or close it before
    // one), nor start one right where another ended: such emphasis is left out, the text kept.
    const canEmphasise =
      !isCode &&
      emphasis !== '' &&
      !(lead === 0 && closedWithDelimiter) &&
      !(PUNCTUATION.test(core[0]!) && wordy(before)) &&
      !(PUNCTUATION.test(core.at(-1)!) && wordy(after))
    const inner = isCode ? codeSpan(core) : href ? escape(core) : piece(lead, coreEnd, false)
    const marked = canEmphasise ? `${emphasis}${inner}${[...emphasis].reverse().join('')}` : inner
    const linked = href ? `[${marked}](${href.replace(/[()]/g, '\\$&')})` : marked
    const deferred = isCode || href ? refsWithin(lead, coreEnd) : ''
    out.push(piece(0, lead, true), linked, refs.get(start + coreEnd) ?? '', deferred, coreEnd < text.length ? piece(coreEnd, text.length, true) : '')
    closedWithDelimiter = coreEnd === text.length && !refs.has(start + coreEnd) && !deferred && (canEmphasise || href !== null || isCode)
  })
  // A hard break cannot end a paragraph: a final line feed is written as a reference.
  return guardLines(out.join('')).replace(/\\\n$/, '&#10;')
}

/** A code block in a fence longer than any run of backticks inside, then the references of the
 *  annotations ending in it. */
function codeBlock(block: BlockSegments, numbers: Numbers): string {
  const text = blockText(block.block)
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  const refs = [...endings(block, numbers).values()].join('')
  return `${fence}\n${text}\n${fence}${refs ? `\n\n${refs}` : ''}`
}

/** Escape every character of `text` that Markdown could read as inline markup, write line feeds
 *  as hard breaks and carriage returns (which Markdown reads as line ends) as references.
 *  Characters that mean something only at the start of a line are handled by `guardLines`. */
function inlineText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '\\\n')
}

/** Keep each line of rendered inline Markdown from starting a block: a heading (`#`), a list
 *  (`-`, `+`, `1.`), a setext underline (`=`), indented code (leading spaces); and keep spaces at
 *  either end, which Markdown would drop, as character references. */
function guardLines(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      // A line ending in an odd number of backslashes ends in a hard break.
      const hardBreak = /(^|[^\\])(\\\\)*\\$/.test(line) ? '\\' : ''
      let body = hardBreak ? line.slice(0, -1) : line
      body = body.replace(/^[ \t]+|[ \t]+$/g, (ws) => ws.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'))
      body = body.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2')
      return body + hardBreak
    })
    .join('\n')
}

/** Text for a heading line: escaped, on one line. */
function headingText(text: string): string {
  return guardLines(inlineText(text.replace(/\s*\n\s*/g, ' ')).replace(/#/g, '\\#'))
}

/** An inline code span that shows `text` exactly. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : ''
  return `${ticks}${pad}${text}${pad}${ticks}`
}

/** An address as an autolink when it is a web or mail address, else as escaped text. */
function address(url: string): string {
  const href = hrefOf(url)
  return href ? `<${href}>` : inlineText(url)
}

/** Lines joined with hard breaks, skipping nulls. */
function joinLines(lines: readonly (string | null)[]): string {
  return lines.filter((l): l is string => l !== null && l !== '').join('\\\n')
}

/** Text for a table cell: escaped, on one line. */
function cell(text: string): string {
  return inlineText(text.replace(/\s*\n\s*/g, ' '))
}

function claimsTable(project: Project, documents: readonly ArticleDocument[], annotations: readonly Annotation[], numbers: Numbers): string {
  const claims = annotations.filter((a) => a.kind === 'claim')
  if (!claims.length) return '## Claims\n\nNo passage is tagged as a claim.'
  const several = documents.length > 1
  const titles = new Map(documents.map((d) => [d.id, d.title]))
  const header = ['#', 'Claim', ...(several ? ['Document'] : []), 'Claimant', 'Date', 'Verdict', 'Ruling', 'Confidence', 'Status']
  const rows = claims.map((c) => [
    String(numbers.get(c.id)),
    cell(shorten(c.quote.exact, 240)),
    ...(several ? [cell(titles.get(c.documentId) ?? '')] : []),
    cell(c.claimant),
    cell(c.claimDate),
    c.verdict === null ? 'No verdict yet' : `**${cell(c.verdict)}**`,
    cell(c.ruling),
    termLabel(CONFIDENCES, c.confidence),
    termLabel(CLAIM_STATUSES, c.status)
  ])
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return ['## Claims', [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')].join('\n\n')
}

function reliabilityWords(source: SourceRecord): string {
  return source.reliability ? termLabel(RELIABILITIES, source.reliability) : 'reliability not assessed'
}

function sourceList(sources: readonly SourceRecord[]): string {
  if (!sources.length) return ''
  const items = sources.map((s, i) => {
    const meta = [s.publisher, s.author, s.date].filter((p) => p.trim()).map(inlineText).join(' · ')
    const lines = [
      `**${inlineText(s.title)}**, ${inlineText(reliabilityWords(s))}${s.origin ? `, ${s.origin} source` : ''}`,
      meta || null,
      s.url ? `${address(s.url)}${s.accessed ? ` (accessed ${inlineText(s.accessed)})` : ''}` : null,
      s.notes.trim() ? inlineText(s.notes.replace(/\n{2,}/g, '\n')) : null,
      s.attachment ? `Attached file: ${inlineText(s.attachment.fileName)}, SHA-256 ${codeSpan(s.attachment.sha256)}` : null
    ]
    const marker = `${i + 1}. `
    return guardLines(joinLines(lines))
      .split('\n')
      .map((l, j) => (j === 0 ? marker + l : ' '.repeat(marker.length) + l))
      .join('\n')
  })
  return ['## Sources', 'Reliability on the Admiralty scale, A (completely reliable) to F (cannot be judged).', items.join('\n')].join('\n\n')
}

/** The footnote of one annotation: its kind and quote on the first line, then one line per field
 *  it has, indented so that footnote-aware renderers keep them in the footnote. */
function footnote(project: Project, a: Annotation, numbers: Numbers, sources: readonly SourceRecord[]): string {
  const n = numbers.get(a.id)!
  const field = (label: string, value: string) => (value.trim() ? `${label}: ${inlineText(value.replace(/\n{2,}/g, '\n'))}` : null)
  const lines: (string | null)[] = [`**${kindLabel(a.kind)}** — “${inlineText(shorten(a.quote.exact.replace(/\s*\n\s*/g, ' '), 300))}”`]
  if (a.kind === 'claim') {
    lines.push(a.verdict === null ? 'Verdict: not yet given' : `Verdict: **${inlineText(a.verdict)}**${rating(project, a.verdict)}`)
    lines.push(field('Claimant', a.claimant), field('Claim date', a.claimDate), field('Type', termLabel(CLAIM_TYPES, a.claimType)))
    lines.push(field('Status', termLabel(CLAIM_STATUSES, a.status)), field('Check-worthiness', termLabel(CHECK_WORTHINESS, a.checkWorthiness)))
    lines.push(field('Ruling', a.ruling))
  }
  if (a.kind === 'source' && a.sourceId !== null) {
    const s = project.sources.find((x) => x.id === a.sourceId)
    lines.push(s ? `Cites: ${inlineText(s.title)} (${inlineText(reliabilityWords(s))})${sourceRef(s, sources)}` : 'Cites: a deleted source')
  }
  if (a.kind === 'evidence') lines.push(field('Credibility', termLabel(CREDIBILITIES, a.credibility)))
  lines.push(field('Confidence', termLabel(CONFIDENCES, a.confidence)))
  lines.push(field('Note', a.note))
  for (const link of project.links.filter((l) => l.claimId === a.id)) {
    const view = describeLink(project, link)
    const stance = termLabel(STANCES, link.stance)
    const target =
      view.missing
        ? inlineText(view.label)
        : link.target.type === 'source'
          ? (() => {
              const s = project.sources.find((x) => x.id === link.target.id)!
              return `source ${inlineText(s.title)} (${inlineText(reliabilityWords(s))})${sourceRef(s, sources)}`
            })()
          : `${inlineText(view.detail.charAt(0).toLowerCase() + view.detail.slice(1))}, “${inlineText(shorten(view.label.replace(/\s*\n\s*/g, ' '), 160))}”${numbers.has(view.annotation!.id) ? `[^${numbers.get(view.annotation!.id)}]` : ''}`
    lines.push(`${stance}: ${target}${link.note.trim() ? ` — ${inlineText(link.note.replace(/\s*\n\s*/g, ' '))}` : ''}`)
  }
  if (a.tags.length) lines.push(field('Tags', a.tags.map((id) => project.settings.tags.find((t) => t.id === id)?.name ?? id).join(', ')))
  const body = guardLines(joinLines(lines))
    .split('\n')
    .map((l, i) => (i === 0 ? l : `    ${l}`))
    .join('\n')
  return `[^${n}]: ${body}`
}

function sourceRef(source: SourceRecord, sources: readonly SourceRecord[]): string {
  const i = sources.indexOf(source)
  return i < 0 ? '' : `, source ${i + 1} below`
}

function rating(project: Project, verdict: string): string {
  const label = findVerdict(project.settings.verdictScale, verdict)
  const bounds = ratingBounds(project.settings.verdictScale)
  if (!label) return ' (not on the project’s scale)'
  return label.value !== null && bounds ? ` (${label.value} on a scale from ${bounds.worst} to ${bounds.best})` : ''
}

