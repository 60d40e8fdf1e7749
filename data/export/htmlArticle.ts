import { blockText, hasLongRun, type Block, type Mark, type TextBlock } from '../document'
import { DOCUMENT_FORMAT_LABELS, type Annotation, type ArticleDocument } from '../project'
import { kindLabel } from '../vocabulary'
import { address, anchorOf, hrefOf, humanSize, humanTime, languageTag, verdictClass, type HtmlContext } from './htmlContext'
import { articleText } from './htmlCharacters'
import { fragment, h, type Child, type Html } from './htmlMarkup'
import type { BlockSegments, Segment } from './segments'

/** The attribute naming which document a section of an exported page shows (its id). */
export const DOCUMENT_ATTRIBUTE = 'data-document'
/** The attribute naming which document field an element of a section shows. The element's text
 *  is the value, unless it holds a `<data>` element, whose `value` is. Fields are the keys of
 *  `ArticleDocument` (`title`, `format`, `byline`, `siteName`, `publishedTime`, `url`, `lang`,
 *  `dir`) and of its original (`original.fileName`, `original.mediaType`, `original.size`,
 *  `original.importedAt`, `original.sha256`). */
export const FIELD_ATTRIBUTE = 'data-field'
/** The class of the element holding a document's text, and nothing else. */
export const ARTICLE_CLASS = 'fw-article'
/** The attribute of the article listing the levels (1–6) of the document's headings in reading
 *  order, separated by spaces. The page shows headings at levels that fit its own outline (the
 *  document's title is a level 2 heading, and levels never skip), so the document's own levels
 *  are kept here. */
export const HEADING_LEVELS_ATTRIBUTE = 'data-heading-levels'

const DIRECTIONS = { ltr: 'Left to right', rtl: 'Right to left', auto: 'Set by the text' }
const MARK_TAGS: Record<Mark, string> = { em: 'em', strong: 'strong', code: 'code' }

/** One exported document: its title and what it says of itself, its original, the article with
 *  its highlights, and `entries` (the annotation entries) beside it. `segments` are the
 *  document's text blocks cut by `documentSegments`. */
export function documentSection(context: HtmlContext, document: ArticleDocument, index: number, segments: readonly BlockSegments[], entries: Html): Html {
  const id = anchorOf.document(index + 1)
  const field = (name: string, value: Child, raw?: string) =>
    h('div', {}, h('dt', {}, name), h('dd', { [FIELD_ATTRIBUTE]: raw }, value))
  const byline = [
    document.byline ? h('span', { [FIELD_ATTRIBUTE]: 'byline', dir: 'auto' }, document.byline) : null,
    document.siteName ? h('span', { [FIELD_ATTRIBUTE]: 'siteName', dir: 'auto' }, document.siteName) : null,
    document.publishedTime ? h('span', { [FIELD_ATTRIBUTE]: 'publishedTime' }, document.publishedTime) : null
  ].filter((part) => part !== null)
  const { original } = document
  const count = context.annotations.filter((a) => a.documentId === document.id).length
  // Most articles open with their title as a heading: the page then shows that heading alone.
  const first = document.blocks[0]
  const repeated = first?.type === 'heading' && document.title.trim() !== '' && blockText(first).trim() === document.title.trim()
  return h(
    'section',
    { class: 'fw-document', id, [DOCUMENT_ATTRIBUTE]: document.id, 'aria-labelledby': `${id}-title` },
    h(
      'header',
      { class: 'fw-doc-head' },
      h('p', { class: 'fw-kicker' }, `Document ${index + 1} of ${context.documents.length}`, ' · ', h('data', { [FIELD_ATTRIBUTE]: 'format', value: document.format }, DOCUMENT_FORMAT_LABELS[document.format])),
      h('h2', { id: `${id}-title`, class: repeated ? 'fw-hidden' : null, [FIELD_ATTRIBUTE]: 'title', dir: 'auto' }, document.title)
    ),
    h(
      'div',
      { class: 'fw-doc-body' },
      h(
        'article',
        {
          class: ARTICLE_CLASS,
          lang: languageTag(document.lang),
          dir: document.dir,
          'aria-label': `Text of “${document.title}”`,
          [HEADING_LEVELS_ATTRIBUTE]: headingLevels(document.blocks).join(' ') || null
        },
        articleBlocks(context, document.blocks, segments)
      ),
      h(
        'aside',
        { class: 'fw-notes', 'aria-labelledby': `${id}-notes` },
        h(
          'div',
          { class: 'fw-card' },
          h('h3', { class: 'fw-card-title' }, 'About this document'),
          byline.length ? h('p', { class: 'fw-byline' }, byline.flatMap((part, i) => (i ? [' · ', part] : [part]))) : null,
          h(
            'dl',
            { class: 'fw-info' },
            document.url ? field('Address', address(document.url), 'url') : null,
            document.lang ? field('Language', document.lang, 'lang') : null,
            document.dir ? field('Direction', h('data', { value: document.dir }, DIRECTIONS[document.dir]), 'dir') : null,
            field('Original file', original.fileName, 'original.fileName'),
            field('Type', original.mediaType, 'original.mediaType'),
            field('Size', h('data', { value: original.size }, humanSize(original.size)), 'original.size'),
            field('Imported', h('data', { value: original.importedAt }, humanTime(original.importedAt)), 'original.importedAt'),
            field('SHA-256', h('code', { class: 'fw-hash' }, original.sha256), 'original.sha256')
          )
        ),
        h('h3', { id: `${id}-notes`, class: 'fw-notes-title' }, count === 1 ? '1 annotation' : `${count} annotations`),
        entries
      )
    )
  )
}

