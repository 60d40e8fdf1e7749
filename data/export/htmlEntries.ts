import { describeLink } from '../links'
import type { Annotation } from '../project'
import {
  CHECK_WORTHINESS,
  CLAIM_STATUSES,
  CLAIM_TYPES,
  CONFIDENCES,
  CREDIBILITIES,
  kindLabel,
  STANCES,
  termLabel
} from '../vocabulary'
import { annotationRef, anchorOf, languageTag, reliabilityBadge, shorten, verdictBadge, type HtmlContext } from './htmlContext'
import { h, type Child, type Html } from './htmlMarkup'

/** Longest quote an entry repeats; the article has the whole passage. */
const QUOTE_LENGTH = 420

/** The entries of one document's annotations, in reading order: for each its number, kind,
 *  verdict, quote, fields, the source it cites, its links and a way back to the text. */
export function annotationEntries(context: HtmlContext, documentId: string): Html {
  const annotations = context.annotations.filter((a) => a.documentId === documentId)
  if (!annotations.length) return h('p', { class: 'fw-empty' }, 'No passage of this document is annotated.')
  return h('ol', { class: 'fw-entries' }, annotations.map((a) => entry(context, a)))
}

function entry(context: HtmlContext, a: Annotation): Html {
  const n = context.numbers.get(a.id)!
  const document = context.documents.find((d) => d.id === a.documentId)
  const fact = (label: string, value: Child) => (value === '' || value === null ? null : h('div', {}, h('dt', {}, label), h('dd', {}, value)))
  const facts = [
    ...(a.kind === 'claim'
      ? [
          fact('Claimant', a.claimant),
          fact('Claim date', a.claimDate),
          fact('Type', termLabel(CLAIM_TYPES, a.claimType)),
          fact('Status', termLabel(CLAIM_STATUSES, a.status)),
          fact('Check-worthiness', termLabel(CHECK_WORTHINESS, a.checkWorthiness))
        ]
      : []),
    a.kind === 'source' && a.sourceId !== null ? fact('Cites', citedSource(context, a.sourceId)) : null,
    a.kind === 'evidence' ? fact('Credibility', termLabel(CREDIBILITIES, a.credibility)) : null,
    fact('Confidence', termLabel(CONFIDENCES, a.confidence)),
    fact('Tags', a.tags.map((id) => context.project.settings.tags.find((t) => t.id === id)?.name ?? id).join(', '))
  ].filter((f) => f !== null)
  return h(
    'li',
    { class: `fw-entry fw-entry-${a.kind}`, id: anchorOf.entry(n) },
    h(
      'div',
      { class: 'fw-entry-head' },
      h('span', { class: `fw-num fw-num-${a.kind}` }, n),
      h('span', { class: 'fw-kind' }, kindLabel(a.kind)),
      a.kind === 'claim' ? verdictBadge(context.project, a.verdict) : null,
      context.drawn.has(a.id) ? h('a', { class: 'fw-back', href: `#${anchorOf.mark(n)}`, 'aria-label': `Back to annotation ${n} in the text` }, '↩ text') : null
    ),
    h('blockquote', { class: 'fw-quote', lang: languageTag(document?.lang), dir: 'auto' }, h('p', {}, shorten(a.quote.exact, QUOTE_LENGTH))),
    a.kind === 'claim' && a.ruling ? h('p', { class: 'fw-ruling', dir: 'auto' }, h('strong', {}, 'Ruling '), a.ruling) : null,
    facts.length ? h('dl', { class: 'fw-facts' }, facts) : null,
    a.note ? h('p', { class: 'fw-note-text', dir: 'auto' }, h('strong', {}, 'Note '), a.note) : null,
    a.kind === 'claim' ? linksList(context, a) : null,
    a.kind !== 'claim' ? linkedFrom(context, a) : null
  )
}

/** The record a source passage cites, with its reliability in letters and words. */
function citedSource(context: HtmlContext, sourceId: string): Html {
  const listed = context.sources.get(sourceId)
  if (!listed) return h('em', {}, 'A deleted source')
  return h('span', {}, h('a', { href: `#${anchorOf.source(listed.number)}` }, listed.source.title), ' ', reliabilityBadge(listed.source.reliability))
}

/** What a claim is linked to, each with its stance. */
function linksList(context: HtmlContext, claim: Annotation): Html | null {
  const links = context.project.links.filter((l) => l.claimId === claim.id)
  if (!links.length) return null
  return h(
    'ul',
    { class: 'fw-links', 'aria-label': `Sources and evidence for claim ${context.numbers.get(claim.id)}` },
    links.map((link) => {
      const view = describeLink(context.project, link)
      let target: Child
      if (view.missing) target = h('em', {}, view.label)
      else if (link.target.type === 'source') target = citedSource(context, link.target.id)
      else target = [annotationRef(context, view.annotation!), ' ', h('q', { dir: 'auto' }, shorten(view.label, 160)), ' ', h('span', { class: 'fw-detail' }, view.detail)]
      return h(
        'li',
        {},
        h('span', { class: `fw-stance fw-stance-${link.stance}` }, view.stance),
        ' ',
        target,
        link.note ? h('span', { class: 'fw-link-note', dir: 'auto' }, ' — ', link.note) : null
      )
    })
  )
}

/** The claims that link to an evidence or source passage, each with its stance. */
function linkedFrom(context: HtmlContext, target: Annotation): Html | null {
  const links = context.project.links.filter((l) => l.target.type === 'annotation' && l.target.id === target.id)
  const claims = links.flatMap((link) => {
    const claim = context.project.annotations.find((a) => a.id === link.claimId)
    return claim ? [{ link, claim }] : []
  })
  if (!claims.length) return null
  return h(
    'p',
    { class: 'fw-linked-from' },
    claims.map(({ link, claim }, i) => [
      i ? '; ' : '',
      h('span', { class: `fw-stance fw-stance-${link.stance}` }, termLabel(STANCES, link.stance)),
      ' claim ',
      annotationRef(context, claim)
    ])
  )
}
