import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { factworkInProcess } from '../main/cliInProcess'
import { differences, snapshot } from './folderSnapshot'

// The command-line half of the hostile-request harness (`hostileRequests.ts`): hostile ids,
// formats, generations and paths given to `factwork`, and files with hostile names imported.

/** What the hostile command lines found. */
export interface CommandLineTally {
  runs: number
  refused: number
  /** Imports of files with hostile names, taken as labels. */
  importedAsLabels: number
  accepted: number
  crashes: number
  /** Runs after which a file other than the one `--out` names was written or changed. */
  filesWrittenOutsideOut: number
  /** Runs whose output carried terminal control characters from a file or a project. */
  controlCharactersPrinted: number
}

/** Whether `text` holds a control character a terminal acts on (an escape, a bell, a carriage
 *  return), other than line feeds and tabs. */
const CONTROL = { test: (text: string) => [...text].some((c) => c < ' ' && c !== '\n' && c !== '\t') }

/** Run hostile command lines against a data folder of their own under `root`, counting into
 *  `tally`: each must be refused with a sentence, or take a hostile file name as a label only. */
export async function commandLines(root: string, tally: CommandLineTally, fail: (problem: string) => void, hostileIds: readonly string[]): Promise<void> {
  const home = join(root, 'cli-home')
  const work = await mkdtemp(join(root, 'cli-work-'))
  await mkdir(home, { recursive: true })
  const article = join(work, 'article.txt')
  await writeFile(article, 'Target\n\nExports rose to US$2.8 billion last year, the ministry said.')
  const imported = await factworkInProcess(home, 'import', article, '--json')
  const id = (JSON.parse(imported.out) as { id: string }).id
  const annotations = join(work, 'notes.json')
  await writeFile(annotations, JSON.stringify({ type: 'Annotation', body: 'a note', target: { selector: { type: 'TextQuoteSelector', exact: 'US$2.8 billion' } } }))
  const out = join(work, 'out.html')

  /** Run a command that must fail: exit 1 or 2 with a sentence, nothing written anywhere. */
  const refused = async (args: string[]) => {
    tally.runs++
    const before = await snapshot(root)
    let result: { code: number; out: string; err: string }
    try {
      result = await factworkInProcess(home, ...args)
    } catch (error) {
      tally.crashes++
      fail(`factwork ${args.join(' ').slice(0, 100)}: threw ${(error as Error).message}`)
      return
    }
    if (result.code === 1 || result.code === 2) {
      tally.refused++
      if (!result.err.startsWith('factwork: ') && !result.out.startsWith('factwork — ')) fail(`factwork ${args.join(' ').slice(0, 100)}: printed ${JSON.stringify(result.err.slice(0, 100))}`)
    } else {
      tally.accepted++
      fail(`factwork ${args.join(' ').slice(0, 100)}: exited ${result.code}`)
    }
    if (CONTROL.test(result.out + result.err)) {
      tally.controlCharactersPrinted++
      fail(`factwork ${JSON.stringify(args).slice(0, 100)}: printed control characters: ${JSON.stringify((result.out + result.err).slice(0, 120))}`)
    }
    const changed = differences(before, await snapshot(root))
    if (changed.length) {
      tally.filesWrittenOutsideOut++
      fail(`factwork ${args.join(' ').slice(0, 100)}: wrote ${changed.slice(0, 3).join(', ')}`)
    }
  }

  for (const hostile of hostileIds.filter((h) => h !== '' && !h.includes('\u0000'))) {
    await refused(['show', hostile])
    await refused(['show', hostile, '--json'])
    await refused(['export', hostile, '--format', 'html', '--out', out])
    await refused(['export', id, '--format', 'html', '--out', out, '--document', hostile])
    await refused(['restore', hostile])
    await refused(['backups', hostile])
    await refused(['annotations', 'import', hostile, annotations])
  }
  for (const format of ['../../html', 'html\u0000', 'HTML', 'exe', '']) await refused(['export', id, '--format', format, '--out', out])
  for (const generation of ['-1', '0', '1.5', '1e309', 'NaN', '../1', '99']) await refused(['restore', id, '--generation', generation])
  for (const file of [join(work, 'missing.json'), work, join(work, 'a\u0000b.json'), join(work, '..', '..', 'nowhere.json')]) await refused(['annotations', 'import', id, file])
  for (const args of [['import'], ['export', id], ['export', id, '--format', 'html'], ['nonsense'], ['show'], ['--out', out]]) await refused(args)

  // Files with hostile names: imported, their names kept as labels, nothing else written.
  for (const name of ['$(touch pwned).txt', '; rm -rf ~ .txt', 'x\nInjected line.txt', '\u001b]0;title\u0007.txt', '\u001b[2J.txt', '..txt', 'ŝŧ.txt']) {
    tally.runs++
    const path = join(work, name)
    await writeFile(path, `A headline\u001b[31m\n\nText with an escape \u001b]0;owned\u0007 inside.`)
    const before = await snapshot(root, [relative(root, home)])
    const result = await factworkInProcess(home, 'import', path)
    if (result.code === 0) tally.importedAsLabels++
    else fail(`factwork import ${JSON.stringify(name)} exited ${result.code}: ${result.err.slice(0, 200)}`)
    const shown = await factworkInProcess(home, 'show', ...(/project (\S+)\)/.exec(result.out)?.slice(1, 2) ?? [id]))
    if (CONTROL.test(result.out + result.err + shown.out + shown.err)) {
      tally.controlCharactersPrinted++
      fail(`factwork import/show of ${JSON.stringify(name)} printed control characters: ${JSON.stringify((result.out + shown.out).slice(0, 160))}`)
    }
    if (differences(before, await snapshot(root, [relative(root, home)])).length || (await stat(join(work, 'pwned')).then(() => true, () => false))) {
      tally.filesWrittenOutsideOut++
      fail(`factwork import ${JSON.stringify(name)} wrote outside the data folder`)
    }
  }
}
