import { dirname, join } from 'node:path'
import type { Backup, ReadOnlyProject } from '../data/api'
import { PROJECT_FILE_VERSION, type Project } from '../data/project'
import { fail, ok, type Result } from '../data/result'
import { generationFile, listGenerations, syncDirectory, writeFileDurably } from './durable'
import { isMissing, type FileSystem } from './fileSystem'
import { JournalFile, parseJournal, replayJournal } from './journal'
import { ioFailure, type OpenProject, type ProjectPaths } from './openProject'
import { decodeProjectFile, encodeProjectFile, type DecodedProjectFile } from './projectFile'
import { SaveError, step } from './saveError'

interface Generation {
  readonly generation: number
  readonly savedAt: string
  readonly decoded: DecodedProjectFile
}

async function readGeneration(paths: ProjectPaths, generation: number, fs: FileSystem): Promise<Generation> {
  const file = generationFile(paths.generations, generation)
  try {
    const [bytes, info] = await Promise.all([fs.readFile(file), fs.stat(file)])
    return { generation, savedAt: new Date(info.mtimeMs).toISOString(), decoded: decodeProjectFile(bytes) }
  } catch (error) {
    return { generation, savedAt: '', decoded: { ok: false, problem: (error as Error).message, salvaged: null } }
  }
}

/** A project's kept generations, newest first, each with the time its content was saved and what
 *  it holds, or why it cannot be read. */
export async function readBackups(paths: ProjectPaths, fs: FileSystem): Promise<Backup[]> {
  const numbers = (await listGenerations(paths.generations, fs)).reverse()
  const backups: Backup[] = []
  for (const n of numbers) {
    const { savedAt, decoded } = await readGeneration(paths, n, fs)
    const project = decoded.ok ? decoded.file.project : null
    backups.push({
      generation: n,
      savedAt,
      revision: project?.revision ?? null,
      updatedAt: project?.updatedAt ?? null,
      title: project?.title ?? null,
      annotationCount: project?.annotations.length ?? null,
      problem: decoded.ok ? null : decoded.problem
    })
  }
  return backups
}

/** The generation to restore: `generation` if given and readable, else the newest readable one. */
async function chooseGeneration(paths: ProjectPaths, generation: number | null, fs: FileSystem): Promise<Result<{ generation: number; project: Project }>> {
  const numbers = (await listGenerations(paths.generations, fs)).reverse()
  if (numbers.length === 0) return fail('not-found', `There are no backups of ${paths.fileName}.`)
  if (generation !== null && !numbers.includes(generation)) {
    return fail('not-found', `${paths.fileName} has no backup generation ${generation}; it has ${numbers.join(', ')}.`)
  }
  for (const n of generation === null ? numbers : [generation]) {
    const { decoded } = await readGeneration(paths, n, fs)
    if (decoded.ok) return ok({ generation: n, project: decoded.file.project })
    if (generation !== null) return fail('unreadable', `Backup generation ${n} of ${paths.fileName} cannot be read: ${decoded.problem}.`)
  }
  return fail('unreadable', `None of the backups of ${paths.fileName} can be read.`)
}

/** Replace a project by a kept generation, at the person's request. `current` is the project when
 *  it is readable: its journal is folded first, and its file becomes a generation itself. Without
 *  it (the project is damaged or missing), the damaged file and journal are set aside as
 *  `backups/<id>/damaged-<time>.json|.journal` before the generation is written in their place.
 *  The restored project's revision is above every earlier one, so no old journal record can apply
 *  to it. Resolves with the generation restored. */
export async function restoreBackup(paths: ProjectPaths, current: OpenProject | null, generation: number | null, at: string, fs: FileSystem): Promise<Result<number>> {
  const chosen = await chooseGeneration(paths, generation, fs)
  if (!chosen.ok) return chosen
  const { project } = chosen.value
  try {
    if (current) {
      await current.fold()
      const replaced = await current.replace({ ...project, revision: Math.max(current.project.revision, project.revision) + 1, updatedAt: at })
      return replaced.ok ? ok(chosen.value.generation) : replaced
    }
    const aside = join(paths.generations, `damaged-${Date.now()}`)
    await fs.mkdir(paths.generations, { recursive: true })
    const damaged = await fs.readFile(paths.file).catch((error: unknown) => {
      if (isMissing(error)) return null
      throw error
    })
    if (damaged) await writeFileDurably(`${aside}.json`, damaged, { fs })
    try {
      await step(paths.journal, 'removing the journal', () => fs.rename(paths.journal, `${aside}.journal`))
      await step(paths.journal, 'flushing the folder', () => syncDirectory(dirname(paths.journal), fs))
    } catch (error) {
      if (!(error instanceof SaveError && isMissing(error.reason))) throw error
    }
    const restored = { version: PROJECT_FILE_VERSION, project: { ...project, revision: project.revision + 1, updatedAt: at } } as const
    await writeFileDurably(paths.file, encodeProjectFile(restored), { fs })
    return ok(chosen.value.generation)
  } catch (error) {
    return ioFailure(paths, error, 'Nothing was restored')
  }
}

/** The most that can be shown of a damaged project without changing anything: its file with the
 *  journal's edits up to the damaged one, or the content of a file whose checksum fails, or its
 *  newest readable generation. `problem` is why it cannot be opened normally. */
export async function viewReadOnly(paths: ProjectPaths, problem: string, fs: FileSystem): Promise<Result<ReadOnlyProject>> {
  const fileBytes = await fs.readFile(paths.file).catch(() => null)
  const decoded = fileBytes ? decodeProjectFile(fileBytes) : null
  const base = decoded?.ok ? decoded.file : (decoded?.salvaged ?? null)
  if (base) {
    const journalBytes = await JournalFile.read(paths.journal, fs).catch(() => null)
    const records = journalBytes ? parseJournal(journalBytes).records : []
    const replay = replayJournal(base, records)
    const project = replay.file.project
    const edits = project.revision - base.project.revision
    const shown = decoded?.ok
      ? `${paths.fileName} with the ${edits} saved edit${edits === 1 ? '' : 's'} of ${paths.journalName} that can be read`
      : `${paths.fileName} as it is on disk, though its checksum does not match: some of its content may be damaged`
    return ok({ project, shown, problem })
  }
  for (const n of (await listGenerations(paths.generations, fs)).reverse()) {
    const generation = await readGeneration(paths, n, fs)
    if (generation.decoded.ok) {
      return ok({
        project: generation.decoded.file.project,
        shown: `backup generation ${n} of ${paths.fileName}, saved ${generation.savedAt}: the newest copy that can be read`,
        problem
      })
    }
  }
  return fail('unreadable', `${problem} No backup of it can be read either.`)
}
