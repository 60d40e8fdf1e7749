import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ExportFormat } from '../data/api'
import { summarize, type Project } from '../data/project'
import type { Failure } from '../data/result'
import { dataDirectory, defaultUserData, sourceRoot } from './paths'
import { ProjectStore } from './projectStore'
import { seedSamples } from './samples'
import { startServer } from './server'
import { createWorkbench } from './workbench'

const USAGE = `factwork — annotate articles for fact-checking

Usage:
  factwork import <file>... [--title T] [--json]   make a project from each file
  factwork list [--json]                          list the projects
  factwork show <id> [--json]                     a project, its documents and annotations
  factwork export <id> --format text --out FILE   export a project (FILE "-" is standard output)
  factwork check [--json]                         validate every file of the store
  factwork serve [--port N] [--no-open]           run the app in the browser on 127.0.0.1

The store is in $FACTWORK_HOME, or the desktop app's data folder when it is not set.`

/** A problem the person can fix: printed on stderr, exit code 1 (2 for a wrong command line). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message)
  }
}

function failed(failure: Failure): never {
  throw new CliError(failure.message)
}

function version(root: string): Promise<string> {
  return readFile(join(root, 'package.json'), 'utf8').then((t) => (JSON.parse(t) as { version: string }).version)
}

function projectJson(project: Project) {
  return {
    id: project.id,
    title: project.title,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    revision: project.revision,
    documents: project.documents.map((d) => ({
      id: d.id,
      title: d.title,
      format: d.format,
      original: d.original,
      characters: d.text.length
    })),
    annotationCount: project.annotations.length
  }
}

/** Open a URL in the person's browser, quietly doing nothing where there is none. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No browser launcher: the address is printed anyway.
  }
}

/** Run the command line `argv` (without `node` and the script). Resolves with the exit code. */
export async function runCli(argv: readonly string[], io = { out: process.stdout, err: process.stderr, env: process.env }): Promise<number> {
  const print = (text: string) => io.out.write(text.endsWith('\n') ? text : `${text}\n`)
  const root = sourceRoot()
  // Under "npm run factwork", npm runs us from the package folder: paths are the caller's.
  const here = io.env.npm_lifecycle_event === 'factwork' && io.env.INIT_CWD ? io.env.INIT_CWD : process.cwd()
  const fromHere = (path: string) => resolve(here, path)
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
    const [command, ...rest] = positionals
    if (values.version) {
      print(await version(root))
      return 0
    }
    if (values.help || !command || command === 'help') {
      print(USAGE)
      return command || values.help ? 0 : 2
    }
    const home = dataDirectory(io.env, defaultUserData())
    let store: ProjectStore
    try {
      store = await ProjectStore.open(home)
    } catch (error) {
      throw new CliError(`The data folder ${home} cannot be used: ${(error as Error).message}`)
    }
    const workbench = createWorkbench({ store, host: 'browser', version: await version(root) })

    switch (command) {
      case 'import': {
        if (rest.length === 0) throw new CliError('import needs a file: factwork import <file>', 2)
        const imported: Project[] = []
        let failures = 0
        for (const file of rest) {
          let bytes: Buffer
          try {
            bytes = await readFile(fromHere(file))
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code
            const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message
            io.err.write(`factwork: cannot read ${file}: ${why}\n`)
            failures++
            continue
          }
          const result = await workbench.importFile(basename(file), new Uint8Array(bytes), { title: values.title })
          if (!result.ok) {
            io.err.write(`factwork: ${result.message}\n`)
            failures++
            continue
          }
          imported.push(result.value)
          if (!values.json) print(`Imported ${basename(file)} as "${result.value.title}" (project ${result.value.id}).`)
        }
        if (values.json) print(JSON.stringify(rest.length === 1 ? (imported[0] ? projectJson(imported[0]) : null) : imported.map(projectJson), null, 2))
        return failures ? 1 : 0
      }
      case 'list': {
        const { projects, problems } = await store.list()
        if (values.json) {
          print(JSON.stringify({ projects, problems }, null, 2))
        } else if (projects.length === 0) {
          print('No projects yet. Import one with: factwork import <file>')
        } else {
          for (const p of projects) print(`${p.id}  ${p.title}  (${p.annotationCount} annotations, updated ${p.updatedAt})`)
        }
        for (const problem of problems) io.err.write(`factwork: ${problem.message}\n`)
        return 0
      }
      case 'show': {
        const id = rest[0]
        if (!id) throw new CliError('show needs a project id: factwork show <id> --json', 2)
        const project = await store.get(id)
        if (!project.ok) failed(project)
        if (values.json) {
          print(JSON.stringify(project.value, null, 2))
        } else {
          const s = summarize(project.value)
          print(`${s.title}\n  id ${s.id}, ${s.documentCount} document(s), ${s.annotationCount} annotation(s)`)
          for (const a of project.value.annotations) print(`  ${a.kind.padEnd(8)} ${a.start}–${a.end}  “${a.quote.exact}”`)
        }
        return 0
      }
      case 'export': {
        const id = rest[0]
        const format = ExportFormat.safeParse(values.format)
        if (!id) throw new CliError('export needs a project id: factwork export <id> --format text --out FILE', 2)
        if (!format.success) {
          throw new CliError(
            values.format === undefined
              ? `export needs --format, one of: ${ExportFormat.options.join(', ')}`
              : `"${values.format}" is not an export format this version has; use one of: ${ExportFormat.options.join(', ')}`,
            2
          )
        }
        if (!values.out) throw new CliError('export needs --out FILE (or --out - for standard output)', 2)
        const file = await workbench.exportProject({ id, format: format.data })
        if (!file.ok) failed(file)
        if (values.out === '-') {
          io.out.write(file.value.content)
        } else {
          try {
            await writeFile(fromHere(values.out), file.value.content)
          } catch (error) {
            throw new CliError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`)
          }
          io.err.write(`Exported ${id} as ${format.data} to ${values.out}\n`)
        }
        return 0
      }
      case 'check': {
        const { checked, problems } = await store.check()
        if (values.json) print(JSON.stringify({ dataDir: home, checked, problems, ok: problems.length === 0 }, null, 2))
        else if (problems.length === 0) print(`All ${checked} project file(s) in ${home} are readable.`)
        for (const problem of problems) io.err.write(`factwork: ${problem.message}\n`)
        return problems.length ? 1 : 0
      }
      case 'serve': {
        const rendererDir = join(root, 'out', 'renderer')
        if (!existsSync(join(rendererDir, 'index.html'))) {
          throw new CliError('The app is not built yet: run "npm run build" first ("npm run serve" builds and serves).')
        }
        const port = values.port === undefined ? 0 : Number(values.port)
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not ${values.port}`, 2)
        await seedSamples(home, root, (name, bytes) => workbench.importFile(name, bytes))
        const server = await startServer({ api: workbench, rendererDir, port })
        print(server.url)
        io.err.write(`Factwork is serving ${home} at ${server.origin} (only this computer can reach it). Press Ctrl+C to stop.\n`)
        if (!values['no-open']) openInBrowser(server.url)
        await new Promise<void>((done) => {
          const stop = () => void server.close().then(done)
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
        })
        return 0
      }
      default:
        throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2)
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err.write(`factwork: ${error.message}\n`)
      return error.exitCode
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`factwork: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    throw error
  }
}
