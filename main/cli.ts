import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { ExportFormat } from '../data/api'
import type { ImportOutcome } from './projectImport'
import { applyChanges } from '../data/changes'
import { describeImport, placeAnnotations, type ImportReport } from '../data/import/placing'
import { parseAnnotationsText } from '../data/import/w3c'
import { resolveConflicts } from '../data/merge'
import { summarize, type Project } from '../data/project'
import { fail, ok, type Failure } from '../data/result'
import { findChromium, printWithChromium } from './chromePrinter'
import { dataDirectory, defaultUserData, sourceRoot } from './paths'
import { ProjectStore } from './projectStore'
import { seedSamples } from './samples'
import { startServer } from './server'
import { createWorkbench } from './workbench'

const USAGE = `factwork — annotate articles for fact-checking

Usage:
  factwork import <file>... [--title T] [--prefer theirs] [--json]
                                                  make a project from each file: an article (.html,
                                                  .docx, .pdf, .md, .txt), a page Factwork exported,
                                                  or a bundle (.factwork), which is merged into its
                                                  project when the store has it
  factwork list [--json]                          list the projects
  factwork show <id> [--json]                     a project, its documents and annotations
  factwork export <id> --format F --out FILE [--document D]
                [--review-url URL] [--organization NAME] [--organization-url URL] [--author NAME]
                                                  export a project (FILE "-" is standard output);
                                                  F is html, pdf, docx, markdown, w3c, claimreview,
                                                  csv, bundle or text; the publication options
                                                  override the project's settings for this export
  factwork annotations import <id> <file> [--document D] [--json]
                                                  place W3C Web Annotations (or Hypothesis JSON)
                                                  on a project's document
  factwork check [--json]                         validate every file of the store
  factwork backups <id> [--json]                  the kept generations of a project file
  factwork restore <id> [--generation N] [--json] put a kept generation back (the newest readable one by default)
  factwork serve [--port N] [--no-open]           run the app in the browser on 127.0.0.1

The store is in $FACTWORK_HOME, or the desktop app's data folder when it is not set. import, restore
and serve need the folder to themselves; the other commands also run while it is in use.`

/** Commands that change the store: they take its lock, and are refused while another process
 *  holds it. The others open the store read-only and write nothing. */
const WRITING_COMMANDS: ReadonlySet<string> = new Set(['import', 'annotations', 'restore', 'serve'])

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

/** `text` with the control characters a terminal acts on (C0, escape among them), other than
 *  line feeds and tabs, as U+FFFD. JSON output holds none: JSON writes them as escapes. */
function shown(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' || c > '\u001f' ? c : '\uFFFD'))
}

