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

/** Build a document from text or Markdown. Fails when there is no text to annotate. */
export function buildDocument(input: ImportInput): Result<ArticleDocument> {
  const { blocks, headline } = input.format === 'markdown' ? markdownToBlocks(input.text) : textToBlocks(input.text)
  const laid = layout(blocks)
  if (laid.text.trim().length === 0) {
    return fail('bad-input', `${input.fileName} has no text to annotate.`)
  }
  const title = (input.title?.trim() || headline || baseTitle(input.fileName)).slice(0, 300)
  return ok({
    id: input.id,
    title,
    format: input.format,
    blocks: blocks as Block[],
    text: laid.text,
    original: input.original
  })
}
