import { z } from 'zod'

/** Why an operation a person asked for did not happen. Codes are stable; messages are sentences a
 *  person understands and name the file or project concerned. */
export const FailureCode = z.enum([
  'invalid-args',
  'not-found',
  'unreadable',
  'bad-input',
  'too-large',
  'conflict',
  'io',
  'unsupported',
  'forbidden',
  'internal'
])
export type FailureCode = z.infer<typeof FailureCode>

export const Failure = z.object({ ok: z.literal(false), code: FailureCode, message: z.string() })
export type Failure = z.infer<typeof Failure>

/** The outcome of an operation that a user's input can make fail. Failures are values, not
 *  exceptions, so they survive IPC and HTTP unchanged; bugs still throw. */
export type Result<T> = { readonly ok: true; readonly value: T } | Failure

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: FailureCode, message: string): Failure {
  return { ok: false, code, message }
}
