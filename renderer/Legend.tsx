import { KINDS, type AnnotationKind } from '../data/vocabulary'

/** The colour of each kind, with how many of each the document has. */
export function Legend({ counts }: { readonly counts: Readonly<Record<AnnotationKind, number>> }) {
  return (
    <ul className="fw-legend" aria-label="Legend">
      {KINDS.map(({ kind, label }) => (
        <li key={kind}>
          <span className={`fw-swatch fw-swatch-${kind}`} aria-hidden="true" />
          {label} <span className="fw-count">{counts[kind]}</span>
        </li>
      ))}
    </ul>
  )
}
