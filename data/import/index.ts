export { detectFormat, type DetectedFormat } from './detect'
export { textToBlocks, looksLikeHeadline } from './text'
export { markdownToBlocks, safeHref } from './markdown'
export { buildDocument, baseTitle, type ImportInput } from './document'
