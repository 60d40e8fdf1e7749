import { layout, type Block } from '../document'
import type { ArticleDocument, DocumentFormat, Original } from '../project'
import { fail, ok, type Result } from '../result'
import { markdownToBlocks } from './markdown'
import { textToBlocks } from './text'

/** What an importer needs to make a document: the decoded text and the facts about its original. */
export interface ImportInput {
  readonly id: string
  readonly fileName: string
  readonly format: DocumentFormat
  readonly text: string
  readonly original: Original
  /** A title chosen by the person, which wins over the headline. */
  readonly title?: string
}

/** The file name without its folder and extension, for a document that has no headline. */
export function baseTitle(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  return base.replace(/\.[^.]+$/, '') || 'Untitled'
}

/** What a document says of itself besides its text. */
export interface DocumentMeta {
  readonly lang?: string | null
  readonly dir?: 'ltr' | 'rtl' | null
  readonly byline?: string | null
  readonly siteName?: string | null
  readonly publishedTime?: string | null
  readonly url?: string | null
}

/** Build a document from blocks an importer made. Fails when there is no text to annotate. The
 *  title is the person's choice, else the headline, else the file name. */
export function documentFromBlocks(
  input: Omit<ImportInput, 'text'> & { readonly blocks: readonly Block[]; readonly headline: string | null; readonly meta?: DocumentMeta }
): Result<ArticleDocument> {
  const laid = layout(input.blocks)
  if (laid.text.trim().length === 0) {
    return fail('bad-input', `${input.fileName} has no text to annotate.`)
  }
  const title = (input.title?.trim() || input.headline || baseTitle(input.fileName)).slice(0, 300)
  const meta = input.meta ?? {}
  const optional = Object.fromEntries(
    (['lang', 'dir', 'byline', 'siteName', 'publishedTime', 'url'] as const).flatMap((k) => (meta[k] ? [[k, meta[k]]] : []))
  )
  return ok({
    id: input.id,
    title,
    format: input.format,
    blocks: input.blocks as Block[],
    text: laid.text,
    original: input.original,
    ...optional
  })
}

/** Build a document from text or Markdown. Fails when there is no text to annotate. */
export function buildDocument(input: ImportInput): Result<ArticleDocument> {
  const { blocks, headline } = input.format === 'markdown' ? markdownToBlocks(input.text) : textToBlocks(input.text)
  return documentFromBlocks({ ...input, blocks, headline })
}
