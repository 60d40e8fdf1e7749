import mammoth from 'mammoth'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Annotation, Project } from '../../data/project'
import { keepOriginal } from '../../main/attachments'
import { importBytes } from '../../main/importer'
import { ProjectStore } from '../../main/projectStore'
import { articleText, factCheck, readText } from '../fixtures/w3c/factcheck'
import { factwork } from './cli'

/** A fresh data folder holding `project` as a person would have made it, originals included. */
async function storeWith(project: Project): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'factwork-share-'))
  const store = await ProjectStore.open(home)
  const created = await store.create(project)
  if (!created.ok) throw new Error(created.message)
  for (const text of [articleText(), readText('../gatestone-report.md'), readText('./multilingual.txt')]) {
    await keepOriginal(store.layout.attachments, new TextEncoder().encode(text))
  }
  await store.close()
  return home
}

async function show(home: string, id: string): Promise<Project> {
  const shown = await factwork(home, 'show', id, '--json')
  expect(shown.code, shown.stderr).toBe(0)
  return JSON.parse(shown.stdout) as Project
}

/** The fields a person set on an annotation: everything but where the project keeps it. */
const fieldsOf = ({ id: _id, documentId: _doc, ...rest }: Annotation) => rest
const byQuote = (annotations: readonly Annotation[]) => [...annotations].sort((a, b) => a.quote.exact.localeCompare(b.quote.exact) || a.start - b.start)

