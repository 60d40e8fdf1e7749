import { mkdir, stat } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { METHOD_NAMES } from '../../data/api'
import type { Project } from '../../data/project'
import { factworkInProcess } from '../main/cliInProcess'
import { commandLines, type CommandLineTally } from './hostileCommandLines'
import { differences, snapshot } from './folderSnapshot'
import type { Host } from '../e2e/harness'

// The hostile-request harness: requests a web page, another local program or a confused client
// could send to `factwork serve`, and command lines a script could run, each of which must be
// refused (a failure value or a 4xx answer) and leave the data folder as it was; hostile file
// names, which the API takes as labels, must never become paths. At the end the projects are
// exactly as they were and `factwork check` finds every file readable.

/** A tally of one group of requests. */
export interface RequestTally {
  sent: number
  refused: number
}

/** What the harness found. Every count from `accepted` on must be 0. */
export interface HostileRequestReport {
  requests: number
  refused: number
  byGroup: Record<string, RequestTally>
  /** Hostile file names the API took as a document's or attachment's label, writing only the
   *  store's own files (named by ids and hashes), never a path made from the name. */
  namesKeptAsLabels: number
  /** Hostile requests answered with a success. */
  accepted: number
  /** Answers of 5xx, or failures that say the server failed. */
  serverErrors: number
  /** Refused requests after which a file of the data folder had changed. */
  storeChanged: number
  /** Files that appeared outside the data folder, or in it under a name made from a request. */
  filesOutside: number
  /** Projects not exactly as before at the end, and problems `factwork check` found. */
  projectsChanged: number
  storeProblems: number
  cli: CommandLineTally
  elapsedMs: number
  failures: string[]
}

interface Reply {
  status: number
  body: string
}

/** One raw HTTP request on a connection of its own, with exactly the headers given. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    let answered = false
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'POST', headers: options.headers, agent: false, setHost: !options.headers?.Host }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    // A server that answers before it has read the whole body may close while it is still sent.
    req.on('error', (error) => (answered ? undefined : resolve({ status: 0, body: `no answer: ${error.message}` })))
    req.end(options.body)
  })
}

/** A request declaring a body larger than the limit, or streaming one: the answer's status. */
function sendOversized(port: number, token: string, method: string, streamed: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const declared = streamed ? {} : { 'Content-Length': String(80 * 1024 * 1024) }
    const req = request({ host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...declared }, agent: false }, (res) => {
      res.resume()
      res.on('end', () => {
        req.destroy()
        resolve(res.statusCode ?? 0)
      })
    })
    let answered = false
    // The server answers 413 as soon as the body passes the limit and closes the connection after
    // it; a client still sending may see the connection close before it reads the answer. That
    // is a refusal too (499, as proxies call it): the caller then checks that nothing was stored
    // and that the server still answers.
    req.on('error', (error) => (answered ? undefined : ['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException).code ?? '') ? resolve(499) : reject(error)))
    req.on('response', () => (answered = true))
    req.write('{"fileName":"big.txt","content":"')
    if (!streamed) return
    const chunk = Buffer.alloc(1024 * 1024, 'a')
    let sent = 0
    const more = () => {
      while (!answered && sent < 80) {
        sent++
        if (!req.write(chunk)) return void req.once('drain', more)
      }
      if (!answered) req.end('"}')
    }
    more()
  })
}

/** Files the store itself names: by project id, by hash, or its own. */
const STORE_FILE = /^(index\.json|factwork\.lock|projects\/[A-Za-z0-9_-]{1,80}\.(json|journal)|attachments\/[0-9a-f]{64}|backups\/[A-Za-z0-9_-]{1,80}\/[^/]+|trash\/[A-Za-z0-9_-]{1,80}\.(json|journal)|exchanges\/[A-Za-z0-9_-]{1,80}\/[0-9a-f]{64}\.json)$/

