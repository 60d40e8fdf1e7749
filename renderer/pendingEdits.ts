/** Fields whose typed value is not committed yet (they commit on blur). Before the page unloads
 *  or a project closes, `commitPendingEdits` commits them, so nothing typed is lost. */
const pending = new Set<() => void>()

/** Register a field's commit while it holds an uncommitted value; returns the unregistration. */
export function registerPendingEdit(commit: () => void): () => void {
  pending.add(commit)
  return () => pending.delete(commit)
}

/** Commit every field that holds an uncommitted value. */
export function commitPendingEdits(): void {
  for (const commit of [...pending]) commit()
}
