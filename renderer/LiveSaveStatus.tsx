import { useEffect, useState, useSyncExternalStore } from 'react'
import { hasPendingEdits, subscribePendingEdits } from './pendingEdits'
import { SaveStatus } from './SaveStatus'
import type { SaveState, Session } from './session'

/** How long a save runs before the status says "Saving…". Most saves take a few milliseconds:
 *  saying so would draw the page once more for every edit, for a word no one has time to read. */
const SHOW_SAVING_AFTER_MS = 400

const UNSAVED: SaveState = { kind: 'pending' }

/** The save status, following the session by itself. While a save is under way the status goes
 *  on saying what it said before ("Unsaved changes", or why the last try failed), until the save
 *  has taken `SHOW_SAVING_AFTER_MS`. Text being typed that the session does not have yet (in the
 *  article or in a field) is unsaved too. */
export function LiveSaveStatus({ session }: { readonly session: Session }) {
  const state = useSyncExternalStore(session.subscribe, () => session.getSnapshot().save)
  const typing = useSyncExternalStore(subscribePendingEdits, hasPendingEdits)
  const [before, setBefore] = useState(state)
  const [slow, setSlow] = useState<SaveState | null>(null)
  if (state.kind !== 'saving' && state !== before) setBefore(state)
  useEffect(() => {
    if (state.kind !== 'saving') return
    const timer = setTimeout(() => setSlow(state), SHOW_SAVING_AFTER_MS)
    return () => clearTimeout(timer)
  }, [state])
  const shown = state.kind === 'saving' && slow !== state ? before : state
  return <SaveStatus state={typing && shown.kind === 'saved' ? UNSAVED : shown} />
}