/** Ids that try to leave the projects folder or name something else in it. */
export const HOSTILE_IDS: readonly string[] = [
  '../x',
  '../../../../etc/passwd',
  '..%2f..%2fx',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fx',
  '..',
  '.',
  '/etc/passwd',
  '/tmp/x',
  'C:\\Windows\\win.ini',
  '..\\..\\x',
  '\\\\server\\share\\x',
  'a\u0000b',
  'x\u0000',
  'projects/x',
  'x.json',
  '../index',
  'trash/../x',
  'x'.repeat(81),
  'x'.repeat(201),
  '',
  ' ',
  '\u202eevil',
  'ŝŧ'
]

/** File names that try to become paths, or to be something other than a name. */
export const HOSTILE_FILE_NAMES: readonly string[] = [
  '../../x.txt',
  '..\\..\\x.txt',
  'C:\\x.txt',
  'C:x.txt',
  '/etc/passwd',
  '/tmp/factwork-hostile-name.txt',
  'a\u0000b.txt',
  '\\\\server\\share\\x.txt',
  'x\n.txt',
  '.',
  '..',
  'CON',
  '%2e%2e%2fx.txt',
  `${'n'.repeat(10_000)}.txt`,
  '\u001b]0;title\u0007.txt'
]

/** Values of the wrong type for any field. */
const WRONG: readonly unknown[] = [null, 0, -1, 1.5, true, [], {}, ['x'], { toString: 'x' }]

/** Run every hostile request against a browser host over a data folder under `root`, then the
 *  command line against a folder of its own. */
export async function runHostileRequests(options: { startHost: (home: string) => Promise<Host>; root: string; log?: (line: string) => void }): Promise<HostileRequestReport> {
  const started = performance.now()
  const report: HostileRequestReport = {
    requests: 0,
    refused: 0,
    byGroup: {},
    namesKeptAsLabels: 0,
    accepted: 0,
    serverErrors: 0,
    storeChanged: 0,
    filesOutside: 0,
    projectsChanged: 0,
    storeProblems: 0,
    cli: { runs: 0, refused: 0, importedAsLabels: 0, accepted: 0, crashes: 0, filesWrittenOutsideOut: 0, controlCharactersPrinted: 0 },
    elapsedMs: 0,
    failures: []
  }
  const fail = (problem: string) => {
    if (report.failures.length < 40) report.failures.push(problem.slice(0, 400))
  }
  const home = join(options.root, 'home')
  await mkdir(home, { recursive: true })
  const host = await options.startHost(home)
  try {
    await requestsToHost(host, home, options.root, report, fail)
  } finally {
    await host.stop()
  }
  const check = await factworkInProcess(home, 'check', '--json')
  if (check.code !== 0) {
    report.storeProblems++
    fail(`factwork check after the requests: ${check.out.slice(0, 300)} ${check.err.slice(0, 300)}`)
  }
  await commandLines(options.root, report.cli, fail, HOSTILE_IDS)
  report.elapsedMs = Math.round(performance.now() - started)
  return report
}

