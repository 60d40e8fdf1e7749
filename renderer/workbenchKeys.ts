import { KINDS, type AnnotationKind } from '../data/vocabulary'

/** What a key press asks of the open project's workbench. */
export type KeyCommand =
  | { readonly type: 'find'; readonly select: boolean }
  | { readonly type: 'export' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'tag'; readonly kind: AnnotationKind }
  | { readonly type: 'step'; readonly by: 1 | -1 }
  | { readonly type: 'toggleEditing' }
  | { readonly type: 'remove'; readonly id: string }
  | { readonly type: 'stopEditing' }
  | { readonly type: 'deselect' }

/** What the key map needs to know of the workbench. */
export interface KeyContext {
  /** A dialog of the workbench (settings, document info, export) is open: it has the keys. */
  readonly dialogOpen: boolean
  /** The article is shown (rather than the summary). */
  readonly article: boolean
  readonly editing: boolean
  readonly readOnly: boolean
  readonly selectedId: string | null
}

/** Whether a key press belongs to a text field rather than to the workbench. */
export function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('dialog'))
}

/** The workbench's keys: one per kind, J and K through the list, T to edit the text, undo and
 *  redo, Delete and Escape, Ctrl+F or / to find a passage, Ctrl+E to export. Null when the key is
 *  not the workbench's, or belongs to a text field or a dialog. */
export function keyCommand(event: KeyboardEvent, context: KeyContext): KeyCommand | null {
  if (event.defaultPrevented || context.dialogOpen) return null
  const mod = event.ctrlKey || event.metaKey
  const key = event.key.toLowerCase()
  if (mod && key === 'f' && context.article) return { type: 'find', select: true }
  if (mod && key === 'e' && !event.shiftKey && !event.altKey) return { type: 'export' }
  if (inTextField(event.target)) return null
  if (event.key === '/' && context.article) return { type: 'find', select: false }
  if (mod && key === 'z') return { type: event.shiftKey ? 'redo' : 'undo' }
  if (mod && key === 'y') return { type: 'redo' }
  if (mod || event.altKey) return null
  const kind = KINDS.find((k) => k.key === key)
  if (kind) return { type: 'tag', kind: kind.kind }
  if (key === 'j' || key === 'k') return { type: 'step', by: key === 'j' ? 1 : -1 }
  if (key === 't' && context.article && !context.readOnly) return { type: 'toggleEditing' }
  if ((event.key === 'Delete' || event.key === 'Backspace') && context.selectedId) return { type: 'remove', id: context.selectedId }
  if (event.key === 'Escape') return context.editing ? { type: 'stopEditing' } : { type: 'deselect' }
  return null
}
