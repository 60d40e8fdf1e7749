import { quoteAt } from '../../../data/anchor'
import { layout, type Block, type Inline } from '../../../data/document'
import { textToBlocks } from '../../../data/import/text'
import { ANNOTATION_DEFAULTS, newProject, type Annotation, type Link, type Orphan, type Project, type SourceRecord, type Tag } from '../../../data/project'
import { DEFAULT_SCALE } from '../../../data/verdicts'
import { PROSE } from './html'
import type { Random } from './random'
import { hostileString, obfuscatedUrl, SENTINEL } from './vectors'

// Projects that pass the project schema yet carry hostile strings in every free-text field, links
// to script addresses in their blocks, and (sometimes) parts that do not fit together: what a
// colleague's bundle, or a page Factwork exported and someone edited, could hold.

const NOW = '2026-01-01T00:00:00.000Z'

/** A string fit for a field with a length limit. */
function capped(random: Random, max: number): string {
  const s = hostileString(random).slice(0, max).trim()
  return s || 'x'
}

function hostileInline(random: Random): Inline {
  const text = random.chance(0.5) ? random.pick(PROSE) : hostileString(random).slice(0, 2000) || 'x'
  const href = random.chance(0.6) ? random.pick([obfuscatedUrl(random, false), `javascript:${SENTINEL}`, 'https://example.org/ok', hostileString(random)]) : undefined
  const marks = random.chance(0.3) ? random.several<'em' | 'strong' | 'code'>(['em', 'strong', 'code'], random.between(1, 2)) : undefined
  return { text, ...(marks ? { marks } : {}), ...(href !== undefined ? { href } : {}) }
}

function hostileBlocks(random: Random): Block[] {
  const base = textToBlocks(random.several(PROSE, random.between(3, 8)).join('\n\n')).blocks
  const extra: Block[] = []
  for (let n = random.between(1, 5); n > 0; n--) {
    const content = Array.from({ length: random.between(1, 4) }, () => hostileInline(random))
    extra.push(
      random.pick<Block>([
        { type: 'paragraph', content },
        { type: 'heading', level: random.between(1, 6), content },
        { type: 'code', content },
        { type: 'quote', blocks: [{ type: 'paragraph', content }] },
        { type: 'list', ordered: random.chance(0.5), items: [[{ type: 'paragraph', content }]] }
      ])
    )
  }
  const blocks = [...base]
  for (const block of extra) blocks.splice(random.int(blocks.length + 1), 0, block)
  return blocks
}

/** A project whose every free-text field may be hostile. With `inconsistent`, parts that the
 *  schema cannot check do not fit together: annotation offsets outside the text, a text that is
 *  not the blocks' text, annotations of a document that is not there, repeated ids. */
