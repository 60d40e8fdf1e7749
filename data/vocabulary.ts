import { z } from 'zod'

/** What a highlighted passage is, in the fact-checker's terms (DESIGN §2). */
export const AnnotationKind = z.enum(['claim', 'source', 'evidence', 'note'])
export type AnnotationKind = z.infer<typeof AnnotationKind>

/** The kinds in the order the toolbar, legend and exports show them, with their labels. */
export const KINDS: readonly { readonly kind: AnnotationKind; readonly label: string; readonly key: string }[] = [
  { kind: 'claim', label: 'Claim', key: 'c' },
  { kind: 'source', label: 'Source', key: 's' },
  { kind: 'evidence', label: 'Evidence', key: 'e' },
  { kind: 'note', label: 'Note', key: 'n' }
]

export function kindLabel(kind: AnnotationKind): string {
  return KINDS.find((k) => k.kind === kind)?.label ?? kind
}
