import { describeLink } from '../links'
import type { Annotation, Project } from '../project'
import { findVerdict } from '../verdicts'
import { CHECK_WORTHINESS, CLAIM_STATUSES, CLAIM_TYPES, CONFIDENCES, RELIABILITIES, termLabel } from '../vocabulary'
import { exportedDocuments, type ExportOptions } from './options'
import { readingOrder } from './segments'

/** The columns of the claims CSV, in order. */
export const CLAIM_COLUMNS = [
  'Document',
  'Claim',
  'Claimant',
  'Claim date',
  'Claim type',
  'Status',
  'Verdict',
  'Rating value',
  'Ruling',
  'Confidence',
  'Check-worthiness',
  'Sources',
  'Evidence',
  'Tags',
  'Note',
  'Start',
  'End',
  'Id'
] as const

/** The claims of the exported documents as CSV (RFC 4180), one row per claim in reading order
 *  after a header row of `CLAIM_COLUMNS`: UTF-8 text starting with a byte order mark (so
 *  spreadsheets read it as UTF-8), lines ending in CRLF, fields holding a comma, a quote, CR or LF
 *  quoted with inner quotes doubled.
 *
 *  Vocabulary values are written as their labels ("Ready for review"). Sources lists the claim's
 *  linked sources, one per line, as "title (reliability; stance)"; Evidence the linked passages as
 *  "“quote” (stance)"; Tags the tag names separated by commas. Start and End are the claim's
 *  offsets in its document's plain text (UTF-16 code units, end exclusive).
 *
 *  Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` as a formula (and some strip a
 *  leading tab or CR first), so such a text cell gets a leading apostrophe, as OWASP advises
 *  against CSV injection: "-5 % growth" is written as "'-5 % growth". Numbers are written as they
 *  are. Throws `RangeError` when `documentId` names no document. */
export function claimsCsv(project: Project, options: ExportOptions): string {
  const documents = exportedDocuments(project, options)
  const titles = new Map(documents.map((d) => [d.id, d.title]))
  const claims = readingOrder(documents, project.annotations).filter((a) => a.kind === 'claim')
  const rows = claims.map((claim) => [
    text(titles.get(claim.documentId) ?? ''),
    text(claim.quote.exact),
    text(claim.claimant),
    text(claim.claimDate),
    text(termLabel(CLAIM_TYPES, claim.claimType)),
    text(termLabel(CLAIM_STATUSES, claim.status)),
    text(claim.verdict ?? ''),
    number(claim.verdict === null ? null : (findVerdict(project.settings.verdictScale, claim.verdict)?.value ?? null)),
    text(claim.ruling),
    text(termLabel(CONFIDENCES, claim.confidence)),
    text(termLabel(CHECK_WORTHINESS, claim.checkWorthiness)),
    text(linked(project, claim, 'source')),
    text(linked(project, claim, 'annotation')),
    text(claim.tags.map((id) => project.settings.tags.find((t) => t.id === id)?.name ?? id).join(', ')),
    text(claim.note),
    number(claim.start),
    number(claim.end),
    text(claim.id)
  ])
  return `\uFEFF${[CLAIM_COLUMNS.map(text), ...rows].map((row) => `${row.join(',')}\r\n`).join('')}`
}

/** A claim's links to sources or to passages, one per line. */
function linked(project: Project, claim: Annotation, type: 'source' | 'annotation'): string {
  return project.links
    .filter((l) => l.claimId === claim.id && l.target.type === type)
    .map((link) => {
      const view = describeLink(project, link)
      const stance = view.stance.toLowerCase()
      if (view.missing) return `${view.label} (${stance})`
      if (type === 'annotation') return `“${view.label}” (${stance})`
      const source = project.sources.find((s) => s.id === link.target.id)!
      const reliability = source.reliability ? termLabel(RELIABILITIES, source.reliability) : 'reliability not assessed'
      return `${source.title} (${reliability}; ${stance})`
    })
    .join('\n')
}

/** A text field: guarded against formulas, then quoted when it must be. */
function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function number(value: number | null): string {
  return value === null ? '' : String(value)
}
