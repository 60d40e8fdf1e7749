import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { quoteAt } from '../../data/anchor'
import { ANNOTATION_DEFAULTS } from '../../data/project'
import { ProjectStore } from '../../main/projectStore'
import { seedSamples } from '../../main/samples'
import { createWorkbench } from '../../main/workbench'

const ROOT = resolve(__dirname, '..', '..')

describe('the workbench API', () => {
  let home: string
  let workbench: ReturnType<typeof createWorkbench>
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-wb-'))
    workbench = createWorkbench({ store: await ProjectStore.open(home), host: 'browser', version: 't' })
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  /** Import through the API and read back the whole project it made. */
  async function make(request: Parameters<typeof workbench.createProject>[0]) {
    const created = await workbench.createProject(request)
    if (!created.ok) throw new Error(created.message)
    expect(created.value.created).toBe(true)
    const got = await workbench.getProject({ id: created.value.project.id })
    if (!got.ok) throw new Error(got.message)
    return got.value
  }

  it('adds the example article on first launch, titled with its headline, only once', async () => {
    const importFile = (name: string, bytes: Uint8Array) => workbench.importFile(name, bytes)
    await seedSamples(home, ROOT, importFile)
    const listing = await workbench.listProjects({})
    expect(listing.ok && listing.value.projects.map((p) => p.title)).toEqual([
      'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?'
    ])
    const id = listing.ok ? listing.value.projects[0]!.id : ''
    await workbench.deleteProject({ id })
    await seedSamples(home, ROOT, importFile)
    const after = await workbench.listProjects({})
    expect(after.ok && after.value.projects).toEqual([])
  })

  it('makes a project from pasted text and keeps the original by its hash', async () => {
    const created = await make({ fileName: 'Pasted text', content: 'Minister: crime fell 20%\nShe said so on Monday.', encoding: 'utf8', pasted: true })
    expect(created.title).toBe('Minister: crime fell 20%')
    const doc = created.documents[0]!
    expect(doc.format).toBe('paste')
    expect(await readdir(join(home, 'attachments'))).toEqual([doc.original.sha256])
    expect(await readFile(join(home, 'attachments', doc.original.sha256), 'utf8')).toBe('Minister: crime fell 20%\nShe said so on Monday.')
  })

  it('saves annotation deltas, renames, deletes and restores', async () => {
    const p = await make({ fileName: 'a.txt', content: 'Headline\nThe trade is US$2.8 billion.', encoding: 'utf8' })
    const text = p.documents[0]!.text
    const start = text.indexOf('US$2.8 billion')
    const saved = await workbench.saveChanges({
      id: p.id,
      changes: [
        {
          op: 'addAnnotation',
          annotation: {
            ...ANNOTATION_DEFAULTS,
            tags: [],
            id: 'a1',
            documentId: p.documents[0]!.id,
            kind: 'claim',
            start,
            end: start + 14,
            quote: quoteAt(text, start, start + 14),
            note: '',
            createdAt: 'now',
            modifiedAt: 'now'
          }
        }
      ]
    })
    expect(saved.ok && saved.value.revision).toBe(1)
    const reopened = createWorkbench({ store: await ProjectStore.open(home), host: 'browser', version: 't' })
    const got = await reopened.getProject({ id: p.id })
    expect(got.ok && got.value.annotations.map((a) => a.quote.exact)).toEqual(['US$2.8 billion'])

    const renamed = await reopened.renameProject({ id: p.id, title: '  Trade figures  ' })
    expect(renamed.ok && renamed.value.title).toBe('Trade figures')
    expect((await reopened.deleteProject({ id: p.id })).ok).toBe(true)
    const restored = await reopened.restoreProject({ id: p.id })
    expect(restored.ok && restored.value).toMatchObject({ title: 'Trade figures', annotationCount: 1 })
  })

  it('names the file when an import is refused', async () => {
    const pdf = await workbench.createProject({ fileName: 'scan.txt', content: '%PDF-1.7 …', encoding: 'utf8' })
    expect(!pdf.ok && pdf.message).toMatch(/^scan\.txt is a damaged PDF/)
    const zip = await workbench.createProject({ fileName: 'report.docx', content: 'PK\u0003\u0004 not really', encoding: 'utf8' })
    expect(!zip.ok && zip.message).toBe('report.docx is not a complete zip archive (no central directory).')
    const empty = await workbench.createProject({ fileName: 'blank.md', content: '   \n', encoding: 'utf8' })
    expect(!empty.ok && empty.message).toBe('blank.md has no text to annotate.')
    expect((await workbench.listProjects({})).ok && (await readdir(join(home, 'projects')))).toEqual([])
  })

  it('reads a Windows-1252 file with its curly quotes, dashes and euro sign', async () => {
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x85])
    const created = await make({ fileName: 'old.txt', content: bytes.toString('base64'), encoding: 'base64' })
    expect(created.documents[0]!.text).toBe('Café “q” €5 – …')
  })

  it('says the dialogs need the desktop app when there are none', async () => {
    const result = await workbench.importWithDialog({})
    expect(!result.ok && result.code).toBe('unsupported')
  })
})
