export { detectFormat, type DetectedFormat } from './detect'
export { textToBlocks, looksLikeHeadline } from './text'
export { markdownToBlocks, safeHref } from './markdown'
export { buildDocument, documentFromBlocks, baseTitle, type ImportInput, type DocumentMeta } from './document'
