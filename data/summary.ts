import type { Project } from './project'
import { findVerdict } from './verdicts'
import { CLAIM_STATUSES, RELIABILITIES } from './vocabulary'

/** One bar of a summary chart. */
export interface Bar {
  readonly label: string
  readonly count: number
  readonly color: string
  /** For verdicts: false when the label is no longer on the project's scale. */
  readonly onScale?: boolean
}

/** Claims counted by verdict, in the scale's order, then verdicts no longer on the scale, then
 *  claims without a verdict. Labels with no claim are kept so the chart shows the whole scale. */
export function claimsByVerdict(project: Project): Bar[] {
  const claims = project.annotations.filter((a) => a.kind === 'claim')
  const scale = project.settings.verdictScale
  const bars: Bar[] = scale.labels.map((l) => ({
    label: l.label,
    color: l.color,
    onScale: true,
    count: claims.filter((c) => c.verdict !== null && findVerdict(scale, c.verdict) === l).length
  }))
  const off = new Map<string, number>()
  for (const c of claims) {
    if (c.verdict !== null && !findVerdict(scale, c.verdict)) off.set(c.verdict, (off.get(c.verdict) ?? 0) + 1)
  }
  for (const [label, count] of off) bars.push({ label, count, color: '#6b7280', onScale: false })
  bars.push({ label: 'No verdict yet', count: claims.filter((c) => c.verdict === null).length, color: '#d5d8dd' })
  return bars
}

const STATUS_COLORS = ['#9aa3ad', '#4a7fd4', '#d9a400', '#1e7a3c']

/** Claims counted by where their check stands. */
export function claimsByStatus(project: Project): Bar[] {
  const claims = project.annotations.filter((a) => a.kind === 'claim')
  return CLAIM_STATUSES.map((s, i) => ({ label: s.label, color: STATUS_COLORS[i]!, count: claims.filter((c) => c.status === s.value).length }))
}

const RELIABILITY_COLORS = ['#1e7a3c', '#5fa83a', '#d9a400', '#e0701b', '#c0281d', '#8a8f98']

/** Source records counted by Admiralty reliability, then those not yet rated. */
export function sourcesByReliability(project: Project): Bar[] {
  return [
    ...RELIABILITIES.map((r, i) => ({ label: r.label, color: RELIABILITY_COLORS[i]!, count: project.sources.filter((s) => s.reliability === r.value).length })),
    { label: 'Not rated yet', color: '#d5d8dd', count: project.sources.filter((s) => s.reliability === null).length }
  ]
}
