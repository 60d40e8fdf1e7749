import type { Adapter } from 'lowdb'
import { createHash } from 'node:crypto'
import { readProjectFile } from '../data/migrate'
import type { ProjectFile } from '../data/project'
import { prepareDurableWrite } from './durable'
import { isMissing, nodeFileSystem, type FileSystem } from './fileSystem'

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

/** The end of every project file this version writes: `,"sha256":"<64 hex digits>"}`, the
 *  SHA-256 of every byte before it. A flipped bit anywhere in the file is caught by it. */
const CHECKSUM_SUFFIX = /,"sha256":"([0-9a-f]{64})"\}$/
const CHECKSUM_SUFFIX_BYTES = ',"sha256":"'.length + 64 + '"}'.length

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** A project file's bytes: its JSON with the checksum of everything before it as a last field. */
export function encodeProjectFile(file: ProjectFile): string {
  const body = JSON.stringify(file)
  const head = body.slice(0, -1)
  return `${head},"sha256":"${sha256(head)}"}`
}

/** What reading a project file's bytes gives: the file (migrated to the current version), or the
 *  problem in a sentence. A file whose JSON and format are sound but whose checksum does not
 *  match is a problem too; its content is offered as `salvaged`, to be shown read-only. */
export type DecodedProjectFile =
  | { readonly ok: true; readonly file: ProjectFile; readonly migrated: boolean }
  | { readonly ok: false; readonly problem: string; readonly salvaged: ProjectFile | null }

/** Explain a JSON syntax error without dumping the file. */
function describeJsonError(bytes: Uint8Array, error: unknown): string {
  if (bytes.length === 0) return 'the file is empty'
  if (bytes.subarray(0, 64).every((b) => b === 0)) return 'the file holds only zero bytes'
  return `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`
}

/** Read a project file's bytes: parse, validate and migrate, then check the checksum. Files
 *  written before checksums existed have none and are read as they are. */
export function decodeProjectFile(bytes: Uint8Array): DecodedProjectFile {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  } catch (error) {
    return { ok: false, problem: describeJsonError(bytes, error), salvaged: null }
  }
  const parsed = readProjectFile(value)
  if (!parsed.ok) return { ok: false, problem: parsed.problem, salvaged: null }
  const extra = Object.keys(value as object).filter((k) => k !== 'version' && k !== 'project')
  if (extra.length === 0) return { ok: true, file: parsed.file, migrated: parsed.migrated }
  const mismatch = {
    ok: false as const,
    problem:
      'its content does not match its checksum: it was damaged, or edited outside Factwork ' +
      '(deleting its "sha256" field makes Factwork accept it as it is)',
    salvaged: parsed.file
  }
  if (extra.length !== 1 || extra[0] !== 'sha256' || bytes.length < CHECKSUM_SUFFIX_BYTES) return mismatch
  const split = bytes.length - CHECKSUM_SUFFIX_BYTES
  const suffix = CHECKSUM_SUFFIX.exec(Buffer.from(bytes.subarray(split)).toString('latin1'))
  if (!suffix || suffix[1] !== sha256(bytes.subarray(0, split))) return mismatch
  return { ok: true, file: parsed.file, migrated: parsed.migrated }
}

/** Read the project file at `path`: `null` when there is none, the file when it is sound, and an
 *  `UnreadableFileError` naming it as `displayName` otherwise. */
export async function readProjectFileAt(path: string, displayName: string, fs: FileSystem = nodeFileSystem): Promise<ProjectFile | null> {
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path)
  } catch (error) {
    if (isMissing(error)) return null
    throw new UnreadableFileError(displayName, (error as Error).message)
  }
  const decoded = decodeProjectFile(bytes)
  if (!decoded.ok) throw new UnreadableFileError(displayName, decoded.problem)
  return decoded.file
}

/** A lowdb adapter for one project file: reads validate, migrate and check the checksum; writes
 *  are durable and keep the previous generations in `generationsDir`. A missing file reads as
 *  `null`; a damaged one throws `UnreadableFileError`. */
export class ProjectFileAdapter implements Adapter<ProjectFile> {
  constructor(
    readonly path: string,
    readonly displayName: string,
    readonly generationsDir: string,
    readonly keep = 5,
    readonly fs: FileSystem = nodeFileSystem
  ) {}

  read(): Promise<ProjectFile | null> {
    return readProjectFileAt(this.path, this.displayName, this.fs)
  }

  async write(data: ProjectFile): Promise<void> {
    await (await this.prepare(data)).commit()
  }

  /** Write `data` beside the file and flush it, without replacing the file yet: `commit` does,
   *  keeping the previous file as a generation; `discard` gives up. */
  async prepare(data: ProjectFile): Promise<{ commit(): Promise<void>; discard(): Promise<void> }> {
    const prepared = await prepareDurableWrite(this.path, encodeProjectFile(data), this.fs)
    return {
      commit: () => prepared.commit({ generationsDir: this.generationsDir, keep: this.keep }),
      discard: () => prepared.discard()
    }
  }
}
