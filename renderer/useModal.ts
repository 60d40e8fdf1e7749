import { useCallback, useLayoutEffect, useRef, type SyntheticEvent } from 'react'

/** A modal `<dialog>`, shown as its component mounts (before it is first painted). `close`
 *  closes it and tells the owner at once: the browser fires the dialog's `close` event a task
 *  after `dialog.close()`, and until then the owner would still count the dialog open (a key
 *  pressed right after Cancel, such as Ctrl+E to open it again, would be ignored). Escape closes
 *  it the same way, unless `busy` (work under way that closing would hide). The owner hears of
 *  each closing once. */
export function useModal(onClose: () => void, busy = false) {
  const ref = useRef<HTMLDialogElement>(null)
  const latest = useRef(onClose)
  latest.current = onClose
  const told = useRef(false)

  useLayoutEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])

  const close = useCallback(() => {
    ref.current?.close()
    if (told.current) return
    told.current = true
    latest.current()
  }, [])

  /** Props for the `<dialog>` element: its own closing (a form with `method="dialog"`) and
   *  Escape both end in `close`. */
  const dialogProps = {
    ref,
    onClose: close,
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => {
      event.preventDefault()
      if (!busy) close()
    }
  }
  return { close, dialogProps }
}