export function hostileProject(random: Random, id: string, inconsistent = false): Project {
  const blocks = hostileBlocks(random)
  const text = layout(blocks).text
  const document = {
    id: random.chance(0.8) ? 'doc-1' : capped(random, 100),
    title: capped(random, 300),
    format: random.pick(['text', 'markdown', 'html', 'docx', 'pdf', 'paste'] as const),
    blocks,
    text,
    original: { fileName: capped(random, 500), mediaType: capped(random, 100), size: random.int(1e9), sha256: 'a'.repeat(64), importedAt: random.chance(0.5) ? NOW : capped(random, 100) },
    ...(random.chance(0.5) ? { lang: capped(random, 40) } : {}),
    ...(random.chance(0.3) ? { dir: random.pick(['ltr', 'rtl', 'auto'] as const) } : {}),
    ...(random.chance(0.5) ? { byline: capped(random, 300) } : {}),
    ...(random.chance(0.5) ? { siteName: capped(random, 300) } : {}),
    ...(random.chance(0.5) ? { publishedTime: capped(random, 100) } : {}),
    ...(random.chance(0.6) ? { url: random.pick([obfuscatedUrl(random, false), capped(random, 300), 'https://example.org/story']) } : {})
  }
  const tags: Tag[] = Array.from({ length: random.between(0, 4) }, (_, i) => ({ id: `t${i}`, name: capped(random, 60), color: '#123456' }))
  const labels = DEFAULT_SCALE.labels.map((l) => (random.chance(0.3) ? { ...l, label: capped(random, 80) } : l))
  const sources: SourceRecord[] = Array.from({ length: random.between(0, 3) }, (_, i) => ({
    id: `s${i}`,
    title: capped(random, 300),
    url: random.pick([obfuscatedUrl(random, false), hostileString(random), 'https://example.org/source']),
    publisher: hostileString(random),
    author: hostileString(random),
    date: hostileString(random),
    accessed: hostileString(random),
    origin: null,
    reliability: random.pick([null, 'A', 'F'] as const),
    notes: hostileString(random),
    attachment: random.chance(0.3) ? { fileName: capped(random, 300), mediaType: capped(random, 100), size: 3, sha256: 'b'.repeat(64), attachedAt: NOW } : null,
    createdAt: NOW,
    modifiedAt: NOW
  }))
  const annotations: Annotation[] = []
  for (let i = random.between(0, 12); i > 0 && text.length > 2; i--) {
    const start = random.int(text.length - 1)
    const end = Math.min(text.length, start + random.between(1, 80))
    const kind = random.pick(['claim', 'source', 'evidence', 'note'] as const)
    annotations.push({
      ...ANNOTATION_DEFAULTS,
      id: `a${i}`,
      documentId: document.id,
      kind,
      start,
      end,
      quote: quoteAt(text, start, end),
      note: hostileString(random),
      tags: tags.length && random.chance(0.5) ? [random.pick(tags).id] : random.chance(0.1) ? [capped(random, 40)] : [],
      claimant: hostileString(random),
      claimDate: hostileString(random),
      verdict: random.chance(0.5) ? random.pick([...labels.map((l) => l.label), hostileString(random)]) : null,
      ruling: hostileString(random),
      sourceId: sources.length && kind === 'source' ? random.pick(sources).id : null,
      createdAt: random.chance(0.8) ? NOW : capped(random, 60),
      modifiedAt: NOW
    })
  }
  const claims = annotations.filter((a) => a.kind === 'claim')
  const links: Link[] = claims.flatMap((claim, i) =>
    sources.length || annotations.length > 1
      ? [
          {
            id: `l${i}`,
            claimId: claim.id,
            target: sources.length && random.chance(0.5) ? { type: 'source' as const, id: random.pick(sources).id } : { type: 'annotation' as const, id: random.pick(annotations.filter((a) => a !== claim).concat(claim)).id },
            stance: random.pick(['supports', 'refutes', 'context'] as const),
            note: hostileString(random),
            createdAt: NOW,
            modifiedAt: NOW
          }
        ]
      : []
  )
  const orphans: Orphan[] = Array.from({ length: random.between(0, 2) }, (_, i) => ({
    ...ANNOTATION_DEFAULTS,
    id: `o${i}`,
    documentId: document.id,
    kind: 'note' as const,
    start: null,
    end: null,
    quote: { exact: capped(random, 500), prefix: hostileString(random).slice(0, 50), suffix: '' },
    note: hostileString(random),
    reason: hostileString(random),
    origin: hostileString(random),
    createdAt: NOW,
    modifiedAt: NOW
  }))
  let project: Project = {
    ...newProject(id, document, NOW),
    title: capped(random, 300),
    annotations,
    sources,
    links,
    orphans,
    settings: {
      verdictScale: { name: capped(random, 80), labels: labels.filter((l, i, all) => all.findIndex((m) => m.label.trim().toLowerCase() === l.label.trim().toLowerCase()) === i) },
      tags,
      publication: {
        organization: capped(random, 200),
        organizationUrl: random.pick([obfuscatedUrl(random, false), 'https://example.org/', capped(random, 200)]),
        reviewUrl: random.pick([obfuscatedUrl(random, false), capped(random, 200)]),
        author: capped(random, 200)
      }
    }
  }
  if (inconsistent) {
    const [first] = project.documents
    switch (random.int(6)) {
      case 0:
        project = { ...project, annotations: [...annotations, { ...(annotations[0] ?? { ...ANNOTATION_DEFAULTS, id: 'z', documentId: first!.id, kind: 'claim', quote: { exact: 'x', prefix: '', suffix: '' }, createdAt: NOW, modifiedAt: NOW, tags: [] }), start: text.length + 5, end: text.length + 50 } as Annotation] }
        break
      case 1:
        project = { ...project, documents: [{ ...first!, text: `${text}${hostileString(random)}` }] }
        break
      case 2:
        project = { ...project, documents: [{ ...first!, text: text.slice(0, Math.floor(text.length / 2)) }] }
        break
      case 3:
        project = { ...project, annotations: annotations.map((a) => ({ ...a, documentId: 'not-here' })) }
        break
      case 4:
        project = { ...project, annotations: [...annotations, ...annotations], links: [...links, ...links] }
        break
      default:
        project = { ...project, documents: [first!, first!] }
    }
  }
  return project
}
