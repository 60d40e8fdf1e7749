import { claimsByStatus, claimsByVerdict, sourcesByReliability, type Bar } from '../data/summary'
import type { Project } from '../data/project'

/** A horizontal bar chart that reads as a list: each bar has its label and count as text. */
function Chart({ title, bars, note }: { title: string; bars: readonly Bar[]; note?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.count))
  const total = bars.reduce((n, b) => n + b.count, 0)
  return (
    <figure className="fw-chart">
      <figcaption>
        {title} <span className="fw-count">{total}</span>
      </figcaption>
      <ul>
        {bars.map((b) => (
          <li key={b.label}>
            <span className="fw-chart-label">
              {b.label}
              {b.onScale === false ? <em> (not on the scale)</em> : null}
            </span>
            <span className="fw-chart-track" aria-hidden="true">
              <span className="fw-chart-bar" style={{ width: `${(b.count / max) * 100}%`, background: b.color }} />
            </span>
            <span className="fw-chart-count">{b.count}</span>
          </li>
        ))}
      </ul>
      {note ? <p className="fw-muted">{note}</p> : null}
    </figure>
  )
}

/** Where the project stands: claims by verdict and by status, sources by reliability. */
export function Summary({ project }: { project: Project }) {
  const claims = project.annotations.filter((a) => a.kind === 'claim').length
  return (
    <section className="fw-summary" aria-label="Summary">
      <h2>Summary</h2>
      <p className="fw-muted">
        {claims} claim{claims === 1 ? '' : 's'} and {project.sources.length} source{project.sources.length === 1 ? '' : 's'} across {project.documents.length} document
        {project.documents.length === 1 ? '' : 's'}. Verdict scale: {project.settings.verdictScale.name}.
      </p>
      <div className="fw-charts">
        <Chart title="Claims by verdict" bars={claimsByVerdict(project)} />
        <Chart title="Claims by status" bars={claimsByStatus(project)} />
        <Chart title="Sources by reliability" bars={sourcesByReliability(project)} note="Admiralty scale, from the source library." />
      </div>
    </section>
  )
}
