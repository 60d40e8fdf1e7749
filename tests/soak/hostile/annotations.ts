import type { Random } from './random'
import { hostileString, obfuscatedUrl } from './vectors'

// Hostile annotation files: W3C Web Annotations (single, arrays, collections with pages, graphs)
// and Hypothesis API JSON, with hostile strings in every field, values of the wrong type, huge
// arrays, deep nesting, prototype-pollution keys and selectors out of range. Quotes are taken from
// the document they are placed on, so that many of them are placed and reach the page.

/** The document annotations are aimed at. */
export interface AnnotationTarget {
  readonly documentId: string
  readonly text: string
  readonly sha256: string
  readonly url: string | null
}

/** Written in place of a key, then replaced by `__proto__` in the JSON text: an object literal
 *  cannot hold an own `__proto__` key. */
const PROTO = '\u0000proto\u0000'

function wrongType(random: Random): unknown {
  return random.pick<unknown>([null, 0, -1, 1.5, 1e308, true, false, [], {}, [null], { length: 1e9 }, 'x', [1, 2, 3], { [PROTO]: { polluted: true } }, { toString: 'x', valueOf: 1 }])
}

/** The longest hostile string a file of many annotations gets: a few long ones make a file of
 *  forty annotations large; thousands would make it gigabytes. */
let cap = Infinity

function str(random: Random): string {
  return hostileString(random).slice(0, cap)
}

/** Sometimes a hostile value of any type, sometimes `value` as it should be. */
function maybe<T>(random: Random, value: T): unknown {
  const roll = random.next()
  if (roll < 0.55) return value
  if (roll < 0.85) return str(random)
  return wrongType(random)
}

function quote(random: Random, target: AnnotationTarget): { exact: string; prefix: string; suffix: string; start: number; end: number } {
  const text = target.text
  const start = random.int(Math.max(1, text.length - 40))
  const end = Math.min(text.length, start + random.between(3, 120))
  const exact = random.chance(0.85) ? text.slice(start, end) : str(random)
  return { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end }
}

function selector(random: Random, target: AnnotationTarget): unknown {
  const q = quote(random, target)
  const position = random.pick<[unknown, unknown]>([
    [q.start, q.end],
    [-5, 10],
    [q.end, q.start],
    [0, 1e15],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2],
    ['3', '9'],
    [1.5, 7.25],
    [null, undefined],
    [target.text.length, target.text.length + 10]
  ])
  const selectors: unknown[] = [
    { type: maybe(random, 'TextQuoteSelector'), exact: maybe(random, q.exact), prefix: maybe(random, q.prefix), suffix: maybe(random, q.suffix) },
    { type: 'TextPositionSelector', start: position[0], end: position[1] },
    { type: random.pick(['CssSelector', 'XPathSelector', 'FragmentSelector', 'RangeSelector', str(random)]), value: maybe(random, 'p:nth-child(2)') }
  ]
  if (random.chance(0.2)) {
    // A chain of refinements, sometimes very long.
    let chained: Record<string, unknown> = { type: 'TextQuoteSelector', exact: q.exact }
    for (let i = random.pick([3, 50, 400]); i > 0; i--) chained = { type: 'CssSelector', value: 'p', refinedBy: chained }
    selectors.push(chained)
  }
  return random.chance(0.5) ? selectors.filter(() => random.chance(0.7)) : random.pick(selectors)
}

function body(random: Random): unknown {
  const purpose = random.pick(['tagging', 'assessing', 'commenting', 'classifying', 'describing', 'linking', str(random), 42])
  const value = random.chance(0.3) ? random.pick(['claim', 'source', 'evidence', 'note', 'True', 'Mostly false', 'Pants on fire']) : str(random)
  return random.pick<unknown>([
    { type: 'TextualBody', purpose, value, format: random.pick(['text/plain', 'text/html', 'TEXT/HTML', str(random)]) },
    { type: 'TextualBody', purpose, value: wrongType(random) },
    { purpose, value, 'factwork:field': random.pick(['note', 'ruling', str(random)]) },
    { type: 'Choice', items: [{ type: 'TextualBody', purpose, value }, wrongType(random)] },
    { id: random.pick([obfuscatedUrl(random, false), 'https://example.org/evidence', str(random)]), type: 'SpecificResource', source: maybe(random, 'https://example.org/s') },
    str(random),
    wrongType(random)
  ])
}

