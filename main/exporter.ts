import type { ExportFile, ExportFormat } from '../data/api'
import type { Project } from '../data/project'

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

/** Render a project in an export format. Plain text is each document's text, documents separated
 *  by a blank line. */
export function exportProject(project: Project, format: ExportFormat): ExportFile {
  switch (format) {
    case 'text':
      return {
        fileName: `${fileSlug(project.title)}.txt`,
        mediaType: 'text/plain;charset=utf-8',
        content: project.documents.map((d) => d.text).join('\n\n\n') + '\n'
      }
  }
}
