import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'

/** One finding of Electronegativity, with its file relative to the scanned root. */
export interface Finding {
  readonly check: string
  readonly severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH'
  readonly confidence: 'TENTATIVE' | 'FIRM' | 'CERTAIN'
  readonly file: string
  readonly line: number
  readonly sample: string
  readonly description: string
  /** Whether an `eng-disable` comment in the code asked Electronegativity to hide it. */
  readonly disabledInCode: boolean
}

/** What one run found: how many checks ran, the findings, and the files that could not be parsed. */
export interface Scan {
  readonly checks: readonly string[]
  readonly findings: readonly Finding[]
  readonly errors: readonly { readonly file: string; readonly message: string }[]
}

/** The global check left out: it downloads Electron's release notes from GitHub on every run. */
export const NETWORK_CHECK = 'AvailableSecurityFixesGlobalCheck'

interface RawIssue {
  id: string
  file: string
  sample?: string
  description: string
  location: { line: number }
  severity: { name: Finding['severity'] }
  confidence: { name: Finding['confidence'] }
  visibility?: { inlineDisabled?: boolean; globalCheckDisabled?: boolean }
}

interface Engine {
  Parser: new (babelFirst: boolean, typescriptBabelFirst: boolean) => { parse(file: string, content: string): [number, unknown, string] }
  Finder: new (only: string[], excluded: string[], upgrade: undefined) => {
    enabled_checks: { name: string }[]
    find(file: string, data: unknown, type: number, content: string, only: null, electronVersion: string): Promise<RawIssue[]>
  }
  GlobalChecks: new (only: string[], excluded: string[], upgrade: undefined) => {
    _enabled_checks: { name: string }[]
    getResults(issues: RawIssue[], output: undefined): Promise<RawIssue[]>
  }
}

const require = createRequire(import.meta.url)

/** Electronegativity's parts, with its English messages loaded from its own folder. Its command
 *  line and `run()` would first try to download translations, which an offline test must not. */
function engine(): Engine {
  const dist = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist')
  const i18n = require('i18n') as { configure(options: object): void; setLocale(locale: string): void }
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: join(dist, 'locales'), updateFiles: false, objectNotation: true, register: globalThis })
  i18n.setLocale('en-US')
  const { Parser } = require(join(dist, 'parser')) as Pick<Engine, 'Parser'>
  const { Finder, GlobalChecks } = require(join(dist, 'finder')) as Pick<Engine, 'Finder' | 'GlobalChecks'>
  return { Parser, Finder, GlobalChecks }
}

/** Run Electronegativity 1.10 over `files` (paths under `root`) the way its command line does,
 *  every atomic and global check, with two differences that keep it offline and strict: its
 *  messages are not downloaded, and `NETWORK_CHECK` is left out (the currency of Electron is
 *  tested on its own). `eng-disable` comments hide nothing: such findings are kept and marked
 *  `disabledInCode`. `electronVersion` is the Electron the app ships with; the checks use its
 *  defaults. */
export async function electronegativity(root: string, files: readonly string[], electronVersion: string): Promise<Scan> {
  const { Parser, Finder, GlobalChecks } = engine()
  const globalChecks = new GlobalChecks([], [NETWORK_CHECK.toLowerCase()], undefined)
  const finder = new Finder([], [], undefined)
  const parser = new Parser(false, true)
  const issues: RawIssue[] = []
  const errors: { file: string; message: string }[] = []
  for (const file of files) {
    const path = join(root, file)
    try {
      const content = readFileSync(path, 'utf8')
      const [type, data] = parser.parse(path, content)
      if (data === null) continue
      issues.push(...(await finder.find(path, data, type, content, null, electronVersion)))
    } catch (error) {
      errors.push({ file, message: error instanceof Error ? error.message : String(error) })
    }
  }
  // Global checks weigh the atomic findings together and hide those they settle.
  const results = (await globalChecks.getResults(issues, undefined)).filter((issue) => !issue.visibility?.globalCheckDisabled)
  return {
    checks: [...finder.enabled_checks, ...globalChecks._enabled_checks].map((check) => check.name),
    errors,
    findings: results.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file === 'N/A' ? 'N/A' : relative(root, issue.file),
      line: issue.location.line,
      sample: (issue.sample ?? '').trim(),
      description: issue.description,
      disabledInCode: issue.visibility?.inlineDisabled ?? false
    }))
  }
}

/** A reviewed finding: Electronegativity reports it, and `reason` says why it is not a weakness
 *  and which test proves that. */
export interface Exception {
  readonly checks: readonly string[]
  readonly file: string
  /** Part of the flagged line. */
  readonly line: string
  readonly reason: string
}

/** Whether `finding` is one of the reviewed `exceptions`. */
export function isException(finding: Finding, exceptions: readonly Exception[]): boolean {
  return exceptions.some((e) => e.checks.includes(finding.check) && e.file === finding.file && finding.sample.includes(e.line))
}
