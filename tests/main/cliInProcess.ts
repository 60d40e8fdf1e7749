import { Writable } from 'node:stream'
import { runCli } from '../../main/cli'

/** What `factwork` printed and how it exited. */
export interface Printed {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** A stream that collects what is written to it. */
function sink(): { stream: Writable; text: () => string } {
  let text = ''
  return { stream: new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString('utf8')), done()) }), text: () => text }
}

/** Run `factwork` in this process over the data folder `home`, quicker than a process of its own:
 *  the exit code and what it printed, as a shell would see them. A crash throws. */
export async function factworkInProcess(home: string, ...args: string[]): Promise<Printed> {
  const out = sink()
  const err = sink()
  const code = await runCli(args, { out: out.stream as unknown as typeof process.stdout, err: err.stream as unknown as typeof process.stderr, env: { FACTWORK_HOME: home } })
  return { code, out: out.text(), err: err.text() }
}