function annotation(random: Random, target: AnnotationTarget, n: number): Record<string, unknown> {
  const sel = selector(random, target)
  const targets: unknown[] = [
    { source: maybe(random, target.url ?? `urn:factwork:document:${target.documentId}`), selector: sel, 'factwork:document': maybe(random, { id: target.documentId, sha256: target.sha256 }) },
    maybe(random, target.url ?? 'https://example.org/article'),
    { items: [{ source: target.url, selector: sel }] },
    { selector: sel }
  ]
  const a: Record<string, unknown> = {
    '@context': maybe(random, 'http://www.w3.org/ns/anno.jsonld'),
    id: random.pick<unknown>([`urn:example:a${n}`, `urn:factwork:annotation:${encodeURIComponent(str(random).slice(0, 100).replace(/\p{Cs}/gu, ""))}`, str(random), n, null, `https://hypothes.is/a/${n}`]),
    type: maybe(random, 'Annotation'),
    motivation: maybe(random, random.pick(['commenting', 'tagging', 'assessing', 'linking', ['linking', 'tagging']])),
    created: maybe(random, '2026-01-01T00:00:00Z'),
    modified: maybe(random, '2026-01-02T00:00:00Z'),
    creator: maybe(random, { name: 'Someone' }),
    body: random.chance(0.5) ? Array.from({ length: random.between(0, 5) }, () => body(random)) : body(random),
    target: random.chance(0.7) ? targets[0] : random.pick(targets)
  }
  if (random.chance(0.2)) a.bodyValue = maybe(random, 'a plain note')
  if (random.chance(0.15)) {
    // Factwork's own record, mostly valid, with hostile strings in its free-text fields.
    const q = quote(random, target)
    a['factwork:annotation'] = {
      id: maybe(random, `rec-${n}`),
      documentId: target.documentId,
      kind: maybe(random, random.pick(['claim', 'source', 'evidence', 'note'])),
      start: maybe(random, q.start),
      end: maybe(random, q.end),
      quote: { exact: q.exact, prefix: q.prefix, suffix: q.suffix },
      note: str(random),
      confidence: null,
      tags: maybe(random, []),
      claimant: str(random),
      claimDate: str(random),
      claimType: null,
      status: 'to-check',
      verdict: maybe(random, str(random)),
      ruling: str(random),
      checkWorthiness: null,
      sourceId: maybe(random, null),
      credibility: null,
      createdAt: maybe(random, '2026-01-01T00:00:00Z'),
      modifiedAt: '2026-01-01T00:00:00Z'
    }
  }
  if (random.chance(0.1)) a[PROTO] = random.pick<unknown>([{ polluted: true }, { type: 'Annotation', target: 'x' }, null])
  if (random.chance(0.1)) Object.assign(a, JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'))
  if (random.chance(0.1)) {
    const key = random.pick(Object.keys(a))
    a[key] = wrongType(random)
  }
  return a
}

function hypothesis(random: Random, target: AnnotationTarget, n: number): Record<string, unknown> {
  return {
    id: maybe(random, `h${n}`),
    uri: maybe(random, target.url ?? 'https://example.org/article'),
    text: maybe(random, str(random)),
    tags: random.chance(0.7) ? Array.from({ length: random.between(0, 4) }, () => maybe(random, random.pick(['claim', 'evidence', str(random)]))) : wrongType(random),
    created: maybe(random, '2026-01-01T00:00:00Z'),
    updated: maybe(random, '2026-01-01T00:00:00Z'),
    references: random.chance(0.1) ? ['h0'] : undefined,
    target: random.chance(0.9) ? [{ source: target.url, selector: selector(random, target) }] : wrongType(random),
    ...(random.chance(0.1) ? { [PROTO]: { polluted: true } } : {})
  }
}

/** Nesting deep enough to overflow a recursive walker. */
function deepJson(random: Random, inner: string): string {
  const depth = random.pick([100, 2000, 10_000, 50_000])
  switch (random.int(4)) {
    case 0:
      return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    case 1:
      return `${'{"type":"AnnotationPage","items":['.repeat(depth)}${inner}${']}'.repeat(depth)}`
    case 2:
      return `{"type":"AnnotationCollection","first":${'{"type":"AnnotationPage","items":[],"next":'.repeat(depth)}{"items":[${inner}]}${'}'.repeat(depth)}}`
    default:
      return `{"type":"Annotation","body":"x","target":{"source":"https://example.org","selector":${'{"type":"CssSelector","value":"p","refinedBy":'.repeat(depth)}{"type":"TextQuoteSelector","exact":"x"}${'}'.repeat(depth)}}}`
  }
}

/** An annotation file's text aimed at `target`. `factworkExport` is a real W3C export of a
 *  hostile project, to be damaged, when the caller has one. */
export function hostileAnnotationFile(random: Random, target: AnnotationTarget, factworkExport: unknown | null): string {
  const count = random.pick([1, 1, 3, 10, 40, 200, random.pick([2000, 5000])])
  cap = count > 40 ? 200 : Infinity
  const items = () => Array.from({ length: count }, (_, n) => (random.chance(0.8) ? annotation(random, target, n) : hypothesis(random, target, n)))
  let value: unknown
  switch (random.int(8)) {
    case 0:
      value = annotation(random, target, 0)
      break
    case 1:
      value = items()
      break
    case 2:
      value = { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: maybe(random, count), first: { type: 'AnnotationPage', items: items(), next: random.chance(0.3) ? { type: 'AnnotationPage', items: items() } : maybe(random, null) } }
      break
    case 3:
      value = { total: maybe(random, count), rows: Array.from({ length: count }, (_, n) => hypothesis(random, target, n)) }
      break
    case 4:
      value = { '@context': 'https://schema.org', '@graph': items() }
      break
    case 5:
      value = factworkExport ?? items()
      break
    case 6:
      value = wrongType(random)
      break
    default:
      return deepJson(random, JSON.stringify(annotation(random, target, 0)))
  }
  let text = JSON.stringify(value, (_key, v: unknown) => (v === undefined ? undefined : v)) ?? 'null'
  text = text.split(JSON.stringify(PROTO)).join('"__proto__"')
  if (factworkExport && value === factworkExport && random.chance(0.7)) {
    // Damage the export: swap in hostile strings for some values, keep it JSON.
    text = text.replace(/"(note|ruling|claimant|verdict|title|name|value|exact|url)":"[^"]*"/g, (whole, key: string) => (random.chance(0.3) ? `"${key}":${JSON.stringify(str(random))}` : whole))
  }
  if (random.chance(0.05)) text = text.slice(0, random.int(text.length))
  if (random.chance(0.05)) text = `\ufeff${text}`
  return text
}
