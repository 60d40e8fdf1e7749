// A process that takes a data folder's lock and keeps it until it is killed, for the lock tests.
// Run as: node --import tsx/esm tests/main/lockHolder.ts <home> <command words>
import { acquireStoreLock } from '../../main/storeLock'

const [home, command] = process.argv.slice(2)
if (!home || !command) throw new Error('lockHolder needs a data folder and a command')
const lock = await acquireStoreLock(home, command)
process.stdout.write(lock.ok ? 'locked\n' : `refused ${lock.message}\n`)
setInterval(() => undefined, 60_000)
