import { forwardRef, useId, useState } from 'react'

interface Props {
  /** The plain text of the document shown. */
  readonly text: string
  /** Mark a found passage while the person types (null: nothing found). */
  readonly onMatch: (range: { start: number; end: number } | null) => void
  /** Select the found passage in the article: the person is done searching. */
  readonly onAccept: (start: number, end: number) => void
}

/** All places where `needle` occurs in `text`, ignoring case. */
function occurrences(text: string, needle: string): number[] {
  if (!needle) return []
  const hay = text.toLowerCase()
  const key = needle.toLowerCase()
  const found: number[] = []
  for (let at = hay.indexOf(key); at !== -1 && found.length < 10_000; at = hay.indexOf(key, at + 1)) found.push(at)
  return found
}

/** Select a passage from the keyboard: type words of it, Enter for the next match, Shift+Enter for
 *  the previous one, Escape to leave the field with the passage selected, ready for C, S, E or N. */
export const FindPassage = forwardRef<HTMLInputElement, Props>(function FindPassage({ text, onMatch, onAccept }, ref) {
  const id = useId()
  const [needle, setNeedle] = useState('')
  const [index, setIndex] = useState(0)
  const matches = occurrences(text, needle.trim() ? needle : '')
  const show = (i: number, list = matches, n = needle) => {
    if (list.length === 0) {
      onMatch(null)
      return
    }
    const at = ((i % list.length) + list.length) % list.length
    setIndex(at)
    onMatch({ start: list[at]!, end: list[at]! + n.length })
  }
  return (
    <div className="fw-find" role="search" aria-label="Find a passage">
      <label htmlFor={id}>Find passage</label>
      <input
        ref={ref}
        id={id}
        type="search"
        value={needle}
        placeholder="Words of a passage…"
        title="Type words of the passage; Enter goes to the next match, Shift+Enter to the previous; Escape selects it, ready for C, S, E or N"
        aria-keyshortcuts="Control+F /"
        onChange={(e) => {
          const next = e.target.value
          setNeedle(next)
          const list = occurrences(text, next.trim() ? next : '')
          show(0, list, next)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            show(index + (e.shiftKey ? -1 : 1))
          } else if (e.key === 'Escape') {
            e.preventDefault()
            onMatch(null)
            const at = matches[index]
            e.currentTarget.blur()
            if (at !== undefined) onAccept(at, at + needle.length)
          }
        }}
      />
      <span className="fw-muted" aria-live="polite">
        {needle.trim() ? (matches.length ? `${index + 1} of ${matches.length}` : 'No match') : ''}
      </span>
    </div>
  )
})
