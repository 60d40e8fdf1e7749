import type { SaveState } from './session'

function time(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** Whether the person's work is on disk, in words. */
export function SaveStatus({ state }: { readonly state: SaveState }) {
  const text =
    state.kind === 'saved'
      ? `All changes saved${state.at ? ` · ${time(state.at)}` : ''}`
      : state.kind === 'pending'
        ? 'Unsaved changes'
        : state.kind === 'saving'
          ? 'Saving…'
          : `Not saved: ${state.message} Retrying…`
  return (
    <p className={`fw-save fw-save-${state.kind}`} role={state.kind === 'failed' ? 'alert' : 'status'} aria-live="polite">
      {text}
    </p>
  )
}
