import type { Bridge } from '../data/api'
import { applyToList, invertChange, type AnnotationChange } from '../data/changes'
import type { Annotation, Project } from '../data/project'

/** Where the project's edits stand against the disk. */
export type SaveState =
  | { readonly kind: 'saved'; readonly at: string | null }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'failed'; readonly message: string }

export interface SessionSnapshot {
  readonly annotations: readonly Annotation[]
  readonly canUndo: boolean
  readonly canRedo: boolean
  readonly save: SaveState
}

interface Step {
  readonly label: string
  readonly forward: readonly AnnotationChange[]
  readonly backward: readonly AnnotationChange[]
}

/** Wait after the last edit before saving, so a burst of edits is one save. */
const SAVE_DELAY_MS = 250
/** Wait before trying a failed save again. */
const RETRY_MS = 3000
/** Failures a later try may get past; other failures mean the store refuses the change itself. */
const TRANSIENT: ReadonlySet<string> = new Set(['io', 'internal', 'unreadable'])

/** The annotations of one open project as the person edits them: applied at once on screen,
 *  recorded for undo and redo, and saved in the background as deltas. Nothing is dropped when a
 *  save fails: the changes stay queued and are tried again. */
export class Session {
  private annotations: readonly Annotation[]
  private readonly undoStack: Step[] = []
  private readonly redoStack: Step[] = []
  private queue: AnnotationChange[] = []
  private running: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private saveState: SaveState
  private snapshot: SessionSnapshot
  private readonly listeners = new Set<() => void>()
  private readonly appliedListeners = new Set<(changes: readonly AnnotationChange[]) => void>()

  constructor(
    private readonly bridge: Pick<Bridge, 'saveChanges'>,
    readonly project: Project
  ) {
    this.annotations = project.annotations
    this.saveState = { kind: 'saved', at: project.updatedAt }
    this.snapshot = this.makeSnapshot()
  }

  private makeSnapshot(): SessionSnapshot {
    return {
      annotations: this.annotations,
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
      save: this.saveState
    }
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot()
    for (const l of this.listeners) l()
  }

  /** For React's `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): SessionSnapshot => this.snapshot

  /** Hear every change applied, from an edit, an undo or a redo (the editor redraws from these). */
  onApplied(listener: (changes: readonly AnnotationChange[]) => void): () => void {
    this.appliedListeners.add(listener)
    return () => this.appliedListeners.delete(listener)
  }

  find(id: string): Annotation | undefined {
    return this.annotations.find((a) => a.id === id)
  }

  private applyLocal(changes: readonly AnnotationChange[]): void {
    this.annotations = applyToList(this.annotations, changes)
    this.queue.push(...changes)
    for (const l of this.appliedListeners) l(changes)
    this.scheduleSave(SAVE_DELAY_MS)
  }

  /** Make an edit that can be undone. */
  edit(label: string, changes: readonly AnnotationChange[]): void {
    if (changes.length === 0) return
    const before = new Map(this.annotations.map((a) => [a.id, a]))
    const backward: AnnotationChange[] = []
    let map = before
    for (const change of changes) {
      backward.unshift(...invertChange(change, map))
      map = new Map(applyToList([...map.values()], [change]).map((a) => [a.id, a]))
    }
    this.undoStack.push({ label, forward: changes, backward })
    this.redoStack.length = 0
    this.applyLocal(changes)
    this.saveState = { kind: 'pending' }
    this.emit()
  }

  /** Undo the last edit. Returns false when there is nothing to undo. */
  undo(): boolean {
    const step = this.undoStack.pop()
    if (!step) return false
    this.redoStack.push(step)
    this.applyLocal(step.backward)
    this.saveState = { kind: 'pending' }
    this.emit()
    return true
  }

  /** Redo the last undone edit. Returns false when there is nothing to redo. */
  redo(): boolean {
    const step = this.redoStack.pop()
    if (!step) return false
    this.undoStack.push(step)
    this.applyLocal(step.forward)
    this.saveState = { kind: 'pending' }
    this.emit()
    return true
  }

  /** Whether edits are waiting to be saved. */
  get dirty(): boolean {
    return this.queue.length > 0 || this.running !== null
  }

  private scheduleSave(delay: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, delay)
  }

  /** Save everything queued, waiting for a save already under way. Resolves when the queue is
   *  empty, or when a save failed (the changes then stay queued and a retry is scheduled). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      if (!this.running) {
        this.running = this.saveBatch().finally(() => {
          this.running = null
        })
      }
      await this.running
      if (this.saveState.kind === 'failed') return
    }
  }

  /** Send the queued changes as one save. A failure the store may get over (the disk, the
   *  connection) keeps them queued for a retry; a change the store refuses outright is tried on its
   *  own so the others still land, and the refusal is shown. */
  private async saveBatch(): Promise<void> {
    const batch = this.queue
    this.queue = []
    this.saveState = { kind: 'saving' }
    this.emit()
    const result = await this.save(batch)
    if (result.ok) {
      this.saveState = this.queue.length ? { kind: 'pending' } : { kind: 'saved', at: result.value.updatedAt }
    } else if (TRANSIENT.has(result.code)) {
      this.queue = [...batch, ...this.queue]
      this.saveState = { kind: 'failed', message: result.message }
      this.scheduleSave(RETRY_MS)
    } else {
      const refused: string[] = []
      let savedAt: string | null = null
      for (const change of batch.length > 1 ? batch : []) {
        const one = await this.save([change])
        if (one.ok) savedAt = one.value.updatedAt
        else refused.push(one.message)
      }
      if (batch.length === 1) refused.push(result.message)
      this.saveState = refused.length
        ? { kind: 'failed', message: `${refused.length} change(s) could not be saved: ${refused.join(' ')}` }
        : { kind: 'saved', at: savedAt }
    }
    this.emit()
  }

  private async save(changes: readonly AnnotationChange[]): ReturnType<Bridge['saveChanges']> {
    try {
      return await this.bridge.saveChanges({ id: this.project.id, changes: [...changes] })
    } catch (error) {
      return { ok: false, code: 'io', message: `The save did not reach Factwork (${error instanceof Error ? error.message : String(error)}).` }
    }
  }

  /** Save what is queued now: the project is being closed. A failed save keeps its retry timer,
   *  so the edits are still saved once the fault clears. */
  dispose(): Promise<void> {
    return this.flush()
  }
}
