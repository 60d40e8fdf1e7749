import { describe, expect, it } from 'vitest'
import { keyCommand, type KeyContext } from '../../renderer/workbenchKeys'

const reading: KeyContext = { dialogOpen: false, article: true, editing: false, readOnly: false, selectedId: null }

/** A key pressed on `target` (the page itself unless said). */
function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  Object.defineProperty(event, 'target', { value: target })
  return event
}

describe('the workbench’s keys', () => {
  it('tag with C, S, E and N, and step through the list with J and K', () => {
    expect(['c', 's', 'e', 'n'].map((k) => keyCommand(press(k), reading))).toEqual([
      { type: 'tag', kind: 'claim' },
      { type: 'tag', kind: 'source' },
      { type: 'tag', kind: 'evidence' },
      { type: 'tag', kind: 'note' }
    ])
    expect(keyCommand(press('J', { shiftKey: true }), reading)).toEqual({ type: 'step', by: 1 })
    expect(keyCommand(press('k'), reading)).toEqual({ type: 'step', by: -1 })
  })

  it('undo and redo with Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, also with Cmd', () => {
    expect(keyCommand(press('z', { ctrlKey: true }), reading)).toEqual({ type: 'undo' })
    expect(keyCommand(press('Z', { metaKey: true, shiftKey: true }), reading)).toEqual({ type: 'redo' })
    expect(keyCommand(press('y', { ctrlKey: true }), reading)).toEqual({ type: 'redo' })
  })

  it('find with Ctrl+F (selecting what was searched) or /, only over the article; export with Ctrl+E', () => {
    expect(keyCommand(press('f', { ctrlKey: true }), reading)).toEqual({ type: 'find', select: true })
    expect(keyCommand(press('/'), reading)).toEqual({ type: 'find', select: false })
    expect(keyCommand(press('/'), { ...reading, article: false })).toBeNull()
    expect(keyCommand(press('e', { ctrlKey: true }), reading)).toEqual({ type: 'export' })
  })

  it('edit the text with T, except in a project shown read-only', () => {
    expect(keyCommand(press('t'), reading)).toEqual({ type: 'toggleEditing' })
    expect(keyCommand(press('t'), { ...reading, readOnly: true })).toBeNull()
  })

  it('delete the selected annotation, and let Escape stop editing or deselect', () => {
    expect(keyCommand(press('Delete'), reading)).toBeNull()
    expect(keyCommand(press('Backspace'), { ...reading, selectedId: 'a1' })).toEqual({ type: 'remove', id: 'a1' })
    expect(keyCommand(press('Escape'), reading)).toEqual({ type: 'deselect' })
    expect(keyCommand(press('Escape'), { ...reading, editing: true })).toEqual({ type: 'stopEditing' })
  })

  it('leave keys to text fields, dialogs, other handlers and other shortcuts', () => {
    const field = document.body.appendChild(document.createElement('input'))
    expect(keyCommand(press('c', {}, field), reading)).toBeNull()
    expect(keyCommand(press('z', { ctrlKey: true }, field), reading)).toBeNull()
    // Ctrl+F and Ctrl+E work from a text field too.
    expect(keyCommand(press('f', { ctrlKey: true }, field), reading)).toEqual({ type: 'find', select: true })
    expect(keyCommand(press('c'), { ...reading, dialogOpen: true })).toBeNull()
    const handled = press('c')
    handled.preventDefault()
    expect(keyCommand(handled, reading)).toBeNull()
    expect(keyCommand(press('c', { altKey: true }), reading)).toBeNull()
    expect(keyCommand(press('x'), reading)).toBeNull()
  })
})
