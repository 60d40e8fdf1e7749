import * as fsPromises from 'node:fs/promises'

/** The calls the store makes on an open file. Node's `FileHandle` has them all. */
export interface FileHandleLike {
  /** Write all of `data` at the current position (at the end, for a file opened with `a`). */
  writeFile(data: string | Uint8Array): Promise<void>
  /** Flush the file's content and metadata to the disk. */
  sync(): Promise<void>
  /** Flush the file's content (and its size) to the disk. */
  datasync(): Promise<void>
  /** Cut the file to `length` bytes. */
  truncate(length?: number): Promise<void>
  close(): Promise<void>
}

/** What the store needs to know of a file. */
export interface FileStats {
  readonly size: number
  readonly mtimeMs: number
  readonly ino: number
  isDirectory(): boolean
}

/** Every file-system call the store makes, so that a test can put faults (a full disk, a denied
 *  permission, a busy file) at any step of a save. `nodeFileSystem` is the real one. */
export interface FileSystem {
  open(path: string, flags: string): Promise<FileHandleLike>
  readFile(path: string): Promise<Buffer>
  rename(from: string, to: string): Promise<void>
  link(existing: string, newPath: string): Promise<void>
  copyFile(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>
  mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>
  rmdir(path: string): Promise<void>
  readdir(path: string): Promise<string[]>
  stat(path: string): Promise<FileStats>
}

/** Node's `fs/promises`. */
export const nodeFileSystem: FileSystem = {
  open: (path, flags) => fsPromises.open(path, flags),
  readFile: (path) => fsPromises.readFile(path),
  rename: (from, to) => fsPromises.rename(from, to),
  link: (existing, newPath) => fsPromises.link(existing, newPath),
  copyFile: (from, to) => fsPromises.copyFile(from, to),
  unlink: (path) => fsPromises.unlink(path),
  rm: (path, options) => fsPromises.rm(path, options),
  mkdir: (path, options) => fsPromises.mkdir(path, options),
  rmdir: (path) => fsPromises.rmdir(path),
  readdir: (path) => fsPromises.readdir(path),
  stat: (path) => fsPromises.stat(path)
}

/** The error code of a failed file-system call (`ENOSPC`, `EACCES`…), or `EIO` when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' ? code : 'EIO'
}

/** Whether `error` says the file is not there. */
export function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT'
}
