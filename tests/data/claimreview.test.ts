import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toClaimReviews } from '../../data/export/claimreview'
import { jsonLdScriptText } from '../../data/export/jsonld'
import { newProject, type Project } from '../../data/project'
import { VERDICT_PRESETS } from '../../data/verdicts'
import { ARTICLE_URL, documentFrom, factCheck, now, passage } from '../fixtures/w3c/factcheck'

const options = { generatedAt: now, version: '0.1.0' }
type Node = Record<string, unknown>

const reviewsOf = (project: Project) => toClaimReviews(project, options).reviews as Node[]
const fixture = (name: string): Node => JSON.parse(readFileSync(new URL(`../fixtures/claimreview/${name}`, import.meta.url), 'utf8'))

/** A project over `text` with one claim per entry of `claims` ([quote, verdict]). */
function rated(text: string, claims: readonly (readonly [string, string])[], scale = VERDICT_PRESETS[0]!): Project {
  const document = documentFrom('d', 'a.txt', text)
  const base = newProject('p', document, now)
  return {
    ...base,
    annotations: claims.map(([quote, verdict], i) => passage(document, quote, `c${i}`, 'claim', { verdict })),
    settings: { ...base.settings, verdictScale: scale, publication: { organization: 'Example Fact Check', organizationUrl: '', reviewUrl: 'https://factcheck.example.org/r', author: '' } }
  }
}

