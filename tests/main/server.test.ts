import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../main/projectStore'
import { startServer, type RunningServer } from '../../main/server'
import { createWorkbench } from '../../main/workbench'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request, so tests can send the Host and Origin an attacker would. */
function send(server: RunningServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('the browser host', () => {
  let home: string
  let renderer: string
  let server: RunningServer
  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(server, `/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
      body: JSON.stringify(body)
    })

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-serve-'))
    renderer = await mkdtemp(join(tmpdir(), 'factwork-renderer-'))
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Factwork</title>')
    await writeFile(join(home, 'secret.txt'), 'not for the web')
    const store = await ProjectStore.open(home)
    server = await startServer({ api: createWorkbench({ store, host: 'browser', version: 't' }), rendererDir: renderer, log: () => undefined })
  })

  afterAll(async () => {
    await server.close()
    await rm(home, { recursive: true, force: true })
    await rm(renderer, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 and prints its address with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/)
  })

  it('answers an API call that carries the token', async () => {
    const created = await api('createProject', { fileName: 'a.txt', content: 'Headline\nSome text.', encoding: 'utf8' })
    expect(created.status).toBe(200)
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { title: 'Headline' } })
    const listed = JSON.parse((await api('listProjects', {})).body)
    expect(listed.value.projects).toHaveLength(1)
  })

  it('refuses an API call without the token, or with a wrong one', async () => {
    expect((await send(server, '/api/listProjects', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401)
    expect((await api('listProjects', {}, { Authorization: 'Bearer wrong' })).status).toBe(401)
  })

  it('refuses a foreign Origin even with the token', async () => {
    const reply = await api('listProjects', {}, { Origin: 'http://evil.example' })
    expect(reply.status).toBe(403)
  })

  it('refuses a foreign Host, as a DNS-rebinding page would send', async () => {
    const reply = await api('listProjects', {}, { Host: `evil.example:${server.port}` })
    expect(reply.status).toBe(403)
    expect((await send(server, '/', { headers: { Host: 'evil.example' } })).status).toBe(403)
  })

  it('accepts its own origin under either local name', async () => {
    expect((await api('listProjects', {}, { Origin: server.origin })).status).toBe(200)
    expect((await api('listProjects', {}, { Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` })).status).toBe(200)
  })

  it('answers unknown methods with 404 and bad arguments with a failure value', async () => {
    expect((await api('dropEverything', {})).status).toBe(404)
    const bad = await api('getProject', { id: 42 })
    expect(bad.status).toBe(200)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'invalid-args' })
    const form = await send(server, '/api/listProjects', { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, body: '{}' })
    expect(form.status).toBe(415)
  })

  it('serves the renderer with a strict Content Security Policy and nothing outside it', async () => {
    const page = await send(server, '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Factwork</title>')
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
    expect((await send(server, '/../secret.txt')).status).toBe(404)
    expect((await send(server, '/%2e%2e/secret.txt')).status).toBe(404)
    expect((await send(server, '/..%2fsecret.txt')).status).toBe(404)
  })
})