describe('sharing a fact-check from the command line', () => {
  const original = factCheck()
  const homes: string[] = []
  let home: string
  let out: string

  beforeAll(async () => {
    home = await storeWith(original)
    out = await mkdtemp(join(tmpdir(), 'factwork-share-out-'))
    homes.push(home, out)
  })

  afterAll(async () => {
    for (const dir of homes) await rm(dir, { recursive: true, force: true })
  })

  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'factwork-share-fresh-'))
    homes.push(dir)
    return dir
  }

  const exported = async (format: string, ...extra: string[]) => {
    const file = join(out, `${format}-${extra.length}.out`)
    const result = await factwork(home, 'export', original.id, '--format', format, '--out', file, ...extra)
    expect(result.code, result.stderr).toBe(0)
    return file
  }

  it('exports a self-contained HTML page that runs no script and embeds its annotations as JSON-LD', async () => {
    const html = await readFile(await exported('html'), 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/i)
    expect(html).toContain('http-equiv="Content-Security-Policy"')
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toBe('<script type="application/ld+json">')
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\/(?!www\.gatestoneinstitute\.org|data\.imf\.org|factcheck\.example\.org|www\.nationpress\.com)/)
    expect(html).toContain('IMF figures put 2024 trade at US$2.6 billion')
  })

  it('exports a PDF of that page whose text holds the article and the claims table', async () => {
    const bytes = new Uint8Array(await readFile(await exported('pdf')))
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
    const read = await importBytes('export.pdf', bytes, { documentId: 'd', now: 'now' })
    if (!read.ok) throw new Error(read.message)
    const text = read.value.text.replace(/\s+/g, ' ')
    expect(text).toContain('Pakistan has never acknowledged Israel')
    expect(text).toContain('IMF figures put 2024 trade at US$2.6 billion')
    expect(text).toMatch(/Claims/)
  })

  it('exports a Word file with one native comment per annotation, read back by mammoth', async () => {
    const buffer = await readFile(await exported('docx'))
    const html = (await mammoth.convertToHtml({ buffer }, { styleMap: ['comment-reference => sup'] })).value
    const comments = html.match(/<dt id="comment-\d+">/g) ?? []
    expect(comments).toHaveLength(original.annotations.length)
    expect(html).toContain('Mostly true')
    expect(html).toContain('Gatestone Institute report')
  })

  it('exports Markdown with footnotes, claims as CSV, and ClaimReview for every rated claim', async () => {
    const markdown = await readFile(await exported('markdown'), 'utf8')
    expect(markdown).toContain('[^1]')
    expect(markdown).toMatch(/^\[\^1\]: /m)
    const csv = await readFile(await exported('csv'), 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv).toContain('\r\n')
    const reviews = JSON.parse(await readFile(await exported('claimreview'), 'utf8')) as { '@type': string; url: string; reviewRating: { alternateName: string } }[]
    const rated = original.annotations.filter((a) => a.kind === 'claim' && a.verdict)
    expect(reviews.map((r) => r.reviewRating.alternateName).sort()).toEqual(rated.map((a) => a.verdict).sort())
    for (const r of reviews) expect(r.url).toMatch(/^https:\/\/factcheck\.example\.org\/reviews\/pakistan-ally/)
    const elsewhere = JSON.parse(await readFile(await exported('claimreview', '--review-url', 'https://desk.example/check'), 'utf8')) as { url: string }[]
    for (const r of elsewhere) expect(r.url).toMatch(/^https:\/\/desk\.example\/check#/)
  })

  it('opens a bundle in a fresh store as the same project, originals byte for byte', async () => {
    const bundle = await exported('bundle')
    const other = await fresh()
    const imported = await factwork(other, 'import', bundle, '--json')
    expect(imported.code, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ id: original.id, created: true })
    expect(await show(other, original.id)).toEqual(await show(home, original.id))
    const sha = original.documents[0]!.original.sha256
    expect(await readFile(join(other, 'attachments', sha), 'utf8')).toBe(articleText())
  })

  it('brings back the same annotations, sources and links from an exported HTML page', async () => {
    const page = await exported('html')
    const other = await fresh()
    const imported = await factwork(other, 'import', page, '--json')
    expect(imported.code, imported.stderr).toBe(0)
    const back = await show(other, JSON.parse(imported.stdout).id)
    expect(back.documents.map((d) => d.text)).toEqual(original.documents.map((d) => d.text))
    expect(byQuote(back.annotations).map(fieldsOf)).toEqual(byQuote(original.annotations).map(fieldsOf))
    expect(back.sources).toEqual(original.sources)
    expect(back.links).toEqual(original.links)
    expect(back.orphans.map((o) => o.quote.exact)).toEqual(original.orphans.map((o) => o.quote.exact))
  })

  it('places exported W3C annotations on a fresh copy of the article, with every field', async () => {
    const w3c = await exported('w3c', '--document', 'doc-article')
    const other = await fresh()
    const articleFile = join(out, 'pakistan-mnna-nationpress.txt')
    await writeFile(articleFile, articleText())
    const imported = await factwork(other, 'import', articleFile, '--json')
    const copy = JSON.parse(imported.stdout) as { id: string }
    const placed = await factwork(other, 'annotations', 'import', copy.id, w3c)
    expect(placed.code, placed.stderr).toBe(0)
    expect(placed.stdout).toMatch(/^w3c-\d\.out: 6 annotations placed/)
    const back = await show(other, copy.id)
    const expected = original.annotations.filter((a) => a.documentId === 'doc-article')
    expect(byQuote(back.annotations).map(fieldsOf)).toEqual(byQuote(expected).map(fieldsOf))
    // Importing the same file again adds nothing.
    const again = await factwork(other, 'annotations', 'import', copy.id, w3c)
    expect(again.stdout).toContain('0 annotations placed')
    expect((await show(other, copy.id)).annotations).toHaveLength(expected.length)
  })

  it('merges a colleague’s bundle: their new work comes in, a claim both changed keeps mine until I take theirs', async () => {
    // The colleague opens my bundle, then both of us change the same claim's verdict.
    const colleague = await fresh()
    await factwork(colleague, 'import', await exported('bundle'))
    const edit = async (dir: string, verdict: string) => {
      const store = await ProjectStore.open(dir)
      const saved = await store.update(original.id, (p) => ({
        ok: true,
        value: { ...p, annotations: p.annotations.map((a) => (a.id === 'claim-never' ? { ...a, verdict, modifiedAt: new Date().toISOString() } : a)) }
      }))
      if (!saved.ok) throw new Error(saved.message)
      await store.close()
    }
    await edit(colleague, 'Mostly true')
    await edit(home, 'Half true')
    const theirs = join(out, 'theirs.factwork')
    expect((await factwork(colleague, 'export', original.id, '--format', 'bundle', '--out', theirs)).code).toBe(0)

    const merged = await factwork(home, 'import', theirs)
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stdout).toContain(`Merged theirs.factwork into "${original.title}"`)
    expect(merged.stdout).toMatch(/1 conflict\(s\) kept your version/)
    expect((await show(home, original.id)).annotations.find((a) => a.id === 'claim-never')!.verdict).toBe('Half true')

    const taken = await factwork(home, 'import', theirs, '--prefer', 'theirs')
    expect(taken.code, taken.stderr).toBe(0)
    expect((await show(home, original.id)).annotations.find((a) => a.id === 'claim-never')!.verdict).toBe('Mostly true')
  })

  it('names what is wrong with a bad request', async () => {
    const unknown = await factwork(home, 'export', original.id, '--format', 'odt', '--out', join(out, 'x'))
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('"odt" is not an export format')
    const noDoc = await factwork(home, 'export', original.id, '--format', 'html', '--out', join(out, 'x'), '--document', 'nope')
    expect(noDoc.code).toBe(1)
    expect(noDoc.stderr).toContain('has no document with id nope')
    const notJson = join(out, 'notes.json')
    await writeFile(notJson, 'these are not annotations')
    const bad = await factwork(home, 'annotations', 'import', original.id, notJson)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/notes\.json/)
  })
})
