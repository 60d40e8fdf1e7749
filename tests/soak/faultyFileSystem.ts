import { constants } from 'node:os'
import { nodeFileSystem, type FileHandleLike, type FileSystem } from '../../main/fileSystem'

/** The file-system calls a fault can be put on. `directory fsync` is an fsync of a folder;
 *  `fsync` covers both fsync and fdatasync of a file. */
export type FaultStep = 'open' | 'write' | 'fsync' | 'directory fsync' | 'link' | 'rename' | 'truncate' | 'unlink'

/** The error codes a full disk, a denied permission and a file locked by another program give. */
export type FaultCode = 'ENOSPC' | 'EACCES' | 'EBUSY'

const MESSAGES: Record<FaultCode, string> = {
  ENOSPC: 'no space left on device',
  EACCES: 'permission denied',
  EBUSY: 'resource busy or locked'
}

/** An error exactly as Node's fs gives it for `code`. */
export function errnoError(code: FaultCode, syscall: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${MESSAGES[code]}, ${syscall} '${path}'`) as NodeJS.ErrnoException
  error.code = code
  error.errno = -(constants.errno as Record<string, number>)[code]!
  error.syscall = syscall
  error.path = path
  return error
}

/** Node's file system with a switchable fault: while `fault` is set, every call of its step fails
 *  with its code, as a real full disk, denied permission or busy file would. `hits` counts the
 *  calls that failed, so a test can tell that the fault was on its path. */
export class FaultyFileSystem implements FileSystem {
  fault: { readonly step: FaultStep; readonly code: FaultCode } | null = null
  hits = 0

  constructor(private readonly real: FileSystem = nodeFileSystem) {}

  private check(step: FaultStep, syscall: string, path: string): void {
    if (this.fault?.step !== step) return
    this.hits++
    throw errnoError(this.fault.code, syscall, path)
  }

  async open(path: string, flags: string): Promise<FileHandleLike> {
    const isDirectory = (await this.real.stat(path).catch(() => null))?.isDirectory() ?? false
    if (!isDirectory) this.check('open', 'open', path)
    const handle = await this.real.open(path, flags)
    return {
      writeFile: async (data) => {
        this.check('write', 'write', path)
        await handle.writeFile(data)
      },
      sync: async () => {
        this.check(isDirectory ? 'directory fsync' : 'fsync', 'fsync', path)
        await handle.sync()
      },
      datasync: async () => {
        this.check('fsync', 'fdatasync', path)
        await handle.datasync()
      },
      truncate: async (length) => {
        this.check('truncate', 'ftruncate', path)
        await handle.truncate(length)
      },
      close: () => handle.close()
    }
  }

  readFile = (path: string) => this.real.readFile(path)
  copyFile = (from: string, to: string) => this.real.copyFile(from, to)
  rm = (path: string, options?: { force?: boolean; recursive?: boolean }) => this.real.rm(path, options)
  mkdir = (path: string, options?: { recursive?: boolean }) => this.real.mkdir(path, options)
  rmdir = (path: string) => this.real.rmdir(path)
  readdir = (path: string) => this.real.readdir(path)
  stat = (path: string) => this.real.stat(path)

  async rename(from: string, to: string): Promise<void> {
    this.check('rename', 'rename', from)
    await this.real.rename(from, to)
  }

  async link(existing: string, newPath: string): Promise<void> {
    this.check('link', 'link', existing)
    await this.real.link(existing, newPath)
  }

  async unlink(path: string): Promise<void> {
    this.check('unlink', 'unlink', path)
    await this.real.unlink(path)
  }
}
