import type { Project } from '../project'
import { findVerdict } from '../verdicts'
import { KINDS, kindLabel } from '../vocabulary'
import { documentSection } from './htmlArticle'
import { claimsTable } from './htmlClaims'
import { anchorOf, hrefOf, humanTime, verdictBadge, type HtmlContext } from './htmlContext'
import { annotationEntries } from './htmlEntries'
import { fragment, h, jsonLdScript, trusted, type Html } from './htmlMarkup'
import { sourceList } from './htmlSources'
import { stylesheet } from './htmlStyle'
import { exportedDocuments, type ExportOptions } from './options'
import { documentSegments, exportedSources, readingOrder } from './segments'

/** The start of the `generator` meta of every HTML export, which is how a page is recognised as
 *  one: `<meta name="generator" content="Factwork 1.2.3">`. */
export const HTML_GENERATOR = 'Factwork'

/** The page's Content Security Policy: no script of any kind runs and nothing is loaded; only the
 *  page's own stylesheet and style attributes apply. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

/** An HTML export's options: which documents, when, by which version, and the JSON-LD items to
 *  embed (W3C Web Annotations, ClaimReviews), each in a data block of its own. */
export type HtmlExportOptions = ExportOptions & { readonly jsonLd: readonly unknown[] }

/** One self-contained HTML5 page for an editor to read and print: the project's title, then per
 *  document what it says of itself and its original, the article with every annotation
 *  highlighted (overlaps nested, the verdict on each claim's mark) and linked to an entry with all
 *  its fields and back, then a table of claims and the source list; a legend explains the
 *  colours. It loads nothing and needs no script; a CSP forbids both. Every text from the project
 *  is escaped. The article elements hold exactly the documents' text, so `readExportedHtml` in
 *  main/import/exported.ts can rebuild the documents, and each item of `jsonLd` is embedded as a
 *  `<script type="application/ld+json">` that cannot be closed from inside. Throws `RangeError`
 *  when `documentId` names no document of the project, `TypeError` when a JSON-LD item is not
 *  JSON. */
export function toHtml(project: Project, options: HtmlExportOptions): string {
  const documents = exportedDocuments(project, options)
  const annotations = readingOrder(documents, project.annotations)
  const numbers = new Map(annotations.map((a, i) => [a.id, i + 1]))
  const segments = documents.map((d) => documentSegments(d.blocks, annotations.filter((a) => a.documentId === d.id)))
  const drawn = new Set(segments.flat().flatMap((b) => b.segments.flatMap((s) => s.annotations.map((a) => a.id))))
  const listed = exportedSources(project, annotations, options.documentId !== undefined)
  const sources = new Map(listed.map((source, i) => [source.id, { source, number: i + 1 }]))
  const context: HtmlContext = { project, documents, annotations, numbers, drawn, sources }
  const title = documents.length === 1 && project.documents.length > 1 ? `${project.title}: ${documents[0]!.title}` : project.title
  const head = h(
    'head',
    {},
    h('meta', { charset: 'utf-8' }),
    h('meta', { 'http-equiv': 'Content-Security-Policy', content: HTML_CSP }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'generator', content: `${HTML_GENERATOR} ${options.version}` }),
    h('meta', { name: 'referrer', content: 'no-referrer' }),
    h('title', {}, `${title} — annotated by Factwork`),
    h('style', {}, trusted(stylesheet(project.settings.verdictScale))),
    options.jsonLd.map((item) => jsonLdScript(item))
  )
  const body = h(
    'body',
    {},
    h('a', { class: 'fw-skip', href: `#${anchorOf.document(1)}` }, 'Skip to the article'),
    h(
      'div',
      { class: 'fw-page' },
      masthead(context, title, options),
      h(
        'main',
        {},
        key(context),
        documents.map((d, i) => documentSection(context, d, i, segments[i]!, annotationEntries(context, d.id))),
        claimsTable(context),
        sourceList(context),
        orphans(context)
      ),
      footer(options)
    )
  )
  return `<!DOCTYPE html>\n${h('html', { lang: 'en' }, head, '\n', body)}\n`
}

function masthead(context: HtmlContext, title: string, options: HtmlExportOptions): Html {
  const { publication } = context.project.settings
  const claims = context.annotations.filter((a) => a.kind === 'claim').length
  const stat = (value: number, one: string, many: string) => h('li', {}, h('strong', {}, value), value === 1 ? one : many)
  const organization = publication.organization.trim()
  const organizationHref = hrefOf(publication.organizationUrl)
  const exported = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(options.generatedAt) && !Number.isNaN(Date.parse(options.generatedAt))
  return h(
    'header',
    { class: 'fw-masthead' },
    h('p', { class: 'fw-brand' }, 'Fact-check report', h('span', {}, 'Annotated with Factwork')),
    h('h1', { dir: 'auto' }, title),
    h(
      'p',
      { class: 'fw-dateline' },
      organization ? ['By ', organizationHref ? h('a', { href: organizationHref, rel: 'noreferrer' }, organization) : organization, ' · '] : null,
      publication.author.trim() ? [publication.author.trim(), ' · '] : null,
      'Exported ',
      exported ? h('time', { datetime: options.generatedAt }, humanTime(options.generatedAt)) : options.generatedAt,
      publication.reviewUrl.trim() ? [' · Published at ', h('span', { class: 'fw-url' }, publication.reviewUrl.trim())] : null
    ),
    h(
      'ul',
      { class: 'fw-stats', 'aria-label': 'In this report' },
      stat(context.documents.length, 'document', 'documents'),
      stat(context.annotations.length, 'annotation', 'annotations'),
      stat(claims, 'claim', 'claims'),
      stat(context.sources.size, 'source', 'sources')
    )
  )
}