describe('ClaimReview export', () => {
  it('writes one ClaimReview per rated claim, in reading order, with Google’s required and recommended fields', () => {
    const { reviews, warnings } = toClaimReviews(factCheck(), options)
    expect(warnings).toEqual([])
    expect(reviews.map((r) => (r.reviewRating as Node).alternateName)).toEqual(['True', 'Needs context', 'Mostly true', 'Half true', 'Not rated'])
    expect(reviews[2]).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://factcheck.example.org/reviews/pakistan-ally#claim-claim-trade',
      claimReviewed: 'The trade between these neighboring nations amounts to approximately US$2.8 billion',
      datePublished: '2026-02-03',
      author: { '@type': 'Organization', name: 'Example Fact Check', url: 'https://factcheck.example.org/' },
      reviewRating: { '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' },
      reviewBody: 'IMF figures put 2024 trade at US$2.6 billion; the rounding is generous but close.',
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'Gatestone Institute' },
        datePublished: '2026-01-08',
        appearance: {
          '@type': 'CreativeWork',
          url: ARTICLE_URL,
          headline: 'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?',
          author: { '@type': 'Organization', name: 'NationPress' },
          datePublished: '2026-01-08'
        }
      }
    })
  })

  it('gives labels without a number only their name, and claims in other scripts their text', () => {
    const reviews = reviewsOf(factCheck())
    expect(reviews[1]!.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Needs context' })
    expect(reviews[3]).toMatchObject({ claimReviewed: 'يبلغ نحو 2.8 مليار دولار أمريكي سنويا', itemReviewed: { author: { '@type': 'Person', name: 'التقرير' } } })
    expect(reviews[4]!.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Not rated' })
    expect((reviews[4]!.itemReviewed as Node).appearance).toEqual({ '@type': 'CreativeWork', headline: 'تقرير: باكستان وإيران' })
  })

  it('carries the numbers of each preset scale: the label’s value, the scale’s best and worst', () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf']
    const text = `${words.map((w) => `The ${w} figure is right.`).join(' ')}`
    const expected: Record<string, [string, number | null, number, number][]> = {
      Default: [['True', 5, 5, 1], ['Mostly true', 4, 5, 1], ['Half true', 3, 5, 1], ['Mostly false', 2, 5, 1], ['False', 1, 5, 1], ['Unverifiable', null, 5, 1], ['Not rated', null, 5, 1]],
      'PolitiFact-style': [['True', 6, 6, 1], ['Mostly true', 5, 6, 1], ['Half true', 4, 6, 1], ['Mostly false', 3, 6, 1], ['False', 2, 6, 1], ['Pants on fire', 1, 6, 1]],
      'Snopes-style': [['True', 5, 5, 1], ['Mostly true', 4, 5, 1], ['Mixture', 3, 5, 1], ['Mostly false', 2, 5, 1], ['False', 1, 5, 1], ['Unproven', null, 5, 1], ['Outdated', null, 5, 1]],
      'Newsroom-neutral': [['Accurate', 3, 3, 1], ['Misleading', 2, 3, 1], ['False', 1, 3, 1], ['Unverifiable', null, 3, 1], ['Not rated', null, 3, 1]]
    }
    for (const scale of VERDICT_PRESETS) {
      const claims = scale.labels.map((l, i) => [`The ${words[i]} figure is right.`, l.label.toUpperCase()] as const)
      const ratings = reviewsOf(rated(text, claims, scale)).map((r) => r.reviewRating as Node)
      expect(
        ratings.map((r) => [r.alternateName, r.ratingValue ?? null, r.bestRating ?? expected[scale.name]![0]![2], r.worstRating ?? expected[scale.name]![0]![3]]),
        scale.name
      ).toEqual(expected[scale.name])
      for (const r of ratings) if (r.ratingValue === undefined) expect(Object.keys(r)).toEqual(['@type', 'alternateName'])
    }
  })

  it('names a verdict no longer on the scale as it is, without numbers', () => {
    const [review] = reviewsOf(rated('The alpha figure is right.', [['The alpha figure is right.', 'Pants on fire']]))
    expect(review!.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Pants on fire' })
  })

  it('returns no review, and says which field to fill in, when there is no review URL', () => {
    const project = factCheck()
    const without = { ...project, settings: { ...project.settings, publication: { ...project.settings.publication, reviewUrl: '' } } }
    expect(toClaimReviews(without, options)).toEqual({
      reviews: [],
      warnings: ['The 5 rated claims were not exported: ClaimReview needs the address where the fact-check is published, and it is empty. Fill in “Fact-check web address” in Settings → Publication (or pass --review-url to factwork export).']
    })
    const relative = { ...project, settings: { ...project.settings, publication: { ...project.settings.publication, reviewUrl: 'factcheck.example.org/r' } } }
    expect(toClaimReviews(relative, options).warnings[0]).toContain('“factcheck.example.org/r” is not an http or https address')
  })

  it('warns when the organisation is missing, and when no claim is rated yet', () => {
    const project = factCheck()
    const anonymous = { ...project, settings: { ...project.settings, publication: { ...project.settings.publication, organization: '' } } }
    const { reviews, warnings } = toClaimReviews(anonymous, options)
    expect(reviews).toHaveLength(5)
    expect(reviews.every((r) => !('author' in r))).toBe(true)
    expect(warnings).toEqual(['The reviews name no author: fill in Organization in Settings → Publication.'])
    const unrated = { ...project, annotations: project.annotations.map((a) => ({ ...a, verdict: null })) }
    expect(toClaimReviews(unrated, options)).toEqual({ reviews: [], warnings: ['No claim has a verdict yet: ClaimReview covers rated claims only.'] })
  })

  it('keeps hostile text as it is in the values and escapes it where JSON-LD is embedded in a page', () => {
    const hostile = 'He said “2.8” & wrote </script><script>alert(1)</script>\u2028twice'
    const project = rated(`Intro. ${hostile} End.`, [[hostile, 'False']])
    const { reviews } = toClaimReviews({ ...project, annotations: project.annotations.map((a) => ({ ...a, ruling: '<b>Not</b> so' })) }, options)
    expect(reviews[0]).toMatchObject({ claimReviewed: hostile.replace('\u2028', ' '), reviewBody: '<b>Not</b> so' })
    const script = jsonLdScriptText(reviews)
    expect(script).not.toMatch(/[<>&\u2028\u2029]/)
    expect(script).toContain('\\u003c/script\\u003e')
    expect(JSON.parse(script)).toEqual(reviews)
  })

  it('has the shape of schema.org’s own ClaimReview examples', () => {
    const ours = reviewsOf(factCheck())[2]!
    const shape = (value: unknown): unknown =>
      Array.isArray(value) ? 'array' : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value
    for (const name of ['eg-0324-ClaimReview.jsonld', 'eg-0325-ClaimReview.jsonld']) {
      const example = fixture(name)
      // Every property the examples give a ClaimReview, besides images and links to profiles, has
      // the same type of value in ours.
      for (const key of ['@context', '@type', 'datePublished', 'url', 'claimReviewed', 'reviewBody']) {
        if (key in example) expect(typeof ours[key], `${name} ${key}`).toBe(typeof example[key])
      }
      expect(shape(ours.author)).toMatchObject({ '@type': shape((example.author as Node)['@type']) })
      const item = example.itemReviewed as Node
      expect(shape(ours.itemReviewed)).toMatchObject({ author: { '@type': 'string', name: shape((item.author as Node).name) }, datePublished: shape(item.datePublished) })
      expect(String((ours.itemReviewed as Node).datePublished)).toMatch(/^\d{4}-\d\d-\d\d$/)
      expect(String(ours.datePublished)).toMatch(new RegExp(`^${String(example.datePublished).replace(/\d/g, '\\d')}$`))
    }
    const rating = fixture('eg-0324-ClaimReview.jsonld').reviewRating as Node
    expect(shape(ours.reviewRating)).toMatchObject({ '@type': shape(rating['@type']), ratingValue: shape(rating.ratingValue), bestRating: shape(rating.bestRating), alternateName: shape(rating.alternateName) })
  })

  it('uses each ClaimReview property of the schema.org vocabulary on a type it belongs to', () => {
    const graph = (fixture('schemaorg-30.0-claimreview-subset.jsonld')['@graph'] as Node[]).map((n) => n as { '@id': string; 'schema:domainIncludes'?: unknown; 'rdfs:subClassOf'?: { '@id': string } })
    const parent = new Map(graph.flatMap((n) => (n['rdfs:subClassOf'] ? [[n['@id'], n['rdfs:subClassOf']['@id']]] : [])))
    const domains = new Map(
      graph.flatMap((n) => (n['schema:domainIncludes'] ? [[n['@id'], ([] as { '@id': string }[]).concat(n['schema:domainIncludes'] as never).map((d) => d['@id'])]] : []))
    )
    const lineage = (type: string): string[] => (parent.has(type) ? [type, ...lineage(parent.get(type)!)] : [type])
    const checked: string[] = []
    const walk = (node: Node) => {
      const type = `schema:${node['@type']}`
      for (const [key, value] of Object.entries(node)) {
        const allowed = domains.get(`schema:${key}`)
        if (allowed) {
          expect(lineage(type).some((t) => allowed.includes(t)), `${key} on ${type}`).toBe(true)
          checked.push(key)
        }
        if (value && typeof value === 'object' && !Array.isArray(value)) walk(value as Node)
      }
    }
    for (const review of reviewsOf(factCheck())) walk(review)
    expect([...new Set(checked)].sort()).toEqual(['appearance', 'author', 'bestRating', 'claimReviewed', 'itemReviewed', 'ratingValue', 'reviewBody', 'reviewRating', 'worstRating'])
  })
})
