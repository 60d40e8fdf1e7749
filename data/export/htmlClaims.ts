import type { Annotation } from '../project'
import { CLAIM_STATUSES, CONFIDENCES, termLabel } from '../vocabulary'
import { anchorOf, shorten, verdictBadge, type HtmlContext } from './htmlContext'
import { h, type Html } from './htmlMarkup'

const COLUMNS = ['#', 'Claim', 'Claimant', 'Date', 'Verdict', 'Ruling', 'Confidence', 'Status']

/** The claims of the exported documents in one table, in reading order: claim, claimant, date,
 *  verdict with its colour, ruling, confidence and status, grouped under their document's title
 *  when there are several documents. Each claim links to its entry. */
export function claimsTable(context: HtmlContext): Html {
  const claims = context.annotations.filter((a) => a.kind === 'claim')
  const several = context.documents.length > 1
  const groups = context.documents
    .map((document, i) => ({ document, i, claims: claims.filter((c) => c.documentId === document.id) }))
    .filter((group) => group.claims.length > 0)
  const table = h(
    'table',
    { class: 'fw-table fw-claims-table' },
    h('caption', {}, claims.length === 1 ? 'One claim' : `${claims.length} claims`, ', in reading order'),
    h('thead', {}, h('tr', {}, COLUMNS.map((name) => h('th', { scope: 'col' }, name)))),
    groups.map(({ document, i, claims }) =>
      h(
        'tbody',
        {},
        several
          ? h('tr', { class: 'fw-group' }, h('th', { colspan: COLUMNS.length, scope: 'rowgroup', dir: 'auto' }, h('a', { href: `#${anchorOf.document(i + 1)}` }, `${i + 1}. ${document.title}`)))
          : null,
        claims.map((c) => claimRow(context, c))
      )
    )
  )
  return h(
    'section',
    { class: 'fw-section', id: 'fw-claims', 'aria-labelledby': 'fw-claims-title' },
    h('h2', { class: 'fw-section-title', id: 'fw-claims-title' }, 'Claims'),
    claims.length ? h('div', { class: 'fw-table-wrap' }, table) : h('p', { class: 'fw-empty' }, 'No passage is tagged as a claim.')
  )
}

function claimRow(context: HtmlContext, claim: Annotation): Html {
  const n = context.numbers.get(claim.id)!
  return h(
    'tr',
    {},
    h('td', { class: 'fw-col-num' }, h('a', { class: 'fw-num fw-num-claim', href: `#${anchorOf.entry(n)}` }, n)),
    h('td', { class: 'fw-col-claim', dir: 'auto' }, shorten(claim.quote.exact, 240)),
    h('td', { dir: 'auto' }, claim.claimant),
    h('td', { class: 'fw-col-date' }, claim.claimDate),
    h('td', {}, verdictBadge(context.project, claim.verdict) ?? h('span', { class: 'fw-muted' }, 'No verdict yet')),
    h('td', { dir: 'auto' }, claim.ruling),
    h('td', {}, termLabel(CONFIDENCES, claim.confidence)),
    h('td', {}, termLabel(CLAIM_STATUSES, claim.status))
  )
}
