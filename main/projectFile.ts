import type { Adapter } from 'lowdb'
import { readFile } from 'node:fs/promises'
import { readProjectFile } from '../data/migrate'
import type { ProjectFile } from '../data/project'
import { writeFileDurably } from './durable'

/** A project file that exists but cannot be read as a project. It is reported by name and never
 *  written to. */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string
  ) {
    super(`${file} cannot be read: ${problem}`)
    this.name = 'UnreadableFileError'
  }
}

/** Explain a JSON syntax error without dumping the file. */
function describeJsonError(text: string, error: unknown): string {
  if (text.length === 0) return 'the file is empty'
  if (/^\0+$/.test(text.slice(0, 64))) return 'the file holds only zero bytes'
  return `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`
}

/** A lowdb adapter for one project file: reads validate and migrate, writes are durable and keep
 *  the previous generations in `generationsDir`. A missing file reads as `null`; a damaged one
 *  throws `UnreadableFileError`. */
export class ProjectFileAdapter implements Adapter<ProjectFile> {
  constructor(
    readonly path: string,
    readonly displayName: string,
    readonly generationsDir: string,
    readonly keep = 5
  ) {}

  async read(): Promise<ProjectFile | null> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new UnreadableFileError(this.displayName, (error as Error).message)
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new UnreadableFileError(this.displayName, describeJsonError(text, error))
    }
    const parsed = readProjectFile(value)
    if (!parsed.ok) throw new UnreadableFileError(this.displayName, parsed.problem)
    return parsed.file
  }

  async write(data: ProjectFile): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify(data), { generationsDir: this.generationsDir, keep: this.keep })
  }
}
