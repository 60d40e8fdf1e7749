import type { Bridge } from '../data/api'
import { applyChanges, invertChange, invertChanges, type Change } from '../data/changes'
import type { Annotation, ArticleDocument, Project } from '../data/project'
import { ok, type Result } from '../data/result'

/** Where the project's edits stand against the disk. */
export type SaveState =
  | { readonly kind: 'saved'; readonly at: string | null }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'failed'; readonly message: string }

export interface SessionSnapshot {
  /** The project as the person sees it: saved state plus edits not yet saved. */
  readonly project: Project
  readonly canUndo: boolean
  readonly canRedo: boolean
  readonly save: SaveState
}

interface Step {
  readonly label: string
  readonly forward: readonly Change[]
  readonly backward: readonly Change[]
}

/** Wait after the last edit before saving, so a burst of edits is one save. */
const SAVE_DELAY_MS = 250
/** Wait before trying a failed save again. */
const RETRY_MS = 3000
/** Failures a later try may get past; other failures mean the store refuses the change itself. */
const TRANSIENT: ReadonlySet<string> = new Set(['io', 'internal', 'unreadable'])

/** One open project as the person edits it: every edit is applied at once on screen, recorded for
 *  undo and redo, and saved in the background as deltas. Nothing is dropped when a save fails: the
 *  changes stay queued and are tried again. */
export class Session {
  private current: Project
  private readonly undoStack: Step[] = []
  private readonly redoStack: Step[] = []
  private queue: Change[] = []
  private running: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private saveState: SaveState
  private snapshot: SessionSnapshot
  private readonly listeners = new Set<() => void>()
  private readonly appliedListeners = new Set<(changes: readonly Change[]) => void>()

  constructor(
    private readonly bridge: Pick<Bridge, 'saveChanges'>,
    project: Project
  ) {
    this.current = project
    this.saveState = { kind: 'saved', at: project.updatedAt }
    this.snapshot = this.makeSnapshot()
  }

  private makeSnapshot(): SessionSnapshot {
    return {
      project: this.current,
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
  onApplied(listener: (changes: readonly Change[]) => void): () => void {
    this.appliedListeners.add(listener)
    return () => this.appliedListeners.delete(listener)
  }

  /** The project's id. */
  get id(): string {
    return this.current.id
  }

  find(id: string): Annotation | undefined {
    return this.current.annotations.find((a) => a.id === id)
  }

  private applyLocal(changes: readonly Change[]): Result<void> {
    const next = applyChanges(this.current, changes, new Date().toISOString())
    if (!next.ok) return next
    this.current = next.value
    this.queue.push(...changes)
    for (const l of this.appliedListeners) l(changes)
    this.scheduleSave(SAVE_DELAY_MS)
    return ok(undefined)
  }

  /** Make an edit that can be undone. Fails, changing nothing, when the changes do not apply to
   *  the project (the same check the store makes). */
  edit(label: string, changes: readonly Change[]): Result<void> {
    if (changes.length === 0) return ok(undefined)
    // One change is inverted without applying it first: applying a change to a large project is
    // the costly part, and `applyLocal` checks it anyway.
    const backward = changes.length === 1 ? ok(invertChange(changes[0]!, this.current)) : invertChanges(this.current, changes, new Date().toISOString())
    if (!backward.ok) return backward
    const applied = this.applyLocal(changes)
    if (!applied.ok) return applied
    this.undoStack.push({ label, forward: changes, backward: backward.value })
    this.redoStack.length = 0
    this.saveState = { kind: 'pending' }
    this.emit()
    return ok(undefined)
  }

  /** Documents imported into the project since it was opened (they are saved by the import). */
  documentsAdded(documents: readonly ArticleDocument[]): void {
    const known = new Set(this.current.documents.map((d) => d.id))
    const added = documents.filter((d) => !known.has(d.id))
    if (added.length === 0) return
    this.current = { ...this.current, documents: [...this.current.documents, ...added] }
    this.emit()
  }

  /** Undo the last edit. Returns false when there is nothing to undo. */
  undo(): boolean {
    const step = this.undoStack.pop()
    if (!step) return false
    if (!this.applyLocal(step.backward).ok) return false
    this.redoStack.push(step)
    this.saveState = { kind: 'pending' }
    this.emit()
    return true
  }

  /** Redo the last undone edit. Returns false when there is nothing to redo. */
  redo(): boolean {
    const step = this.redoStack.pop()
    if (!step) return false
    if (!this.applyLocal(step.forward).ok) return false
    this.undoStack.push(step)
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

  private async save(changes: readonly Change[]): ReturnType<Bridge['saveChanges']> {
    try {
      return await this.bridge.saveChanges({ id: this.current.id, changes: [...changes] })
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
