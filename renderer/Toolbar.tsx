import { useSyncExternalStore } from 'react'
import { KINDS, type AnnotationKind } from '../data/vocabulary'
import { hasPendingText, subscribePendingEdits } from './pendingEdits'

interface Props {
  readonly onTag: (kind: AnnotationKind) => void
  readonly onUndo: () => void
  readonly onRedo: () => void
  readonly canUndo: boolean
  readonly canRedo: boolean
}

/** Tag the selected passage; undo and redo. Buttons keep the article's selection by not taking
 *  focus on mouse down. Text being typed in the article can be undone before it reaches the
 *  session. */
export function Toolbar({ onTag, onUndo, onRedo, canUndo, canRedo }: Props) {
  const keep = (event: React.MouseEvent) => event.preventDefault()
  const typing = useSyncExternalStore(subscribePendingEdits, hasPendingText)
  return (
    <div className="fw-toolbar" role="toolbar" aria-label="Annotate">
      {KINDS.map(({ kind, label, key }) => (
        <button
          key={kind}
          type="button"
          className={`fw-tag fw-tag-${kind}`}
          onMouseDown={keep}
          onClick={() => onTag(kind)}
          aria-keyshortcuts={key.toUpperCase()}
          title={`Tag the selected passage as ${label.toLowerCase()} (${key.toUpperCase()})`}
        >
          <span className={`fw-swatch fw-swatch-${kind}`} aria-hidden="true" />
          {label}
          <kbd aria-hidden="true">{key.toUpperCase()}</kbd>
        </button>
      ))}
      <span className="fw-toolbar-gap" />
      <button type="button" onMouseDown={keep} onClick={onUndo} disabled={!canUndo && !typing} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onMouseDown={keep} onClick={onRedo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
    </div>
  )
}
