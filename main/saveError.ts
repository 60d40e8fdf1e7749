import { errorCode } from './fileSystem'

/** The steps of a durable write at which a file-system call may fail, as they are told to a
 *  person (`{file}` is the file being saved). */
const STEPS = {
  'creating the temporary file': 'creating a temporary file beside {file}',
  writing: 'writing {file}',
  'flushing to disk': 'flushing {file} to disk',
  'keeping the previous version': 'keeping the previous version of {file}',
  'replacing the file': 'replacing {file}',
  'flushing the folder': 'flushing the folder of {file}',
  'appending to the journal': 'appending to {file}',
  'cutting the journal back': 'cutting {file} back',
  'removing the journal': 'removing {file}'
} as const

/** The step of a durable write at which a file-system call failed. */
export type SaveStep = keyof typeof STEPS

/** What a file-system error code means to a person. */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission was denied',
  EPERM: 'the operation was not permitted',
  EBUSY: 'the file is busy (another program has it open)',
  EROFS: 'the disk is read-only',
  EIO: 'the disk reported an error',
  EMFILE: 'too many files are open',
  ENOENT: 'a file or folder is missing'
}

/** A sentence for a file-system error code: "the disk is full (ENOSPC)". */
export function describeCode(code: string): string {
  return `${MEANINGS[code] ?? 'the file system refused'} (${code})`
}

/** A durable write that failed: which file, at which step, with which error code. Whatever the
 *  step, the file it was replacing still holds its previous content when this is thrown. */
export class SaveError extends Error {
  readonly code: string

  constructor(
    readonly path: string,
    readonly step: SaveStep,
    readonly reason: unknown
  ) {
    const code = errorCode(reason)
    super(`${describeCode(code)} while ${STEPS[step].replace('{file}', path)}`)
    this.name = 'SaveError'
    this.code = code
  }

  /** The same failure with `path` shown as `display` (relative to the data folder, say). */
  describe(display: string): string {
    return `${describeCode(this.code)} while ${STEPS[this.step].replace('{file}', display)}`
  }
}

/** Run `call`, turning a failure into a `SaveError` naming `path` and `step`. */
export async function step<T>(path: string, what: SaveStep, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof SaveError) throw error
    throw new SaveError(path, what, error)
  }
}
