// The process the kill harness kills: it opens the store the way the app does (taking over the
// lock a killed predecessor left), prints what it finds, then saves edits as fast as it can and
// prints each one once the store has acknowledged it. Run as: writer <home> <seed>.
//
// Lines on standard output (synchronous on a pipe, so a printed line was acknowledged first):
//   state <json>          the projects as this process found them, and `check`'s problems
//   ready                 writing starts
//   ack <json>            an acknowledged save: {project, revision, kind, annotation?, seq}
//   refused <message>     the store could not be opened
// With a third argument `verify` it prints the state, closes the store and exits.
import { ok } from '../../data/result'
import type { Project } from '../../data/project'
import { ProjectStore } from '../../main/projectStore'
import { addClaim, NOW, sampleProject, setNote } from './projects'
import { seededRandom as random } from '../seeded'

/** The projects every writer works on, one save at a time each, all at once. */
export const WRITER_PROJECTS = ['k0', 'k1', 'k2'] as const

/** What a writer prints about a project it found. */
export interface FoundProject {
  readonly id: string
  readonly revision: number
  readonly title: string
  /** Note of each annotation, by id. */
  readonly notes: Record<string, string>
}

export interface FoundState {
  readonly projects: FoundProject[]
  readonly unreadable: string[]
  readonly problems: string[]
  readonly notices: string[]
}

/** A save the writer was told is on disk. `seq` orders a writer's saves of one kind of value. */
export interface Ack {
  readonly project: string
  readonly revision: number
  readonly kind: 'add' | 'note' | 'title'
  readonly annotation?: string
  readonly value: string
}

const print = (line: string) => process.stdout.write(`${line}\n`)

async function main(home: string, seed: number, verifyOnly: boolean): Promise<void> {
  const rand = random(seed)
  const opened = await ProjectStore.openExclusive(home, 'the kill harness writer', {
    // Fold often, so that kills land in folds as well as in appends.
    fold: { idleMs: 1 + Math.floor(rand() * 20), maxWaitMs: 200, maxRecords: 2 + Math.floor(rand() * 12), maxBytes: 64 * 1024 }
  })
  if (!opened.ok) {
    print(`refused ${opened.message}`)
    process.exit(2)
  }
  const store = opened.value

  const found: FoundState = { projects: [], unreadable: [], problems: [], notices: [] }
  const projects = new Map<string, Project>()
  for (const id of WRITER_PROJECTS) {
    const got = await store.get(id)
    if (got.ok) {
      projects.set(id, got.value)
      found.projects.push({ id, revision: got.value.revision, title: got.value.title, notes: Object.fromEntries(got.value.annotations.map((a) => [a.id, a.note])) })
    } else if (got.code !== 'not-found') {
      found.unreadable.push(got.message)
    }
  }
  const check = await store.check()
  found.problems.push(...check.problems.map((p) => p.message))
  found.notices.push(...check.notices)
  print(`state ${JSON.stringify(found)}`)
  if (found.unreadable.length) process.exit(3)
  if (verifyOnly) {
    await store.close()
    process.exit(0)
  }

  for (const id of WRITER_PROJECTS) {
    if (projects.has(id)) continue
    const created = await store.create(sampleProject(id))
    if (!created.ok) throw new Error(created.message)
    projects.set(id, created.value)
  }
  print('ready')

  let counter = 0
  const tag = `${process.pid}-${seed}`
  const work = async (id: string): Promise<never> => {
    for (;;) {
      const project = projects.get(id)!
      const roll = rand()
      const n = ++counter
      if (roll < 0.06) {
        const title = `T ${tag}-${n}`
        const saved = await store.update(id, (p) => ok({ ...p, title, revision: p.revision + 1 }))
        if (!saved.ok) throw new Error(saved.message)
        projects.set(id, saved.value)
        print(`ack ${JSON.stringify({ project: id, revision: saved.value.revision, kind: 'title', value: title } satisfies Ack)}`)
      } else if (roll < 0.3 && project.annotations.length > 0) {
        const target = project.annotations[Math.floor(rand() * project.annotations.length)]!
        const note = `N ${tag}-${n}`
        const saved = await store.saveChanges(id, setNote(target.id, note), NOW)
        if (!saved.ok) throw new Error(saved.message)
        projects.set(id, saved.value)
        print(`ack ${JSON.stringify({ project: id, revision: saved.value.revision, kind: 'note', annotation: target.id, value: note } satisfies Ack)}`)
      } else {
        const annotation = `a-${tag}-${n}`
        const saved = await store.saveChanges(id, addClaim(project, annotation, `A ${annotation}`), NOW)
        if (!saved.ok) throw new Error(saved.message)
        projects.set(id, saved.value)
        print(`ack ${JSON.stringify({ project: id, revision: saved.value.revision, kind: 'add', annotation, value: `A ${annotation}` } satisfies Ack)}`)
      }
    }
  }
  await Promise.all(WRITER_PROJECTS.map(work))
}

const [home, seed, mode] = process.argv.slice(2)
if (home && seed && process.env.FACTWORK_KILL_WRITER === '1') {
  main(home, Number(seed), mode === 'verify').catch((error: unknown) => {
    print(`error ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(4)
  })
}
