import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { electronegativity, isException, NETWORK_CHECK, type Exception, type Finding, type Scan } from '../security/electronegativity'

// Electronegativity (Doyensec's scanner of Electron apps) runs over the code that ships: the main
// process and preload (main/), the page (renderer/, with index.html and its CSP), the domain code
// (data/) and package.json. A finding of medium severity or above fails the build unless it is
// listed in tests/security/electronegativity-exceptions.json with a reason.

const ROOT = resolve(__dirname, '..', '..')
const SCANNED_FOLDERS = ['main', 'renderer', 'data']
const SCANNED_FILE = /\.(ts|tsx|js|html)$/

async function appFiles(): Promise<string[]> {
  const files = ['package.json']
  for (const folder of SCANNED_FOLDERS) {
    const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true })
    for (const entry of entries) if (entry.isFile() && SCANNED_FILE.test(entry.name)) files.push(relative(ROOT, join(entry.parentPath, entry.name)))
  }
  return files.sort()
}

async function installedElectron(): Promise<string> {
  return (JSON.parse(await readFile(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version
}

const serious = (finding: Finding) => finding.severity === 'MEDIUM' || finding.severity === 'HIGH'
const shown = (f: Finding) => `${f.check} (${f.severity}) ${f.file}:${f.line} ${f.sample}`

describe('Electronegativity', () => {
  let files: string[]
  let scan: Scan
  let exceptions: Exception[]

  beforeAll(async () => {
    files = await appFiles()
    scan = await electronegativity(ROOT, files, await installedElectron())
    exceptions = JSON.parse(await readFile(join(ROOT, 'tests', 'security', 'electronegativity-exceptions.json'), 'utf8')) as Exception[]
  })

  it('reads every file of the app it is given, the page and its CSP included', () => {
    expect(files).toEqual(expect.arrayContaining(['main/main.ts', 'main/window.ts', 'main/preload.ts', 'renderer/index.html', 'package.json']))
    expect(files.length).toBeGreaterThan(50)
    expect(scan.errors).toEqual([])
  })

  it('runs all its checks but the one that needs the network', () => {
    expect(scan.checks).not.toContain(NETWORK_CHECK)
    expect(scan.checks).toEqual(
      expect.arrayContaining(['ContextIsolationJSCheck', 'SandboxJSCheck', 'NodeIntegrationJSCheck', 'OpenExternalJSCheck', 'CSPGlobalCheck', 'LimitNavigationGlobalCheck', 'PermissionRequestHandlerGlobalCheck'])
    )
    expect(scan.checks.length).toBeGreaterThanOrEqual(40)
  })

  it('finds nothing of medium severity or above, apart from the reviewed exceptions', () => {
    expect(scan.findings.filter((f) => serious(f) && !isException(f, exceptions)).map(shown)).toEqual([])
  })

  it('finds the CSP, navigation limits and permission handler it looks for', () => {
    const globals = scan.findings.filter((f) => f.file === 'N/A').map(shown)
    expect(globals).toEqual([])
    expect(scan.findings.filter((f) => f.check === 'CSP_GLOBAL_CHECK').map((f) => f.file)).toEqual(['renderer/index.html'])
  })

  it('keeps a short list of exceptions, each with a reason naming its proof and each still needed', () => {
    expect(exceptions.length).toBeLessThanOrEqual(5)
    for (const exception of exceptions) {
      expect(exception.reason.length, exception.file).toBeGreaterThan(100)
      expect(exception.reason, exception.file).toMatch(/tests\/main\/\w+\.test\.ts/)
      for (const check of exception.checks) {
        const matched = scan.findings.filter((f) => serious(f) && isException(f, [{ ...exception, checks: [check] }]))
        expect(matched.length, `${check} in ${exception.file} is no longer reported: remove it from the exceptions`).toBeGreaterThan(0)
      }
    }
  })

  it('is not silenced by eng-disable comments in the code', async () => {
    expect(scan.findings.filter((f) => f.disabledInCode).map(shown)).toEqual([])
    for (const file of files) expect(await readFile(join(ROOT, file), 'utf8'), file).not.toMatch(/eng-disable/)
  })

  it('would fail a window without sandbox, isolation or web security, an unchecked openExternal, and an app without CSP, navigation limits or permission handler', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'factwork-electronegativity-'))
    try {
      await writeFile(
        join(dir, 'unsafe.ts'),
        "import { BrowserWindow, shell } from 'electron'\n" +
          "const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } })\n" +
          'win.webContents.on("did-finish-load", () => shell.openExternal(win.webContents.getURL()))\n'
      )
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>')
      const probe = await electronegativity(dir, ['unsafe.ts', 'index.html'], await installedElectron())
      const checks = new Set(probe.findings.filter(serious).map((f) => f.check))
      for (const check of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'CSP_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
        expect(checks, check).toContain(check)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
