import type { Annotation, SourceRecord } from '../project'
import { STANCES, termLabel } from '../vocabulary'
import { address, anchorOf, annotationRef, humanSize, reliabilityBadge, type HtmlContext } from './htmlContext'
import { h, type Html } from './htmlMarkup'

/** The source library as the page lists it: for each source its title, reliability in letters
 *  and words, publisher, author, dates, its address shown as text (and as a link when it is a web
 *  address), notes, attached file, and the passages that cite it or claims linked to it. */
export function sourceList(context: HtmlContext): Html {
  const listed = [...context.sources.values()]
  const body = listed.length
    ? h('ol', { class: 'fw-src-list' }, listed.map(({ source, number }) => sourceEntry(context, source, number)))
    : h('p', { class: 'fw-empty' }, 'No source is recorded.')
  return h(
    'section',
    { class: 'fw-section', id: 'fw-sources', 'aria-labelledby': 'fw-sources-title' },
    h('h2', { class: 'fw-section-title', id: 'fw-sources-title' }, 'Sources'),
    h('p', { class: 'fw-section-note' }, 'Reliability on the Admiralty scale: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged.'),
    body
  )
}

function sourceEntry(context: HtmlContext, source: SourceRecord, number: number): Html {
  const byline = [source.publisher, source.author, source.date].filter((part) => part.trim() !== '')
  const cited = context.annotations.filter((a) => a.kind === 'source' && a.sourceId === source.id)
  const links = context.project.links.filter((l) => l.target.type === 'source' && l.target.id === source.id)
  const claims = links.flatMap((link) => {
    const claim = context.annotations.find((a) => a.id === link.claimId)
    return claim ? [{ claim, stance: link.stance }] : []
  })
  return h(
    'li',
    { class: 'fw-src', id: anchorOf.source(number) },
    h('div', { class: 'fw-src-head' }, h('span', { class: 'fw-src-title', dir: 'auto' }, source.title), ' ', reliabilityBadge(source.reliability)),
    byline.length || source.origin
      ? h('p', { class: 'fw-src-meta', dir: 'auto' }, byline.join(' · '), source.origin ? `${byline.length ? ' · ' : ''}${source.origin === 'primary' ? 'Primary source' : 'Secondary source'}` : null)
      : null,
    source.url ? h('p', { class: 'fw-src-url' }, address(source.url), source.accessed ? h('span', { class: 'fw-muted' }, ` (accessed ${source.accessed})`) : null) : null,
    source.notes ? h('p', { class: 'fw-src-notes', dir: 'auto' }, source.notes) : null,
    source.attachment
      ? h(
          'p',
          { class: 'fw-src-file' },
          'Attached file: ',
          h('span', { dir: 'auto' }, source.attachment.fileName),
          ` (${humanSize(source.attachment.size)}), SHA-256 `,
          h('code', { class: 'fw-hash' }, source.attachment.sha256)
        )
      : null,
    cited.length || claims.length
      ? h(
          'p',
          { class: 'fw-src-uses' },
          cited.length ? ['Cited by ', refs(context, cited)] : null,
          cited.length && claims.length ? '; ' : null,
          claims.map(({ claim, stance }, i) => [i ? ', ' : '', termLabel(STANCES, stance), ' claim ', annotationRef(context, claim)])
        )
      : null
  )
}

function refs(context: HtmlContext, annotations: readonly Annotation[]) {
  return annotations.map((a, i) => [i ? ', ' : '', annotationRef(context, a)])
}
