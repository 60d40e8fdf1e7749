import { quoteAt } from '../../data/anchor'
import type { Change } from '../../data/changes'
import { layout } from '../../data/document'
import { textToBlocks } from '../../data/import/text'
import { ANNOTATION_DEFAULTS, newProject, type Project } from '../../data/project'

// Projects and edits for the durability harnesses: small, valid, and easy to check afterwards.

export const NOW = '2026-01-01T00:00:00.000Z'

const TEXT = 'Exports rose to US$2.8 billion last year, the ministry said.\nThe country was the first nation to recognize the treaty.\n'

/** A project with one short document and no annotations. (Built from the text importer's
 *  blocks directly, so that the writer processes of the kill harness start quickly.) */
export function sampleProject(id: string, text = TEXT): Project {
  const { blocks, headline } = textToBlocks(text)
  return newProject(
    id,
    {
      id: `${id}-doc`,
      title: headline ?? id,
      format: 'text',
      blocks,
      text: layout(blocks).text,
      original: { fileName: `${id}.txt`, mediaType: 'text/plain', size: text.length, sha256: 'b'.repeat(64), importedAt: NOW }
    },
    NOW
  )
}

/** An edit that adds claim `annotationId` on a passage of the project's first document, with a
 *  note that names it, so that a recovered project shows whether the edit is in it. */
export function addClaim(project: Project, annotationId: string, note = annotationId): Change[] {
  const document = project.documents[0]!
  const words = [...document.text.matchAll(/\S+/g)]
  const word = words[annotationId.length % words.length]!
  const start = word.index
  const end = start + word[0].length
  return [
    {
      op: 'addAnnotation',
      annotation: {
        ...ANNOTATION_DEFAULTS,
        tags: [],
        id: annotationId,
        documentId: document.id,
        kind: 'claim',
        start,
        end,
        quote: quoteAt(document.text, start, end),
        note,
        createdAt: NOW,
        modifiedAt: NOW
      }
    }
  ]
}

/** An edit that sets the note of annotation `annotationId`. */
export function setNote(annotationId: string, note: string): Change[] {
  return [{ op: 'updateAnnotation', id: annotationId, patch: { note }, modifiedAt: NOW }]
}
