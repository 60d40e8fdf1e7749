interface ToggleProps {
  readonly editing: boolean
  readonly onToggle: () => void
}

/** The "Edit text" switch: the article is read-only while annotating, and this lets a person fix
 *  the text of an import (a split word, a stray character), the annotations following the edits. */
export function EditTextToggle({ editing, onToggle }: ToggleProps) {
  return (
    <button
      type="button"
      className="fw-edit-toggle"
      aria-pressed={editing}
      aria-keyshortcuts="T"
      title={editing ? 'Stop editing the text (Escape)' : 'Fix the article’s text; annotations follow your edits (T)'}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onToggle}
    >
      Edit text
    </button>
  )
}

interface BannerProps {
  readonly title: string
  readonly onDone: () => void
}

/** Shown while the text is editable, so the mode is never a surprise, with the way out. */
export function EditModeBanner({ title, onDone }: BannerProps) {
  return (
    <div className="fw-edit-banner" role="region" aria-label="Editing the text">
      <p>
        <strong>Editing the text</strong> of “{title}”. Highlights follow your edits; a passage whose text you delete is kept among the orphans.
        Ctrl+Z undoes.
      </p>
      <button type="button" onClick={onDone} title="Stop editing the text (Escape)">
        Done
      </button>
    </div>
  )
}
