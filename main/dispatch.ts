import { METHOD_NAMES, methods, type MethodName, type WorkbenchApi } from '../data/api'
import { fail, type Result } from '../data/result'

export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name)
}

/** Call `method` of `api` with arguments that came from outside the process: validate them against
 *  the contract first, and turn any exception into a failure value (logged, since it is a bug). */
export async function dispatch(api: WorkbenchApi, method: string, rawArgs: unknown, log: (message: string) => void = console.error): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('not-found', `There is no operation named ${JSON.stringify(method)}.`)
  const parsed = methods[method].args.safeParse(rawArgs ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
    return fail('invalid-args', `The request to ${method} was not valid${where}: ${issue?.message ?? 'invalid'}.`)
  }
  try {
    const call = api[method] as (args: unknown) => Promise<Result<unknown>>
    return await call(parsed.data)
  } catch (error) {
    log(`factwork: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return fail('internal', `${method} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
  }
}
