/** Work under way that the person waits for: what is happening and, when it comes in steps, how
 *  far along it is. */
export interface Work {
  readonly message: string
  /** Steps finished so far, and how many there are; absent when the work is one step. */
  readonly done?: number
  readonly total?: number
}

/** A status line at the top of the window with a progress bar for work in steps. */
export function Progress({ work }: { work: Work }) {
  const stepped = work.total !== undefined && work.total > 1
  return (
    <div className="fw-busy" role="status" aria-live="polite">
      <span>{work.message}</span>
      {stepped ? <progress aria-label="Progress" max={work.total} value={work.done ?? 0} /> : <progress aria-label="Working" />}
    </div>
  )
}