async function requestsToHost(host: Host, home: string, root: string, report: HostileRequestReport, fail: (problem: string) => void): Promise<void> {
  const origin = new URL(host.url)
  const port = Number(origin.port)
  const token = origin.searchParams.get('token') ?? ''
  const headers = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...extra })
  const api = async <T>(method: string, args: unknown) => JSON.parse((await send(port, `/api/${method}`, { headers: headers(), body: JSON.stringify(args) })).body) as { ok: true; value: T } | { ok: false; code: string; message: string }

  // The projects the requests aim at: the example the host seeds, and one with a saved edit.
  const made = await api<{ project: { id: string } }>('createProject', { fileName: 'target.txt', content: 'Target\n\nExports rose to US$2.8 billion last year, the ministry said.', encoding: 'utf8' })
  if (!made.ok) throw new Error(made.message)
  const id = made.value.project.id
  const target = await api<Project>('getProject', { id })
  if (!target.ok) throw new Error(target.message)
  const text = target.value.documents[0]!.text
  const start = text.indexOf('US$2.8 billion')
  const claim = {
    op: 'addAnnotation',
    annotation: { id: 'kept', documentId: target.value.documents[0]!.id, kind: 'claim', start, end: start + 14, quote: { exact: 'US$2.8 billion', prefix: '', suffix: '' }, note: 'kept', confidence: null, tags: [], claimant: '', claimDate: '', claimType: null, status: 'to-check', verdict: null, ruling: '', checkWorthiness: null, sourceId: null, credibility: null, createdAt: '2026-01-01T00:00:00.000Z', modifiedAt: '2026-01-01T00:00:00.000Z' }
  }
  const saved = await api('saveChanges', { id, changes: [claim] })
  if (!saved.ok) throw new Error(saved.message)
  // Let the journal fold (2 s after the last edit), so that nothing the host does by itself
  // later is taken for a change a request made.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const listing = await api<{ projects: { id: string }[] }>('listProjects', {})
  if (!listing.ok) throw new Error(listing.message)
  const projects = new Map<string, string>()
  for (const p of listing.value.projects) {
    const got = await api<Project>('getProject', { id: p.id })
    if (got.ok) projects.set(p.id, JSON.stringify(got.value))
  }
  const IGNORED = ['index.json']
  let before = await snapshot(home, IGNORED)
  const outside = await snapshot(root, ['home'])

  /** Send one request that must be refused, and check it was and that nothing changed. */
  const refuse = async (group: string, what: string, reply: Reply | number) => {
    const tally = (report.byGroup[group] ??= { sent: 0, refused: 0 })
    tally.sent++
    report.requests++
    const status = typeof reply === 'number' ? reply : reply.status
    let value: { ok?: boolean; code?: string } = {}
    try {
      value = typeof reply === 'number' ? {} : (JSON.parse(reply.body) as { ok?: boolean; code?: string })
    } catch {
      // A page, not JSON: judged by its status.
    }
    if (status >= 500 || value.code === 'internal') {
      report.serverErrors++
      fail(`${group}: ${what}: the server failed (${status} ${typeof reply === 'number' ? '' : reply.body.slice(0, 200)})`)
    } else if ((status >= 400 && status < 500) || value.ok === false) {
      report.refused++
      tally.refused++
    } else {
      report.accepted++
      fail(`${group}: ${what}: accepted (${status} ${typeof reply === 'number' ? '' : reply.body.slice(0, 200)})`)
    }
    const after = await snapshot(home, IGNORED)
    const changed = differences(before, after)
    if (changed.length) {
      report.storeChanged++
      fail(`${group}: ${what}: the data folder changed: ${changed.slice(0, 5).join(', ')}`)
      before = after
    }
  }
  const call = (method: string, body: string | Buffer, extra: Record<string, string> = {}) => send(port, `/api/${method}`, { headers: headers(extra), body })
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value)

  // Bodies that are not JSON, or not an object.
  for (const method of METHOD_NAMES) {
    for (const body of ['{', '{"id":', 'nul', '{"id":"x"}}', "{'id':'x'}", '\u0000', '[]', '"x"', '1', 'true', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) {
      await refuse('malformed JSON', `${method} ${show(String(body).slice(0, 20))}`, await call(method, body))
    }
  }

  // Arguments of the wrong type, too long, or missing, field by field; and keys that try to
  // reach a prototype. The templates name a real project, so an argument taken by mistake would
  // change it.
  const templates: Record<string, Record<string, unknown>> = {
    createProject: { fileName: 'a.txt', content: 'Some text here.', encoding: 'utf8' },
    resolveConflicts: { id, conflicts: [], choices: {} },
    getProject: { id },
    addDocument: { id, fileName: 'b.txt', content: 'More text here.', encoding: 'utf8' },
    attachFile: { fileName: 'c.txt', content: 'aGVsbG8=' },
    saveChanges: { id, changes: [claim] },
    renameProject: { id, title: 'Renamed' },
    deleteProject: { id },
    restoreProject: { id },
    exportProject: { id, format: 'html' },
    saveExport: { fileName: 'x.html', mediaType: 'text/html', content: 'x', encoding: 'utf8', warnings: [] },
    openLink: { url: 'https://example.org/' },
    listBackups: { id },
    restoreBackup: { id, generation: 1 },
    openReadOnly: { id }
  }
  const tooLong: Record<string, unknown> = { id: 'x'.repeat(201), fileName: 'x'.repeat(1001), title: 'x'.repeat(301), url: 'x'.repeat(8001) }
  for (const [method, template] of Object.entries(templates)) {
    for (const field of Object.keys(template)) {
      // Only values of another JSON type than the field's (an empty list is a list).
      const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)
      for (const wrong of [...WRONG.filter((w) => kind(w) !== kind(template[field])), ...(field in tooLong ? [tooLong[field]] : [])]) {
        await refuse('wrong types', `${method}.${field} = ${show(wrong)}`, await call(method, JSON.stringify({ ...template, [field]: wrong })))
      }
      const { [field]: _missing, ...without } = template
      if (['createProject', 'addDocument', 'saveChanges', 'renameProject', 'exportProject', 'attachFile', 'resolveConflicts', 'getProject', 'deleteProject', 'restoreProject', 'listBackups', 'openReadOnly'].includes(method) && field !== 'generation') {
        await refuse('wrong types', `${method} without ${field}`, await call(method, JSON.stringify(without)))
      }
    }
  }
  for (const method of ['deleteProject', 'renameProject', 'getProject', 'restoreBackup']) {
    for (const body of [`{"__proto__":{"id":${JSON.stringify(id)},"title":"Renamed"}}`, `{"constructor":{"prototype":{"id":${JSON.stringify(id)}}}}`, `{"__proto__":null,"id":{"toString":${JSON.stringify(id)}}}`]) {
      await refuse('prototype keys', `${method} ${body.slice(0, 60)}`, await call(method, body))
    }
  }
  await refuse('wrong types', 'saveChanges with 100,001 changes', await call('saveChanges', JSON.stringify({ id, changes: Array.from({ length: 100_001 }, () => claim) })))

  // Ids that try to leave the projects folder, for every method that takes one.
  for (const hostile of HOSTILE_IDS) {
    for (const method of ['getProject', 'saveChanges', 'exportProject', 'addDocument', 'renameProject', 'deleteProject', 'restoreProject', 'listBackups', 'restoreBackup', 'openReadOnly', 'resolveConflicts']) {
      await refuse('hostile ids', `${method} ${show(hostile)}`, await call(method, JSON.stringify({ ...templates[method], id: hostile })))
    }
    await refuse('hostile ids', `exportProject documentId ${show(hostile)}`, await call('exportProject', JSON.stringify({ id, format: 'html', documentId: hostile })))
  }

  // The token, the Origin and the Host.
  for (const method of METHOD_NAMES) {
    const body = JSON.stringify(templates[method] ?? {})
    for (const authorization of [null, 'Bearer wrong', `Bearer ${token}x`, `Basic ${token}`, `bearer ${token}`, token]) {
      const h: Record<string, string> = { 'Content-Type': 'application/json' }
      if (authorization !== null) h.Authorization = authorization
      await refuse('missing or foreign token', `${method} ${authorization === null ? 'without a token' : authorization.slice(0, 12)}`, await send(port, `/api/${method}?token=${token}`, { headers: { ...h, Cookie: `token=${token}` }, body }))
    }
    for (const foreign of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `http://localhost.evil.example:${port}`, `https://127.0.0.1:${port}`]) {
      await refuse('foreign Origin', `${method} from ${foreign}`, await call(method, body, { Origin: foreign }))
    }
    for (const foreign of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, `[::1]:${port}`, `0.0.0.0:${port}`, `localhost.:${port}`]) {
      await refuse('foreign Host', `${method} to ${foreign}`, await call(method, body, { Host: foreign }))
    }
  }

  // Methods, paths and types that are not API calls.
  // (Paths that a URL parser normalises to an API call's own, like /api/x/../getProject, are that
  // call.)
  for (const path of ['/api/%2e%2e/getProject', '/api/getProject/../../x', '/api/__proto__', '/api/constructor', '/api/toString', '/api/hasOwnProperty', '/api/', '/api/getProject%00', '/API/getProject']) {
    await refuse('not an API call', `POST ${path}`, await send(port, path, { headers: headers(), body: JSON.stringify({ id }) }))
  }
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) await refuse('not an API call', `${method} /api/deleteProject`, await send(port, '/api/deleteProject', { method, headers: headers(), body: JSON.stringify({ id }) }))
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    await refuse('not an API call', `deleteProject as ${type}`, await call('deleteProject', JSON.stringify({ id }), { 'Content-Type': type }))
  }

  // Bodies past the size limit: declared, and streamed.
  for (const method of METHOD_NAMES) await refuse('oversized bodies', `${method} declaring 80 MB`, await sendOversized(port, token, method, false))
  for (const method of ['createProject', 'addDocument', 'attachFile']) {
    await refuse('oversized bodies', `${method} streaming 80 MB`, await sendOversized(port, token, method, true))
    const alive = await api('hostInfo', {})
    if (!alive.ok) fail(`the server stopped answering after an oversized ${method}`)
  }

  // Hostile file names: refused when too long, otherwise kept as labels only.
  for (const name of HOSTILE_FILE_NAMES) {
    for (const [method, args] of [
      ['createProject', { fileName: name, content: 'A headline\n\nA short article about exports.', encoding: 'utf8' }],
      ['addDocument', { id, fileName: name, content: 'Another document\n\nWith its own text.', encoding: 'utf8' }],
      ['attachFile', { fileName: name, content: Buffer.from(`attachment ${name.length}`).toString('base64') }]
    ] as const) {
      const reply = await call(method, JSON.stringify(args))
      const value = JSON.parse(reply.body) as { ok: boolean; value?: unknown }
      if (!value.ok) {
        await refuse('hostile file names', `${method} ${show(name)}`, reply)
        continue
      }
      report.namesKeptAsLabels++
      const after = await snapshot(home, IGNORED)
      for (const file of differences(before, after)) {
        if (!STORE_FILE.test(file)) {
          report.filesOutside++
          fail(`hostile file names: ${method} ${show(name)} wrote ${file}`)
        }
      }
      const label = method === 'attachFile' ? (value.value as { fileName: string }).fileName : method === 'addDocument' ? (value.value as Project).documents.at(-1)!.original.fileName : null
      if (label !== null && label !== name) fail(`hostile file names: ${method} kept ${show(label)} for ${show(name)}`)
      before = after
      // The new project and document are the request's own; the others are compared at the end.
      if (method === 'addDocument') projects.set(id, JSON.stringify({ ...(JSON.parse(projects.get(id)!) as Project), documents: (value.value as Project).documents }))
    }
  }
  for (const file of differences(outside, await snapshot(root, ['home']))) {
    report.filesOutside++
    fail(`a file appeared outside the data folder: ${file}`)
  }
  for (const path of ['/tmp/factwork-hostile-name.txt', join(root, 'x.txt'), join(home, '..', 'x.txt')]) {
    if (await stat(path).then(() => true, () => false)) {
      report.filesOutside++
      fail(`a request wrote ${path}`)
    }
  }

  // Nothing silently reset: every project as it was (the target gained only the documents the
  // file-name requests added), and the host still answers.
  for (const [projectId, json] of projects) {
    const got = await api<Project>('getProject', { id: projectId })
    const now = got.ok ? JSON.parse(JSON.stringify(got.value)) as Project : null
    const was = JSON.parse(json) as Project
    if (!now || JSON.stringify({ ...now, revision: 0, updatedAt: '' }) !== JSON.stringify({ ...was, revision: 0, updatedAt: '' }) || now.annotations.length !== was.annotations.length) {
      report.projectsChanged++
      fail(`project ${projectId} is not as it was`)
    }
  }
}
