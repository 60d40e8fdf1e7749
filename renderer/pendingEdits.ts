/** Edits not yet handed to the session: fields whose typed value commits on blur, and text typed
 *  in the article, handed over when typing pauses. Before the page unloads or a project closes,
 *  `commitPendingEdits` commits them, so nothing typed is lost; meanwhile the save status says
 *  that there are unsaved changes. */
const pending = new Set<() => void>()
const listeners = new Set<() => void>()

function changed(): void {
  for (const listener of [...listeners]) listener()
}

/** Register an edit's commit while it is not yet committed; returns the unregistration. Listeners
 *  hear only when the first edit is registered and when the last one goes, not every keystroke. */
export function registerPendingEdit(commit: () => void): () => void {
  pending.add(commit)
  if (pending.size === 1) changed()
  return () => {
    if (pending.delete(commit) && pending.size === 0) changed()
  }
}

/** Commit every edit not yet committed. */
export function commitPendingEdits(): void {
  for (const commit of [...pending]) commit()
}

/** Whether any edit is not yet committed. */
export function hasPendingEdits(): boolean {
  return pending.size > 0
}

/** Call `listener` when edits start or stop waiting to be committed; returns the unsubscription. */
export function subscribePendingEdits(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