/** The article's blocks as HTML, each text block filled with its segments. Nothing but the
 *  document's text enters the article's text content: footnote marks are empty links whose
 *  number the stylesheet draws, so the article can be read back exactly. */
function articleBlocks(context: HtmlContext, blocks: readonly Block[], segments: readonly BlockSegments[]): Html {
  let next = 0
  // Below the document's level 2 title, never skipping a level.
  let previousLevel = 2
  const take = () => {
    const block = segments[next++]
    if (!block) throw new RangeError('The segments do not match the document’s text blocks')
    return block.segments
  }
  // A run too long to break is shown on one line, to scroll (LONG_RUN).
  const runClass = (block: TextBlock) => (hasLongRun(blockText(block)) ? 'fw-long-run' : null)
  const walk = (list: readonly Block[]): Html => fragment(list.map((block) => [blockMarkup(block), '\n']))
  const blockMarkup = (block: Block): Html => {
    switch (block.type) {
      case 'heading': {
        const level = Math.min(block.level + 2, previousLevel + 1, 6)
        previousLevel = level
        return h(`h${level}`, { class: [`fw-h${block.level}`, runClass(block)].filter(Boolean).join(' ') }, segmentsMarkup(context, take()))
      }
      case 'paragraph':
        return h('p', { class: runClass(block) }, segmentsMarkup(context, take()))
      case 'code':
        // The <code> keeps a leading line break of the block: the parser drops one right after <pre>.
        return h('pre', { class: runClass(block) }, h('code', {}, segmentsMarkup(context, take())))
      case 'quote':
        return h('blockquote', {}, '\n', walk(block.blocks))
      case 'list':
        return h(block.ordered ? 'ol' : 'ul', {}, '\n', block.items.map((item) => [h('li', {}, walk(item)), '\n']))
    }
  }
  return walk(blocks)
}

/** The levels of the headings among `blocks`, in reading order. */
function headingLevels(blocks: readonly Block[]): number[] {
  return blocks.flatMap((block) =>
    block.type === 'heading' ? [block.level] : block.type === 'quote' ? headingLevels(block.blocks) : block.type === 'list' ? block.items.flatMap(headingLevels) : []
  )
}

function segmentsMarkup(context: HtmlContext, segments: readonly Segment[]): Html[] {
  return segments.map((segment) => fragment(highlighted(context, segment), [...segment.closing].sort((a, b) => number(context, a) - number(context, b)).map((a) => footnoteMark(context, a))))
}

function number(context: HtmlContext, annotation: Annotation): number {
  const n = context.numbers.get(annotation.id)
  if (n === undefined) throw new RangeError(`Annotation ${annotation.id} is drawn but not numbered`)
  return n
}

/** A segment's text inside its emphasis, its link, and one <mark> per covering annotation,
 *  outermost outside. The first mark of each annotation carries the id its entry links back to. */
function highlighted(context: HtmlContext, segment: Segment): Html {
  let inner: Html = fragment(articleText(segment.text))
  for (const mark of [...segment.marks].reverse()) inner = h(MARK_TAGS[mark], {}, inner)
  const href = segment.href === undefined ? null : hrefOf(segment.href)
  if (href) inner = h('a', { href, rel: 'noreferrer' }, inner)
  for (const a of [...segment.annotations].reverse()) {
    const n = number(context, a)
    inner = h(
      'mark',
      { class: `fw-hl fw-${a.kind}`, id: segment.opening.includes(a) ? anchorOf.text(n) : null, title: describe(n, a) },
      inner
    )
  }
  return inner
}

/** The footnote mark after an annotation's last segment: an empty link to its entry, whose
 *  number (and, for a claim, verdict) the stylesheet shows. */
function footnoteMark(context: HtmlContext, a: Annotation): Html {
  const n = number(context, a)
  const verdict = a.kind === 'claim' && a.verdict !== null ? a.verdict : null
  return h('a', {
    class: `fw-ref fw-ref-${a.kind}${verdict === null ? '' : ` ${verdictClass(context.project, verdict)}`}`,
    id: anchorOf.mark(n),
    href: `#${anchorOf.entry(n)}`,
    'data-n': n,
    'data-verdict': verdict,
    'aria-label': `Annotation ${describe(n, a)}`
  })
}

function describe(n: number, a: Annotation): string {
  return `${n} · ${kindLabel(a.kind)}${a.kind === 'claim' && a.verdict !== null ? ` · ${a.verdict}` : ''}`
}
