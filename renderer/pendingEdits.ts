/** Edits not yet handed to the session: fields whose typed value commits on blur, and text typed
 *  in the article, handed over when typing pauses. Before the page unloads or a project closes,
 *  `commitPendingEdits` commits them, so nothing typed is lost; meanwhile the save status says
 *  that there are unsaved changes. */
const pending = { text: new Set<() => void>(), field: new Set<() => void>() }
const listeners = new Set<() => void>()

/** Make a change to the pending edits; listeners hear of it only if it changes what
 *  `hasPendingEdits` or `hasPendingText` answer (when a burst of typing starts or ends), not at
 *  every keystroke. */
function change(make: () => void): void {
  const before = [hasPendingEdits(), hasPendingText()]
  make()
  if (before[0] !== hasPendingEdits() || before[1] !== hasPendingText()) for (const listener of [...listeners]) listener()
}

/** Register an edit's commit while it is not yet committed; returns the unregistration. `text` is
 *  typing in the article, which Undo hands over and undoes; a `field`'s value is its own to undo
 *  (Escape). */
export function registerPendingEdit(commit: () => void, kind: 'text' | 'field' = 'field'): () => void {
  change(() => pending[kind].add(commit))
  return () => change(() => pending[kind].delete(commit))
}

/** Commit every edit not yet committed. */
export function commitPendingEdits(): void {
  for (const commit of [...pending.field, ...pending.text]) commit()
}

/** Whether any edit is not yet committed. */
export function hasPendingEdits(): boolean {
  return pending.field.size + pending.text.size > 0
}

/** Whether text typed in the article is not yet committed. */
export function hasPendingText(): boolean {
  return pending.text.size > 0
}

/** Call `listener` when edits start or stop waiting to be committed; returns the unsubscription. */
export function subscribePendingEdits(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
