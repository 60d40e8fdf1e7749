import { useEffect } from 'react'
import { commitPendingEdits } from './pendingEdits'
import type { Session } from './session'

/** Never close the window on unsaved work: typing not yet handed over is committed and the
 *  session saved when the page is left or hidden. Leaving with changes still unsaved holds the
 *  window until the save lands; the desktop app then closes it, a browser asks. */
export function useSaveOnLeave(session: Session, host: 'electron' | 'browser'): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      commitPendingEdits()
      if (!session.dirty) return
      event.preventDefault()
      void session.flush().then(() => {
        if (host === 'electron' && !session.dirty) window.close()
      })
    }
    const onHide = () => {
      if (window.document.visibilityState !== 'hidden') return
      commitPendingEdits()
      void session.flush()
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    window.document.addEventListener('visibilitychange', onHide)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      window.document.removeEventListener('visibilitychange', onHide)
    }
  }, [session, host])
}
