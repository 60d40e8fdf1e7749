import { applyChanges } from '../data/changes'
import { documentFromBlocks } from '../data/import'
import { parseAnnotations } from '../data/import/w3c'
import { describeImport, placeAnnotations } from '../data/import/placing'
import type { MergeConflict } from '../data/mergeReport'
import { describeMerge } from '../data/mergeReport'
import { newProject, type ArticleDocument, type Project } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { keepOriginal, sha256 } from './attachments'
import { importBundle, type ExchangeHistory } from './bundle'
import { decodeHtml, importBytes } from './importer'
import { inspectZip, BUNDLE_LIMITS } from './import/zip'
import type { ProjectStore } from './projectStore'

/** What importing a file did to the store. */
export interface ImportOutcome {
  readonly project: Project
  /** False when the file was a bundle of a project the store already had, merged into it. */
  readonly created: boolean
  /** Sentences for the person: what an import placed or could not place, what a merge did. */
  readonly notices: readonly string[]
  /** Items a merge found changed on both sides; the local version was kept for each. */
  readonly conflicts: readonly MergeConflict[]
}

/** What an import needs besides the file. */
export interface ImportContext {
  readonly store: ProjectStore
  readonly history: ExchangeHistory
  readonly now: () => string
  readonly newId: () => string
}

/** Whether a file is a Factwork bundle: a zip whose directory names `factwork.json`. Checked
 *  without inflating anything. */
function isBundle(bytes: Uint8Array): boolean {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return false
  const zip = inspectZip(bytes, BUNDLE_LIMITS)
  return zip.ok && zip.entries.some((e) => e.name === 'factwork.json')
}

/** Whether a file looks like a page Factwork exported: its head names Factwork as generator. */
function mayBeExportedPage(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096))
  return /<meta\s+name="generator"\s+content="Factwork[ "]/i.test(head)
}

/** Make a project from a page Factwork exported: its documents rebuilt from the page, then the
 *  W3C annotations the page embeds placed on them (ids kept, so later bundles of the same work
 *  merge), with sources, links, settings and orphans. */
async function importExportedPage(context: ImportContext, fileName: string, bytes: Uint8Array, title: string | undefined): Promise<Result<ImportOutcome> | null> {
  const { readExportedPage } = await import('./import/pageReader')
  const read = await readExportedPage(decodeHtml(bytes))
  if (!read.ok) return fail('bad-input', `${fileName} ${read.problem}.`)
  const page = read.page
  if (!page) return null
  if (page.documents.length === 0) return fail('bad-input', `${fileName} is a Factwork export without any document text.`)
  const at = context.now()
  const pageOriginal = { fileName, mediaType: 'text/html', size: bytes.byteLength, sha256: sha256(bytes), importedAt: at }
  const documents: ArticleDocument[] = []
  for (const exported of page.documents) {
    // A page's own ids are kept (annotations name their document by them) unless one is empty or
    // repeated, as only an edited page has them.
    const taken = exported.id === '' || documents.some((d) => d.id === exported.id)
    const made = documentFromBlocks({
      id: taken ? context.newId() : exported.id,
      fileName,
      format: exported.format ?? 'html',
      blocks: exported.blocks,
      headline: exported.title,
      meta: { ...exported.meta, dir: exported.meta.dir === 'auto' ? null : exported.meta.dir },
      original: exported.original ?? pageOriginal
    })
    if (!made.ok) return made
    documents.push(made.value)
  }
  const project: Project = { ...newProject(context.newId(), documents[0]!, at), documents, title: title?.trim() || page.title || documents[0]!.title }
  const notices = [...page.problems]
  let placed = project
  const annotations = page.jsonLd.map((item) => parseAnnotations(item, fileName)).find((r) => r.ok)
  if (annotations?.ok) {
    const { changes, report } = placeAnnotations(project, annotations.value, { documentId: null, now: at, newId: context.newId, origin: fileName })
    const applied = applyChanges(project, changes, at)
    if (!applied.ok) return fail('bad-input', `${fileName}: its annotations could not be restored (${applied.message})`)
    placed = { ...applied.value, revision: 0 }
    notices.push(describeImport(report, fileName))
  } else {
    notices.push(`${fileName} holds no annotations Factwork can read; its documents were imported.`)
  }
  await keepOriginal(context.store.layout.attachments, bytes)
  const created = await context.store.create(placed)
  return created.ok ? ok({ project: created.value, created: true, notices, conflicts: [] }) : created
}

/** Import a file as a project: a Factwork bundle (created, or merged into the project of the same
 *  id), a page Factwork exported (its documents and annotations), or an article in any format
 *  `importBytes` reads. A file named as a bundle is read as one, so a damaged bundle is refused
 *  with what is wrong with it rather than imported as an article of its bytes. Fails with a
 *  sentence naming the file; on failure nothing is stored. */
export async function importProjectFile(
  context: ImportContext,
  fileName: string,
  bytes: Uint8Array,
  extra: { readonly pasted?: boolean; readonly title?: string } = {}
): Promise<Result<ImportOutcome>> {
  if (isBundle(bytes) || /\.factwork$/i.test(fileName)) {
    const imported = await importBundle(context.store, context.history, fileName, bytes, { now: context.now() })
    if (!imported.ok) return imported
    const { project, created, report, missing } = imported.value
    const notices = [
      ...(created ? [`Opened “${project.title}” from ${fileName}.`] : report ? describeMerge(report) : []),
      ...missing.map((m) => `${m.fileName} was not in ${fileName}: ${m.problem}`)
    ]
    return ok({ project, created, notices, conflicts: report?.conflicts ?? [] })
  }
  if (!extra.pasted && mayBeExportedPage(bytes)) {
    const page = await importExportedPage(context, fileName, bytes, extra.title)
    if (page) return page
  }
  const at = context.now()
  const document = await importBytes(fileName, bytes, { documentId: context.newId(), now: at, ...extra })
  if (!document.ok) return document
  await keepOriginal(context.store.layout.attachments, bytes)
  const created = await context.store.create(newProject(context.newId(), document.value, at))
  return created.ok ? ok({ project: created.value, created: true, notices: [], conflicts: [] }) : created
}
