import { z } from 'zod'

/** A value of a closed vocabulary with the words a person sees for it. */
export interface Term<V extends string> {
  readonly value: V
  readonly label: string
}

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

/** What sort of statement a claim is; opinions are not checkable. */
export const ClaimType = z.enum(['statistic', 'quote', 'historical-fact', 'causal', 'prediction', 'opinion'])
export type ClaimType = z.infer<typeof ClaimType>
export const CLAIM_TYPES: readonly Term<ClaimType>[] = [
  { value: 'statistic', label: 'Statistic' },
  { value: 'quote', label: 'Quote' },
  { value: 'historical-fact', label: 'Historical fact' },
  { value: 'causal', label: 'Causal' },
  { value: 'prediction', label: 'Prediction' },
  { value: 'opinion', label: 'Opinion (not checkable)' }
]

/** Where the check of a claim stands. */
export const ClaimStatus = z.enum(['to-check', 'researching', 'ready-for-review', 'published'])
export type ClaimStatus = z.infer<typeof ClaimStatus>
export const CLAIM_STATUSES: readonly Term<ClaimStatus>[] = [
  { value: 'to-check', label: 'To check' },
  { value: 'researching', label: 'Researching' },
  { value: 'ready-for-review', label: 'Ready for review' },
  { value: 'published', label: 'Published' }
]

/** How much a claim deserves checking. */
export const CheckWorthiness = z.enum(['high', 'medium', 'low'])
export type CheckWorthiness = z.infer<typeof CheckWorthiness>
export const CHECK_WORTHINESS: readonly Term<CheckWorthiness>[] = [
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' }
]

/** Analytic confidence (ICD 203 usage). */
export const Confidence = z.enum(['low', 'moderate', 'high'])
export type Confidence = z.infer<typeof Confidence>
export const CONFIDENCES: readonly Term<Confidence>[] = [
  { value: 'low', label: 'Low' },
  { value: 'moderate', label: 'Moderate' },
  { value: 'high', label: 'High' }
]

/** Source reliability on the Admiralty scale. */
export const Reliability = z.enum(['A', 'B', 'C', 'D', 'E', 'F'])
export type Reliability = z.infer<typeof Reliability>
export const RELIABILITIES: readonly Term<Reliability>[] = [
  { value: 'A', label: 'A — Completely reliable' },
  { value: 'B', label: 'B — Usually reliable' },
  { value: 'C', label: 'C — Fairly reliable' },
  { value: 'D', label: 'D — Not usually reliable' },
  { value: 'E', label: 'E — Unreliable' },
  { value: 'F', label: 'F — Reliability cannot be judged' }
]

/** Information credibility of evidence, 1 (confirmed) to 6 (cannot be judged). */
export const Credibility = z.enum(['1', '2', '3', '4', '5', '6'])
export type Credibility = z.infer<typeof Credibility>
export const CREDIBILITIES: readonly Term<Credibility>[] = [
  { value: '1', label: '1 — Confirmed by other sources' },
  { value: '2', label: '2 — Probably true' },
  { value: '3', label: '3 — Possibly true' },
  { value: '4', label: '4 — Doubtful' },
  { value: '5', label: '5 — Improbable' },
  { value: '6', label: '6 — Truth cannot be judged' }
]

/** Whether a source is where the information comes from, or reports it. */
export const SourceOrigin = z.enum(['primary', 'secondary'])
export type SourceOrigin = z.infer<typeof SourceOrigin>

/** How a source or piece of evidence bears on a claim. */
export const Stance = z.enum(['supports', 'refutes', 'context'])
export type Stance = z.infer<typeof Stance>
export const STANCES: readonly Term<Stance>[] = [
  { value: 'supports', label: 'Supports' },
  { value: 'refutes', label: 'Refutes' },
  { value: 'context', label: 'Context' }
]

/** The label of a vocabulary value, or the value itself when it is not in the vocabulary. */
export function termLabel<V extends string>(terms: readonly Term<V>[], value: V | null | undefined): string {
  if (value === null || value === undefined) return ''
  return terms.find((t) => t.value === value)?.label ?? value
}
