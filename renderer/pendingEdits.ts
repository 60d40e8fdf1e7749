/** Edits not yet handed to the session: fields whose typed value commits on blur, and text typed
 *  in the article, handed over when typing pauses. Before the page unloads or a project closes,
 *  `commitPendingEdits` commits them, so nothing typed is lost; meanwhile the save status says
 *  that there are unsaved changes. */
const pending = new Map<() => void, 'text' | 'field'>()
const listeners = new Set<() => void>()
let texts = 0

function changed(): void {
  for (const listener of [...listeners]) listener()
}

/** Register an edit's commit while it is not yet committed; returns the unregistration. `text` is
 *  typing in the article, which Undo hands over and undoes; a `field`'s value is its own to undo
 *  (Escape). Listeners hear only when the first edit of a kind is registered and when the last
 *  one goes, not every keystroke. */
export function registerPendingEdit(commit: () => void, kind: 'text' | 'field' = 'field'): () => void {
  const before = pending.size
  pending.set(commit, kind)
  if (kind === 'text') texts++
  if (before === 0 || (kind === 'text' && texts === 1)) changed()
  return () => {
    if (!pending.delete(commit)) return
    if (kind === 'text') texts--
    if (pending.size === 0 || (kind === 'text' && texts === 0)) changed()
  }
}

/** Commit every edit not yet committed. */
export function commitPendingEdits(): void {
  for (const commit of [...pending.keys()]) commit()
}

/** Whether any edit is not yet committed. */
export function hasPendingEdits(): boolean {
  return pending.size > 0
}

/** Whether text typed in the article is not yet committed. */
export function hasPendingText(): boolean {
  return texts > 0
}

/** Call `listener` when edits start or stop waiting to be committed; returns the unsubscription. */
export function subscribePendingEdits(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
