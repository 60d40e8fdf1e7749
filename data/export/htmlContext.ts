import type { Annotation, ArticleDocument, Project, SourceRecord } from '../project'
import { findVerdict } from '../verdicts'
import { RELIABILITIES, termLabel, type Reliability } from '../vocabulary'
import { h, type Html } from './htmlMarkup'

/** What every part of an HTML export needs to know: the project, the documents exported, their
 *  annotations in reading order with their numbers, and which sources the page lists. */
export interface HtmlContext {
  readonly project: Project
  readonly documents: readonly ArticleDocument[]
  /** The exported documents' annotations in reading order. */
  readonly annotations: readonly Annotation[]
  /** The number of each exported annotation, from 1, by id. */
  readonly numbers: ReadonlyMap<string, number>
  /** Ids of the annotations drawn in an article, which therefore have a mark to return to. */
  readonly drawn: ReadonlySet<string>
  /** The sources the page lists, each with its number, by id. */
  readonly sources: ReadonlyMap<string, { readonly source: SourceRecord; readonly number: number }>
}

/** Element ids. Numbers, never a project's own ids, so any id is a valid fragment. */
export const anchorOf = {
  entry: (n: number) => `fw-a${n}`,
  mark: (n: number) => `fw-r${n}`,
  text: (n: number) => `fw-t${n}`,
  source: (n: number) => `fw-s${n}`,
  document: (n: number) => `fw-d${n}`
}

/** The class that colours a verdict: its place on the project's scale, or `fw-v-off` for a
 *  verdict no longer on it. */
export function verdictClass(project: Project, verdict: string): string {
  const label = findVerdict(project.settings.verdictScale, verdict)
  return label ? `fw-v-${project.settings.verdictScale.labels.indexOf(label)}` : 'fw-v-off'
}

/** A verdict as a coloured badge, with a word when it is not on the project's scale. */
export function verdictBadge(project: Project, verdict: string | null): Html | null {
  if (verdict === null) return null
  const onScale = findVerdict(project.settings.verdictScale, verdict) !== undefined
  return h(
    'span',
    { class: `fw-badge ${verdictClass(project, verdict)}`, title: onScale ? null : 'Not on the project’s verdict scale' },
    verdict,
    onScale ? null : ' (not on the scale)'
  )
}

/** A reliability as its letter and its words: "B — Usually reliable". */
export function reliabilityBadge(reliability: Reliability | null): Html {
  if (reliability === null) return h('span', { class: 'fw-reliability fw-rel-none' }, 'Reliability not assessed')
  const words = termLabel(RELIABILITIES, reliability).replace(/^[A-F] — /, '')
  return h('span', { class: `fw-reliability fw-rel-${reliability}` }, h('span', { class: 'fw-rel-letter' }, reliability), ' ', words)
}

/** A link to an exported annotation's entry, by its number; plain text when it is not exported. */
export function annotationRef(context: HtmlContext, annotation: Annotation): Html {
  const n = context.numbers.get(annotation.id)
  return n === undefined ? h('span', { class: 'fw-num fw-num-off' }, '–') : h('a', { class: `fw-num fw-num-${annotation.kind}`, href: `#${anchorOf.entry(n)}` }, n)
}

/** The `href` for an address a person may follow: http(s) and mailto only, with the characters
 *  a URL may not hold (spaces, quotes, angle brackets, a second `#` …) percent-encoded, as a
 *  browser would send them; other characters, non-Latin letters too, are kept. Null for anything
 *  else. */
export function hrefOf(url: string): string | null {
  const trimmed = url.trim()
  if (!/^(https?:\/\/[^\s/]|mailto:\S)/i.test(trimmed)) return null
  const hash = trimmed.indexOf('#')
  const [main, fragment] = hash < 0 ? [trimmed, ''] : [trimmed.slice(0, hash), trimmed.slice(hash + 1).replace(/#/g, '%23')]
  const encode = (part: string) => part.replace(/%(?![0-9A-Fa-f]{2})|[\s"<>\\^`{|}[\]\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}]/gu, (c) => encodeURIComponent(c))
  try {
    return hash < 0 ? encode(main) : `${encode(main)}#${encode(fragment)}`
  } catch {
    // An unpaired surrogate cannot be encoded: not an address.
    return null
  }
}

/** An address shown as text and, when it is a web or mail address, as a link too. */
export function address(url: string): Html {
  const href = hrefOf(url)
  return href ? h('a', { class: 'fw-url', href, rel: 'noreferrer' }, url) : h('span', { class: 'fw-url' }, url)
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** An ISO 8601 time as "1 March 2026, 14:05 UTC", the same wherever the page is made; anything
 *  else as it is. */
export function humanTime(iso: string): string {
  const time = Date.parse(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(time)) return iso
  const d = new Date(time)
  const hh = String(d.getUTCHours()).padStart(2, '0')
  const mm = String(d.getUTCMinutes()).padStart(2, '0')
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`
}

/** A byte count as "12.3 KB (12,345 bytes)". */
export function humanSize(bytes: number): string {
  const exact = `${String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} bytes`
  if (bytes < 1024) return exact
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB']
  return `${value.toFixed(1)} ${unit} (${exact})`
}

/** A passage shortened to about `max` characters, cut at a word. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** A language tag fit for a `lang` attribute (BCP 47 shape), or null. Other values are shown as
 *  text but never written into an attribute the validator would reject. */
export function languageTag(lang: string | undefined): string | null {
  return lang && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : null
}
