import type { ExportFile, ExportFormat } from '../data/api'
import { toClaimReviews } from '../data/export/claimreview'
import { claimsCsv } from '../data/export/csv'
import { toHtml } from '../data/export/html'
import { toMarkdown } from '../data/export/markdown'
import { exportedDocuments, type ExportOptions } from '../data/export/options'
import { toW3C } from '../data/export/w3c'
import type { Project } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { writeBundle, type ExchangeHistory } from './bundle'

/** A file name made from a title: letters, digits and dashes only. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9\p{L}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return slug || 'project'
}

/** What an export needs from the host besides the project. */
export interface ExportContext {
  readonly options: ExportOptions
  /** Where originals and source attachments are kept, for bundles. */
  readonly attachmentsDir: string
  /** Remembers the versions a project was exchanged as, so a merge can be three-way. */
  readonly history?: ExchangeHistory
  /** Prints an HTML page to PDF; absent where no printer is at hand. */
  readonly printPdf?: (html: string) => Promise<Result<Uint8Array>>
}

const text = (fileName: string, mediaType: string, content: string, warnings: readonly string[] = []): ExportFile => ({
  fileName,
  mediaType,
  content,
  encoding: 'utf8',
  warnings: [...warnings]
})

const binary = (fileName: string, mediaType: string, bytes: Uint8Array, warnings: readonly string[] = []): ExportFile => ({
  fileName,
  mediaType,
  content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  encoding: 'base64',
  warnings: [...warnings]
})

/** The HTML page, with the W3C annotations and the ClaimReviews embedded as JSON-LD so that the
 *  page can be imported back without loss. */
function htmlPage(project: Project, options: ExportOptions): string {
  return toHtml(project, { ...options, jsonLd: [toW3C(project, options), toClaimReviews(project, options).reviews] })
}

/** Render a project (or the document `options.documentId`) in an export format. Fails with a
 *  sentence when the document is not in the project, when a PDF is asked for where nothing can
 *  print, or when a ClaimReview export would hold no review. */
export async function exportProject(project: Project, format: ExportFormat, context: ExportContext): Promise<Result<ExportFile>> {
  const { options } = context
  if (options.documentId !== undefined && !project.documents.some((d) => d.id === options.documentId)) {
    return fail('not-found', `Project “${project.title}” has no document with id ${options.documentId}.`)
  }
  const documents = exportedDocuments(project, options)
  const name = fileSlug(documents.length === 1 && project.documents.length > 1 ? documents[0]!.title : project.title)
  switch (format) {
    case 'text':
      return ok(text(`${name}.txt`, 'text/plain;charset=utf-8', documents.map((d) => d.text).join('\n\n\n') + '\n'))
    case 'html':
      return ok(text(`${name}.html`, 'text/html;charset=utf-8', htmlPage(project, options)))
    case 'pdf': {
      if (!context.printPdf) {
        return fail('unsupported', 'PDF export needs the desktop app, or Chrome or Chromium installed on this computer. Export the web page and print it from your browser instead.')
      }
      const pdf = await context.printPdf(htmlPage(project, options))
      return pdf.ok ? ok(binary(`${name}.pdf`, 'application/pdf', pdf.value)) : pdf
    }
    case 'docx': {
      // The Word writer is loaded when first needed: the command line starts without it.
      const { toDocx } = await import('./export/docx')
      return ok(binary(`${name}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await toDocx(project, options)))
    }
    case 'markdown':
      return ok(text(`${name}.md`, 'text/markdown;charset=utf-8', toMarkdown(project, options)))
    case 'w3c':
      return ok(text(`${name}.annotations.jsonld`, 'application/ld+json', JSON.stringify(toW3C(project, options), null, 2) + '\n'))
    case 'claimreview': {
      const { reviews, warnings } = toClaimReviews(project, options)
      if (reviews.length === 0) {
        return fail('bad-input', warnings.length ? warnings.join(' ') : `“${project.title}” has no claim with a verdict, so there is no ClaimReview to export.`)
      }
      return ok(text(`${name}.claimreview.jsonld`, 'application/ld+json', JSON.stringify(reviews, null, 2) + '\n', warnings))
    }
    case 'csv':
      return ok(text(`${name}.claims.csv`, 'text/csv;charset=utf-8', claimsCsv(project, options)))
    case 'bundle': {
      const bundle = await writeBundle(project, context.attachmentsDir, { version: options.version, now: options.generatedAt, history: context.history })
      const warnings = bundle.missing.map((m) => `${m.fileName} is not in the bundle: ${m.problem}`)
      return ok(binary(`${fileSlug(project.title)}.factwork`, 'application/vnd.factwork.bundle+zip', bundle.bytes, warnings))
    }
  }
}