/** Run the command line `argv` (without `node` and the script). Resolves with the exit code. */
export async function runCli(argv: readonly string[], io = { out: process.stdout, err: process.stderr, env: process.env }): Promise<number> {
  // Titles, quotes and messages come from files: their control characters (escape sequences that
  // retitle the terminal, clear it or set the clipboard) are shown as U+FFFD, never sent to it.
  const print = (text: string) => io.out.write(shown(text.endsWith('\n') ? text : `${text}\n`))
  const err = { write: (text: string) => io.err.write(shown(text)) }
  const root = sourceRoot()
  // Under "npm run factwork", npm runs us from the package folder: paths are the caller's.
  const here = io.env.npm_lifecycle_event === 'factwork' && io.env.INIT_CWD ? io.env.INIT_CWD : process.cwd()
  const fromHere = (path: string) => resolve(here, path)
  // Closed at the end, whatever happens: its journals are folded and its lock released.
  let store: ProjectStore | null = null
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        document: { type: 'string' },
        'review-url': { type: 'string' },
        organization: { type: 'string' },
        'organization-url': { type: 'string' },
        author: { type: 'string' },
        prefer: { type: 'string' },
        generation: { type: 'string' },
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
    try {
      if (WRITING_COMMANDS.has(command)) {
        const opened = await ProjectStore.openExclusive(home, `factwork ${command}`)
        if (!opened.ok) throw new CliError(`${opened.message} factwork ${command} changes the store and needs the folder to itself; list, show, export and check work meanwhile.`)
        store = opened.value
      } else {
        store = await ProjectStore.openReadOnly(home)
      }
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError(`The data folder ${home} cannot be used: ${(error as Error).message}`)
    }
    const chromium = findChromium(io.env)
    const workbench = createWorkbench({
      store,
      host: 'browser',
      version: await version(root),
      printPdf: chromium
        ? async (html) => {
            const printed = await printWithChromium(html, chromium)
            return printed.ok ? ok(printed.pdf) : fail('io', `The PDF could not be made: ${printed.problem}.`)
          }
        : undefined
    })

    switch (command) {
      case 'import': {
        if (rest.length === 0) throw new CliError('import needs a file: factwork import <file>', 2)
        if (values.prefer !== undefined && values.prefer !== 'theirs' && values.prefer !== 'mine') {
          throw new CliError(`--prefer takes "theirs" or "mine", not ${JSON.stringify(values.prefer)}`, 2)
        }
        const imported: ImportOutcome[] = []
        let failures = 0
        for (const file of rest) {
          let bytes: Buffer
          try {
            bytes = await readFile(fromHere(file))
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code
            const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message
            err.write(`factwork: cannot read ${file}: ${why}\n`)
            failures++
            continue
          }
          let result = await workbench.importFile(basename(file), new Uint8Array(bytes), { title: values.title })
          if (result.ok && values.prefer === 'theirs' && result.value.conflicts.length) {
            // Take their version of everything that differed, as asked.
            const { project, conflicts } = result.value
            const choices = Object.fromEntries(conflicts.map((c) => [c.key, 'theirs' as const]))
            const resolved = await store.update(project.id, (p) => resolveConflicts(p, conflicts, choices, new Date().toISOString()))
            if (!resolved.ok) failed(resolved)
            result = ok({ ...result.value, project: resolved.value, conflicts: [], notices: [...result.value.notices, `Took the version in ${basename(file)} for all ${conflicts.length} conflicting item(s), as asked.`] })
          }
          if (!result.ok) {
            err.write(`factwork: ${result.message}\n`)
            failures++
            continue
          }
          imported.push(result.value)
          if (!values.json) {
            const { project, created, notices, conflicts } = result.value
            print(created ? `Imported ${basename(file)} as "${project.title}" (project ${project.id}).` : `Merged ${basename(file)} into "${project.title}" (project ${project.id}).`)
            for (const notice of notices) print(`  ${notice}`)
            if (conflicts.length) print(`  ${conflicts.length} conflict(s) kept your version; run again with --prefer theirs to take theirs.`)
          }
        }
        const json = (i: ImportOutcome) => ({ ...projectJson(i.project), created: i.created, notices: i.notices, conflicts: i.conflicts })
        if (values.json) print(JSON.stringify(rest.length === 1 ? (imported[0] ? json(imported[0]) : null) : imported.map(json), null, 2))
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
        for (const problem of problems) err.write(`factwork: ${problem.message}\n`)
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
        if (!id) throw new CliError('export needs a project id: factwork export <id> --format html --out FILE', 2)
        if (!format.success) {
          throw new CliError(
            values.format === undefined
              ? `export needs --format, one of: ${ExportFormat.options.join(', ')}`
              : `"${values.format}" is not an export format this version has; use one of: ${ExportFormat.options.join(', ')}`,
            2
          )
        }
        if (!values.out) throw new CliError('export needs --out FILE (or --out - for standard output)', 2)
        const publication = Object.fromEntries(
          (
            [
              ['reviewUrl', values['review-url']],
              ['organization', values.organization],
              ['organizationUrl', values['organization-url']],
              ['author', values.author]
            ] as const
          ).filter(([, v]) => v !== undefined)
        )
        const file = await workbench.exportProject({ id, format: format.data, documentId: values.document, publication })
        if (!file.ok) failed(file)
        const content = file.value.encoding === 'base64' ? Buffer.from(file.value.content, 'base64') : file.value.content
        for (const warning of file.value.warnings) err.write(`factwork: note: ${warning}\n`)
        if (values.out === '-') {
          io.out.write(content)
        } else {
          try {
            await writeFile(fromHere(values.out), content)
          } catch (error) {
            throw new CliError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`)
          }
          err.write(`Exported ${id} as ${format.data} to ${values.out}\n`)
        }
        return 0
      }
      case 'annotations': {
        const [sub, id, file] = rest
        if (sub !== 'import' || !id || !file) throw new CliError('use: factwork annotations import <project id> <file> [--document D] [--json]', 2)
        let text: string
        try {
          text = await readFile(fromHere(file), 'utf8')
        } catch (error) {
          throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
        }
        const name = basename(file)
        const parsed = parseAnnotationsText(text, name)
        if (!parsed.ok) failed(parsed)
        let report: ImportReport | null = null
        const now = new Date().toISOString()
        const saved = await store.update(id, (project) => {
          if (values.document !== undefined && !project.documents.some((d) => d.id === values.document)) {
            return fail('not-found', `Project "${project.title}" has no document with id ${values.document}; factwork show ${id} lists them.`)
          }
          // A project with one document leaves no doubt where the annotations go.
          const documentId = values.document ?? (project.documents.length === 1 ? project.documents[0]!.id : null)
          const placed = placeAnnotations(project, parsed.value, { documentId, now, newId: () => randomUUID(), origin: name })
          report = placed.report
          return placed.changes.length ? applyChanges(project, placed.changes, now) : ok(project)
        })
        if (!saved.ok) failed(saved)
        if (values.json) print(JSON.stringify({ id, report }, null, 2))
        else print(describeImport(report!, name))
        return 0
      }
      case 'check': {
        const { checked, problems, notices } = await store.check()
        if (values.json) print(JSON.stringify({ dataDir: home, checked, problems, notices, ok: problems.length === 0 }, null, 2))
        else if (problems.length === 0) print(`All ${checked} project file(s) in ${home} are readable.`)
        for (const problem of problems) err.write(`factwork: ${problem.message}\n`)
        for (const notice of notices) err.write(`factwork: note: ${notice}\n`)
        return problems.length ? 1 : 0
      }
      case 'backups': {
        const id = rest[0]
        if (!id) throw new CliError('backups needs a project id: factwork backups <id>', 2)
        const backups = await store.backups(id)
        if (!backups.ok) failed(backups)
        if (values.json) print(JSON.stringify({ id, backups: backups.value }, null, 2))
        else if (backups.value.length === 0) print(`There are no backups of projects/${id}.json yet.`)
        for (const b of values.json ? [] : backups.value) {
          print(
            b.problem === null
              ? `generation ${b.generation}  saved ${b.savedAt}  revision ${b.revision}  ${b.annotationCount} annotation(s)  "${b.title}"`
              : `generation ${b.generation}  saved ${b.savedAt}  cannot be read: ${b.problem}`
          )
        }
        return 0
      }
      case 'restore': {
        const id = rest[0]
        if (!id) throw new CliError('restore needs a project id: factwork restore <id> [--generation N]', 2)
        const generation = values.generation === undefined ? null : Number(values.generation)
        if (generation !== null && !(Number.isInteger(generation) && generation > 0)) {
          throw new CliError(`--generation must be a generation number (see factwork backups ${id}), not ${values.generation}`, 2)
        }
        const restored = await store.restoreBackup(id, generation, new Date().toISOString())
        if (!restored.ok) failed(restored)
        const summary = summarize(restored.value.project)
        if (values.json) print(JSON.stringify({ generation: restored.value.generation, project: summary }, null, 2))
        else {
          print(
            `Restored "${summary.title}" (project ${id}, ${summary.annotationCount} annotation(s)) from backup generation ${restored.value.generation}. ` +
              `What it replaced is kept in backups/${id}/.`
          )
        }
        return 0
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
        err.write(`Factwork is serving ${home} at ${server.origin} (only this computer can reach it). Press Ctrl+C to stop.\n`)
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
      err.write(`factwork: ${error.message}\n`)
      return error.exitCode
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`factwork: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    throw error
  } finally {
    await store?.close()
  }
}
