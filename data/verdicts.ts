import { z } from 'zod'

/** One rating of a verdict scale. `value` is the number ClaimReview carries as `ratingValue`;
 *  labels without a number (Unverifiable, Not rated) are not ratings. `imported` marks a label
 *  added because an import used it. */
export const VerdictLabel = z.object({
  label: z.string().trim().min(1).max(80),
  value: z.number().int().min(0).max(100).nullable(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  imported: z.boolean().optional()
})
export type VerdictLabel = z.infer<typeof VerdictLabel>

/** A project's verdict scale, in the order the picker shows it. */
export const VerdictScale = z.object({
  name: z.string().max(80),
  labels: z.array(VerdictLabel).min(1).max(50)
})
export type VerdictScale = z.infer<typeof VerdictScale>

const rated = (label: string, value: number, color: string): VerdictLabel => ({ label, value, color })
const unrated = (label: string, color = '#8a8f98'): VerdictLabel => ({ label, value: null, color })

/** The scales a project may start from (DESIGN §2). The first is the default. */
export const VERDICT_PRESETS: readonly VerdictScale[] = [
  {
    name: 'Default',
    labels: [
      rated('True', 5, '#1e7a3c'),
      rated('Mostly true', 4, '#5fa83a'),
      rated('Half true', 3, '#d9a400'),
      rated('Mostly false', 2, '#e0701b'),
      rated('False', 1, '#c0281d'),
      unrated('Unverifiable'),
      unrated('Not rated', '#b5b9c0')
    ]
  },
  {
    name: 'PolitiFact-style',
    labels: [
      rated('True', 6, '#1e7a3c'),
      rated('Mostly true', 5, '#5fa83a'),
      rated('Half true', 4, '#d9a400'),
      rated('Mostly false', 3, '#e0701b'),
      rated('False', 2, '#c0281d'),
      rated('Pants on fire', 1, '#7d1a14')
    ]
  },
  {
    name: 'Snopes-style',
    labels: [
      rated('True', 5, '#1e7a3c'),
      rated('Mostly true', 4, '#5fa83a'),
      rated('Mixture', 3, '#d9a400'),
      rated('Mostly false', 2, '#e0701b'),
      rated('False', 1, '#c0281d'),
      unrated('Unproven'),
      unrated('Outdated', '#b5b9c0')
    ]
  },
  {
    name: 'Newsroom-neutral',
    labels: [rated('Accurate', 3, '#1e7a3c'), rated('Misleading', 2, '#e0701b'), rated('False', 1, '#c0281d'), unrated('Unverifiable'), unrated('Not rated', '#b5b9c0')]
  }
]

export const DEFAULT_SCALE: VerdictScale = VERDICT_PRESETS[0]!

/** The scale's entry for a verdict, matched ignoring case and surrounding space. */
export function findVerdict(scale: VerdictScale, verdict: string): VerdictLabel | undefined {
  const key = verdict.trim().toLowerCase()
  return scale.labels.find((l) => l.label.trim().toLowerCase() === key)
}

/** The best and worst rating numbers of a scale, for ClaimReview; null when no label is rated. */
export function ratingBounds(scale: VerdictScale): { best: number; worst: number } | null {
  const values = scale.labels.flatMap((l) => (l.value === null ? [] : [l.value]))
  return values.length ? { best: Math.max(...values), worst: Math.min(...values) } : null
}

/** Add a verdict that is not on the scale (from an import, or a label since removed), marked as
 *  imported, so that it is never dropped. Returns the scale unchanged when it is already there. */
export function withVerdict(scale: VerdictScale, verdict: string): VerdictScale {
  if (findVerdict(scale, verdict)) return scale
  return { ...scale, labels: [...scale.labels, { label: verdict.trim(), value: null, color: '#6b7280', imported: true }] }
}
