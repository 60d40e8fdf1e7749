import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Project } from '../../data/project'
import { ok } from '../../data/result'
import { ProjectStore } from '../../main/projectStore'
import { FaultyFileSystem, type FaultCode, type FaultStep } from './faultyFileSystem'
import { addClaim, NOW, sampleProject } from './projects'

// Fault injection: a full disk, a denied permission or a busy file at each step of each kind of
// save, with the checks the product promises: the save fails at once with a message naming the
// file and the error code, the previous files are byte for byte as they were, and the same save
// succeeds, durably, once the fault clears.

/** The kinds of save: the first edit (it creates the journal), a later edit (it appends), a
 *  rewrite of the project file (a rename, say), and folding the journal into the file. */
export type FaultedSave = 'first edit' | 'later edit' | 'full rewrite' | 'fold'

/** The file-system calls each kind of save makes, each of which may fail. */
export const FAULT_STEPS: Readonly<Record<FaultedSave, readonly FaultStep[]>> = {
  'first edit': ['open', 'write', 'fsync', 'directory fsync'],
  'later edit': ['open', 'write', 'fsync'],
  'full rewrite': ['open', 'write', 'fsync', 'link', 'rename', 'directory fsync'],
  fold: ['open', 'write', 'fsync', 'link', 'rename', 'directory fsync']
}

export const FAULT_CODES: readonly FaultCode[] = ['ENOSPC', 'EACCES', 'EBUSY']

export interface FaultCase {
  readonly save: FaultedSave
  readonly step: FaultStep
  readonly code: FaultCode
}

/** Every kind of save × every step it makes × every error code. */
export function faultCases(): FaultCase[] {
  return (Object.keys(FAULT_STEPS) as FaultedSave[]).flatMap((save) => FAULT_STEPS[save].flatMap((step) => FAULT_CODES.map((code) => ({ save, step, code }))))
}

/** What happened in one case. */
export interface FaultOutcome extends FaultCase {
  /** How many calls the fault made fail (0 means the step was not on the save's path). */
  readonly hits: number
  readonly failed: boolean
  readonly message: string
  readonly msToFailure: number
  readonly namesFileAndCode: boolean
  /** Every file under projects/ and backups/ byte for byte as before the failed save. */
  readonly previousIntact: boolean
  /** The store still serves exactly the acknowledged project. */
  readonly stateIntact: boolean
  /** The same save succeeded once the fault cleared… */
  readonly recovered: boolean
  /** …and a store opened afresh has it. */
  readonly durable: boolean
}

/** Every file under `dir`, by relative path, with its bytes. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.set(path.slice(dir.length), await readFile(path))
  }
  return files
}

function sameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) ?? false)
}

/** Run one fault case in a fresh store under `root`. */
export async function runFaultCase(faultCase: FaultCase, root: string): Promise<FaultOutcome> {
  const home = await mkdtemp(join(root, 'fault-'))
  try {
    const fs = new FaultyFileSystem()
    const logged: string[] = []
    // No fold in the background: the case decides when the file is rewritten.
    const store = await ProjectStore.open(home, { fs, log: (m) => logged.push(m), fold: { idleMs: 3_600_000, maxWaitMs: 3_600_000 } })
    const created = sampleProject('p1')
    await store.create(created)
    if (faultCase.save !== 'first edit') await store.saveChanges('p1', addClaim(created, 'before'), NOW)
    const acknowledged = await store.get('p1')
    if (!acknowledged.ok) throw new Error(acknowledged.message)

    const save = async (): Promise<{ ok: boolean; message: string }> => {
      switch (faultCase.save) {
        case 'first edit':
        case 'later edit': {
          const saved = await store.saveChanges('p1', addClaim(acknowledged.value, 'faulted'), NOW)
          return { ok: saved.ok, message: saved.ok ? '' : saved.message }
        }
        case 'full rewrite': {
          const saved = await store.update('p1', (p) => ok({ ...p, title: 'Renamed', revision: p.revision + 1 }))
          return { ok: saved.ok, message: saved.ok ? '' : saved.message }
        }
        case 'fold': {
          const before = logged.length
          await store.flush()
          return { ok: logged.length === before, message: logged.slice(before).join(' ') }
        }
      }
    }
    const hasSave = (p: Project): boolean =>
      faultCase.save === 'full rewrite' ? p.title === 'Renamed' : faultCase.save === 'fold' ? p.annotations.some((a) => a.id === 'before') : p.annotations.some((a) => a.id === 'faulted')

    const before = await filesUnder(home)
    fs.fault = { step: faultCase.step, code: faultCase.code }
    const started = performance.now()
    const attempt = await save()
    const msToFailure = performance.now() - started
    fs.fault = null
    const previousIntact = sameFiles(before, await filesUnder(home))
    const now = await store.get('p1')
    const stateIntact = now.ok && isDeepStrictEqual(now.value, acknowledged.value)

    const retry = await save()
    const fresh = await (await ProjectStore.open(home)).get('p1')
    const journalFolded = faultCase.save !== 'fold' || !(await readdir(join(home, 'projects'))).includes('p1.journal')
    return {
      ...faultCase,
      hits: fs.hits,
      failed: !attempt.ok,
      message: attempt.message,
      msToFailure,
      namesFileAndCode: attempt.message.includes('projects/p1.') && attempt.message.includes(faultCase.code),
      previousIntact,
      stateIntact,
      recovered: retry.ok,
      durable: fresh.ok && hasSave(fresh.value) && journalFolded
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}
