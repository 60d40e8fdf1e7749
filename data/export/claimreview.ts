import { isWebAddress } from '../linkedData'
import type { Annotation, ArticleDocument, Project, Publication } from '../project'
import { findVerdict, ratingBounds, type VerdictScale } from '../verdicts'
import type { JsonObject } from './jsonld'
import { exportedDocuments, type ExportOptions } from './options'

/** The ClaimReviews of a project, and what the person should know about them. */
export interface ClaimReviewExport {
  /** One schema.org `ClaimReview` JSON-LD object per rated claim, in reading order. */
  readonly reviews: readonly JsonObject[]
  /** Sentences naming what is missing and where to fill it in; empty when nothing is. */
  readonly warnings: readonly string[]
}

/** Words that mark a name as an organisation's rather than a person's. */
const ORGANISATION = new RegExp(
  '\\b(' +
    [
      'institute', 'institution', 'university', 'college', 'school', 'ministry', 'government', 'agency', 'department', 'office', 'council', 'committee',
      'commission', 'party', 'bank', 'fund', 'foundation', 'association', 'society', 'organi[sz]ation', 'corporation', 'company', 'inc', 'ltd', 'llc',
      'plc', 'group', 'news', 'press', 'times', 'post', 'tribune', 'herald', 'television', 'tv', 'radio', 'network', 'report', 'union', 'army',
      'police', 'court', 'parliament', 'senate', 'congress', 'embassy', 'authority', 'bureau', 'centre', 'center', 'board', 'league', 'federation',
      'trust', 'hospital', 'club', 'nations', 'forces'
    ].join('|') +
    ')\\b',
  'i'
)

/** A claimant or byline as a schema.org agent: an `Organization` when its name says so
 *  ("Gatestone Institute", "Ministry of Commerce", "NationPress"), else a `Person`. */
export function agent(name: string): JsonObject {
  const clean = name.trim().replace(/^by\s+/i, '')
  const organisation = ORGANISATION.test(clean) || /press$|news$/i.test(clean)
  return { '@type': organisation ? 'Organization' : 'Person', name: clean }
}

/** The address of one claim's review: the review URL of Settings → Publication with the claim's
 *  own fragment, `#claim-<id>`, in place of any it had. */
export function reviewUrl(publication: Publication, claimId: string): string {
  return `${publication.reviewUrl.trim().replace(/#.*$/, '')}#claim-${encodeURIComponent(claimId)}`
}

/** The `reviewRating` of a verdict: its label as `alternateName`, and when the scale gives it a
 *  number, `ratingValue` with the scale's `bestRating` and `worstRating`. */
export function rating(scale: VerdictScale, verdict: string): JsonObject {
  const label = findVerdict(scale, verdict)
  const bounds = ratingBounds(scale)
  const numbers = label && label.value !== null && bounds ? { ratingValue: label.value, bestRating: bounds.best, worstRating: bounds.worst } : {}
  return { '@type': 'Rating', ...numbers, alternateName: label?.label ?? verdict.trim() }
}

/** The document a claim appears in, as a schema.org `CreativeWork`. */
function appearance(document: ArticleDocument): JsonObject {
  return {
    '@type': 'CreativeWork',
    ...(isWebAddress(document.url) ? { url: document.url } : {}),
    headline: document.title,
    ...(document.byline?.trim() ? { author: agent(document.byline) } : {}),
    ...(document.publishedTime?.trim() ? { datePublished: document.publishedTime.trim() } : {}),
    ...(document.siteName?.trim() ? { publisher: { '@type': 'Organization', name: document.siteName.trim() } } : {})
  }
}

function claimReview(claim: Annotation, document: ArticleDocument, project: Project, options: ExportOptions): JsonObject {
  const { publication, verdictScale } = project.settings
  const organisation = publication.organization.trim()
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: reviewUrl(publication, claim.id),
    claimReviewed: claim.quote.exact.replace(/\s+/g, ' ').trim(),
    datePublished: options.generatedAt.slice(0, 10),
    ...(organisation ? { author: { '@type': 'Organization', name: organisation, ...(isWebAddress(publication.organizationUrl) ? { url: publication.organizationUrl.trim() } : {}) } } : {}),
    reviewRating: rating(verdictScale, claim.verdict!),
    ...(claim.ruling.trim() ? { reviewBody: claim.ruling.trim() } : {}),
    itemReviewed: {
      '@type': 'Claim',
      ...(claim.claimant.trim() ? { author: agent(claim.claimant) } : {}),
      ...(claim.claimDate.trim() ? { datePublished: claim.claimDate.trim() } : {}),
      appearance: appearance(document)
    }
  }
}

/** One schema.org `ClaimReview` per claim with a verdict in the documents `exportedDocuments`
 *  selects, as Google's fact-check markup asks: the required `claimReviewed`, `reviewRating`
 *  (with `alternateName`, and the numbers of the project's scale when the verdict has one) and
 *  `url`; the recommended `author` (the organisation of Settings → Publication),
 *  `datePublished` (the day of the export) and `itemReviewed`, a `Claim` with the claimant as
 *  `author`, the claim date and the document it `appearance`s in; the ruling as `reviewBody`.
 *
 *  Without a review URL (an http or https address) no review can be valid, so none is returned
 *  and a warning says to fill it in; other gaps give warnings beside the reviews. Values are
 *  plain strings: escaping is the serialiser's work (`jsonLdScriptText` for HTML pages). Throws
 *  `RangeError` when `options.documentId` names no document of the project. */
export function toClaimReviews(project: Project, options: ExportOptions): ClaimReviewExport {
  const documents = exportedDocuments(project, options)
  const order = new Map(documents.map((d, i) => [d.id, i]))
  const claims = project.annotations
    .filter((a) => a.kind === 'claim' && a.verdict?.trim() && order.has(a.documentId))
    .sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)! || a.start - b.start)
  if (claims.length === 0) return { reviews: [], warnings: ['No claim has a verdict yet: ClaimReview covers rated claims only.'] }
  const { publication } = project.settings
  const count = claims.length === 1 ? 'The rated claim was' : `The ${claims.length} rated claims were`
  if (!isWebAddress(publication.reviewUrl.trim())) {
    const why = publication.reviewUrl.trim() ? `“${publication.reviewUrl.trim()}” is not an http or https address` : 'it is empty'
    return { reviews: [], warnings: [`${count} not exported: ClaimReview needs the address where the fact-check is published, and ${why}. Fill in “Fact-check web address” in Settings → Publication (or pass --review-url to factwork export).`] }
  }
  const warnings = publication.organization.trim() ? [] : ['The reviews name no author: fill in Organization in Settings → Publication.']
  const byId = new Map(documents.map((d) => [d.id, d]))
  return { reviews: claims.map((claim) => claimReview(claim, byId.get(claim.documentId)!, project, options)), warnings }
}