/** The legend (each kind's highlight, with counts), the verdicts given, and with several
 *  documents a table of contents. */
function key(context: HtmlContext): Html {
  const counts = (kind: string) => context.annotations.filter((a) => a.kind === kind).length
  const claims = context.annotations.filter((a) => a.kind === 'claim')
  const scale = context.project.settings.verdictScale
  const given = new Map<string, number>()
  for (const c of claims) if (c.verdict !== null) given.set(c.verdict, (given.get(c.verdict) ?? 0) + 1)
  const unrated = claims.filter((c) => c.verdict === null).length
  const rank = (verdict: string) => {
    const label = findVerdict(scale, verdict)
    return label ? scale.labels.indexOf(label) : scale.labels.length
  }
  const ordered = [...given].sort(([a], [b]) => rank(a) - rank(b))
  return fragment(
    h(
      'div',
      { class: 'fw-key' },
      h(
        'section',
        { 'aria-labelledby': 'fw-legend-title' },
        h('h2', { id: 'fw-legend-title' }, 'How to read the highlights'),
        h(
          'ul',
          { class: 'fw-legend' },
          KINDS.map(({ kind, label }) =>
            h('li', {}, h('mark', { class: `fw-hl fw-${kind} fw-swatch` }, label), h('span', { class: 'fw-count' }, counts(kind)))
          )
        )
      ),
      h(
        'section',
        { 'aria-labelledby': 'fw-verdicts-title' },
        h('h2', { id: 'fw-verdicts-title' }, 'Verdicts'),
        claims.length
          ? h(
              'ul',
              { class: 'fw-verdicts' },
              ordered.map(([verdict, count]) => h('li', {}, verdictBadge(context.project, verdict), h('span', { class: 'fw-count' }, count))),
              unrated ? h('li', {}, h('span', { class: 'fw-badge fw-v-none' }, 'No verdict yet'), h('span', { class: 'fw-count' }, unrated)) : null
            )
          : h('p', { class: 'fw-empty' }, 'No claims yet.')
      )
    ),
    context.documents.length > 1
      ? h(
          'nav',
          { class: 'fw-toc', 'aria-labelledby': 'fw-toc-title' },
          h('h2', { class: 'fw-section-title', id: 'fw-toc-title' }, 'Documents'),
          h(
            'ol',
            {},
            context.documents.map((d, i) => h('li', {}, h('a', { href: `#${anchorOf.document(i + 1)}`, dir: 'auto' }, d.title)))
          )
        )
      : null
  )
}

/** Annotations of the exported documents that could not be placed in their text. */
function orphans(context: HtmlContext): Html | null {
  const ids = new Set(context.documents.map((d) => d.id))
  const list = context.project.orphans.filter((o) => ids.has(o.documentId))
  if (!list.length) return null
  return h(
    'section',
    { class: 'fw-section fw-orphans', 'aria-labelledby': 'fw-orphans-title' },
    h('h2', { class: 'fw-section-title', id: 'fw-orphans-title' }, 'Not placed in the text'),
    h('p', { class: 'fw-section-note' }, 'These annotations could not be found in their document and wait for review.'),
    h(
      'ul',
      {},
      list.map((o) => h('li', {}, h('span', { class: 'fw-kind' }, kindLabel(o.kind)), ' ', h('q', { dir: 'auto' }, o.quote.exact), ' — ', o.reason))
    )
  )
}

function footer(options: HtmlExportOptions): Html {
  return h(
    'footer',
    { class: 'fw-footer' },
    h(
      'p',
      {},
      'Each highlighted passage ends with a numbered mark that leads to its entry beside the article; “↩ text” leads back. ',
      'Claims show their verdict on the mark. Confidence is analytic confidence (low, moderate, high); evidence credibility runs from 1, confirmed by other sources, to 6, truth cannot be judged.'
    ),
    h(
      'p',
      {},
      `Made with ${HTML_GENERATOR} ${options.version}. `,
      options.jsonLd.length
        ? `The page carries ${options.jsonLd.length} machine-readable JSON-LD ${options.jsonLd.length === 1 ? 'block' : 'blocks'} (W3C Web Annotation, schema.org ClaimReview), so Factwork can import it again. `
        : null,
      'It needs no network and runs no script.'
    )
  )
}
