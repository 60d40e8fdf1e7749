import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react'
import type { LinkCandidate } from '../data/links'

/** A link candidate with what the picker searches: its label in lower case. */
export interface PickerEntry {
  readonly key: string
  readonly candidate: LinkCandidate
  readonly search: string
}

/** How many matches the picker lists at once; typing narrows them. */
export const SHOWN_MATCHES = 50

/** The entries whose label holds every word of `query`, in their order. */
export function matchEntries(entries: readonly PickerEntry[], query: string): readonly PickerEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return words.length ? entries.filter((e) => words.every((w) => e.search.includes(w))) : entries
}

/** What a claim is linked to, found by typing a few words of a source's title or an evidence
 *  passage: a combo box listing the first matches (a project can hold thousands of passages, too
 *  many to scroll through). Arrow keys move through the matches, Enter or a click chooses one,
 *  Escape closes the list. `value` is the chosen entry's key, '' for none. */
export function LinkPicker({
  id,
  entries,
  value,
  onChange
}: {
  id: string
  entries: readonly PickerEntry[]
  value: string
  onChange(key: string): void
}) {
  const listId = useId()
  // What the person has typed since the last choice; null shows the chosen entry's label.
  const [typed, setTyped] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const chosen = value ? entries.find((e) => e.key === value) : undefined
  const matches = useMemo(() => (open ? matchEntries(entries, typed ?? '') : []), [open, entries, typed])
  const shown = matches.slice(0, SHOWN_MATCHES)
  const current = Math.min(active, shown.length - 1)

  // The match chosen with the arrow keys stays in sight.
  useEffect(() => {
    if (open) document.getElementById(`${listId}-${current}`)?.scrollIntoView?.({ block: 'nearest' })
  }, [open, current, listId])

  // The list opens on its first match.
  const openList = () => {
    if (open) return
    setActive(0)
    setOpen(true)
  }

  const choose = (entry: PickerEntry) => {
    setTyped(null)
    setOpen(false)
    onChange(entry.key)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (!open) openList()
      else if (shown.length) setActive((current + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length)
    } else if (event.key === 'Enter' && open && shown[current]) {
      event.preventDefault()
      choose(shown[current])
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
    }
  }

  return (
    <div className="fw-combo">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Type words of a source or passage…"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && shown.length ? `${listId}-${current}` : undefined}
        value={typed ?? chosen?.candidate.label ?? ''}
        onChange={(e) => {
          setTyped(e.target.value)
          setActive(0)
          setOpen(true)
          if (value) onChange('')
        }}
        onFocus={openList}
        onClick={openList}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label="Sources and evidence to link" className="fw-combo-list">
          {shown.map((entry, i) => (
            <li
              key={entry.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'is-active' : undefined}
              // Chosen before the field loses focus and closes the list.
              onMouseDown={(e) => {
                e.preventDefault()
                choose(entry)
              }}
            >
              {entry.candidate.label}
            </li>
          ))}
          {matches.length === 0 ? <li className="fw-combo-note">No source or evidence matches “{typed}”.</li> : null}
          {matches.length > shown.length ? (
            <li className="fw-combo-note">
              {(matches.length - shown.length).toLocaleString('en')} more: type more words to narrow the list.
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  )
}
