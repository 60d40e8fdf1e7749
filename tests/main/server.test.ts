import { request } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../../data/api'
import { RENDERER_CSP } from '../../main/csp'
import { ProjectStore } from '../../main/projectStore'
import { MAX_BODY_BYTES, startServer, type RunningServer } from '../../main/server'
import { createWorkbench } from '../../main/workbench'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request on a connection of its own, so tests can send the Host and Origin an
 *  attacker would. */
function send(server: RunningServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The first line of the server's answer to `text` written as is on a new connection. */
function sendRaw(server: RunningServer, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(text))
    let answer = ''
    socket.on('data', (d: Buffer) => (answer += d.toString()))
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''))
    socket.on('error', reject)
  })
}

/** Whether a TCP connection to `host:port` can be opened within two seconds. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 })
    socket.on('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.on('error', () => resolve(false))
  })
}

describe('the browser host', () => {
  let home: string
  let site: string
  let server: RunningServer
  const api = (method: string, body: unknown, headers: Record<string, string> = {}, path = `/api/${method}`) =>
    send(server, path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
      body: JSON.stringify(body)
    })

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'factwork-serve-'))
    // The renderer folder sits next to files that must never be served.
    site = await mkdtemp(join(tmpdir(), 'factwork-site-'))
    await mkdir(join(site, 'renderer', 'assets'), { recursive: true })
    await writeFile(join(site, 'renderer', 'index.html'), '<!doctype html><title>Factwork</title>')
    await writeFile(join(site, 'renderer', 'assets', 'app.js'), 'console.log("factwork")')
    await writeFile(join(site, 'package.json'), '{"name":"not for the web"}')
    await writeFile(join(site, 'secret.txt'), 'not for the web')
    const store = await ProjectStore.open(home)
    server = await startServer({ api: createWorkbench({ store, host: 'browser', version: 't' }), rendererDir: join(site, 'renderer'), log: () => undefined })
  })

  afterAll(async () => {
    await server.close()
    await rm(home, { recursive: true, force: true })
    await rm(site, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 and prints its address with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/)
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`)
  })

  it('cannot be reached on ::1 or on any other address of this machine, only on 127.0.0.1', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .map((i) => i!.address)
      .filter((address) => address !== '127.0.0.1' && !address.startsWith('fe80:'))
    expect(others).toContain('::1')
    expect(await connects('127.0.0.1', server.port)).toBe(true)
    for (const address of others) expect(await connects(address, server.port), address).toBe(false)
  })

  it('answers an API call that carries the token', async () => {
    const created = await api('createProject', { fileName: 'a.txt', content: 'Headline\nSome text.', encoding: 'utf8' })
    expect(created.status).toBe(200)
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { created: true, project: { title: 'Headline' } } })
    const listed = JSON.parse((await api('listProjects', {})).body)
    expect(listed.value.projects).toHaveLength(1)
  })

  describe('the token', () => {
    it('is required on every API method', async () => {
      for (const method of METHOD_NAMES) {
        const reply = await send(server, `/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
        expect(reply.status, method).toBe(401)
        expect(JSON.parse(reply.body), method).toMatchObject({ ok: false, code: 'forbidden' })
      }
      const listed = JSON.parse((await api('listProjects', {})).body)
      expect(listed.value.projects).toHaveLength(1)
    })

    it('must be exactly this launch’s token, sent as a Bearer credential', async () => {
      const token = server.token
      for (const authorization of [
        'Bearer wrong',
        `Bearer ${token}x`,
        `Bearer ${token.slice(0, -1)}`,
        `Bearer ${token.toUpperCase()}`,
        `Basic ${token}`,
        `Token ${token}`,
        `bearer${token}`,
        token,
        'Bearer ',
        ''
      ]) {
        expect((await api('listProjects', {}, { Authorization: authorization })).status, authorization).toBe(401)
      }
    })

    it('is not taken from the query string or a cookie instead of the header', async () => {
      const headers = { 'Content-Type': 'application/json' }
      expect((await send(server, `/api/listProjects?token=${server.token}`, { method: 'POST', headers, body: '{}' })).status).toBe(401)
      expect((await send(server, '/api/listProjects', { method: 'POST', headers: { ...headers, Cookie: `token=${server.token}` }, body: '{}' })).status).toBe(401)
    })

    it('is made anew at each launch', async () => {
      const store = await ProjectStore.open(await mkdtemp(join(tmpdir(), 'factwork-serve-')))
      const second = await startServer({ api: createWorkbench({ store, host: 'browser', version: 't' }), rendererDir: join(site, 'renderer'), log: () => undefined })
      try {
        expect(second.token).not.toBe(server.token)
        const reply = await send(second, '/api/listProjects', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
          body: '{}'
        })
        expect(reply.status).toBe(401)
      } finally {
        await second.close()
        await rm(store.layout.home, { recursive: true, force: true })
      }
    })
  })

  describe('Origin and Host', () => {
    it('refuses a foreign Origin even with the token, including the opaque origin null', async () => {
      const port = server.port
      for (const origin of [
        'http://evil.example',
        'null',
        `https://127.0.0.1:${port}`,
        `http://127.0.0.1:${port + 1}`,
        `http://127.0.0.1.evil.example:${port}`,
        `http://localhost.evil.example:${port}`,
        `http://127.0.0.1:${port}.evil.example`,
        `http://[::1]:${port}`,
        'file://'
      ]) {
        const reply = await api('listProjects', {}, { Origin: origin })
        expect(reply.status, origin).toBe(403)
        expect(reply.body, origin).not.toContain('projects')
      }
    })

    it('refuses a foreign Host, as a DNS-rebinding page would send, on the API and on pages', async () => {
      const port = server.port
      for (const host of [
        `evil.example:${port}`,
        'evil.example',
        '127.0.0.1.evil.example',
        `127.0.0.1.evil.example:${port}`,
        `localhost.evil.example:${port}`,
        `127.0.0.1:${port + 1}`,
        `0.0.0.0:${port}`,
        `[::1]:${port}`,
        '127.0.0.1'
      ]) {
        expect((await api('listProjects', {}, { Host: host })).status, host).toBe(403)
        expect((await send(server, '/', { headers: { Host: host } })).status, host).toBe(403)
      }
    })

    it('refuses a request that names no Host at all', async () => {
      expect(await sendRaw(server, 'GET / HTTP/1.0\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden')
    })

    it('accepts its own origin under either local name', async () => {
      expect((await api('listProjects', {}, { Origin: server.origin })).status).toBe(200)
      expect((await api('listProjects', {}, { Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` })).status).toBe(200)
    })

    it('grants no other site access through CORS', async () => {
      const preflight = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' }
      const replies = [
        await send(server, '/api/listProjects', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', ...preflight } }),
        await send(server, '/api/listProjects', { method: 'OPTIONS', headers: { Origin: server.origin, ...preflight } }),
        await api('listProjects', {}, { Origin: 'http://evil.example' }),
        await api('listProjects', {}),
        await send(server, '/', { headers: { Origin: 'http://evil.example' } })
      ]
      for (const reply of replies) {
        expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
        expect(reply.status).not.toBe(204)
      }
      expect(replies[0]!.status).toBe(403)
    })
  })

  it('answers unknown methods with 404 and bad arguments with a failure value', async () => {
    expect((await api('dropEverything', {})).status).toBe(404)
    const bad = await api('getProject', { id: 42 })
    expect(bad.status).toBe(200)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'invalid-args' })
    const form = await send(server, '/api/listProjects', { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, body: '{}' })
    expect(form.status).toBe(415)
    expect((await send(server, '/api/listProjects', { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405)
  })

  describe('the renderer’s files', () => {
    it('come with the strict Content Security Policy and the other security headers', async () => {
      for (const reply of [await send(server, '/'), await send(server, '/assets/app.js'), await send(server, '/missing.js'), await api('listProjects', {})]) {
        expect(reply.headers['content-security-policy']).toBe(RENDERER_CSP)
        expect(reply.headers['x-content-type-options']).toBe('nosniff')
        expect(reply.headers['referrer-policy']).toBe('no-referrer')
        expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin')
        expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin')
      }
      const page = await send(server, '/')
      expect(page.status).toBe(200)
      expect(page.body).toContain('<title>Factwork</title>')
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect((await send(server, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    })

    it('never include anything outside the renderer folder, however the path is written', async () => {
      for (const path of [
        '/../package.json',
        '/../secret.txt',
        '/%2e%2e/package.json',
        '/%2E%2E/secret.txt',
        '/..%2fpackage.json',
        '/%2e%2e%2fpackage.json',
        '/assets/..%2f..%2fpackage.json',
        '/..\\package.json',
        '/..%5cpackage.json',
        '/%2e%2e%5csecret.txt',
        '/%252e%252e/package.json',
        '//../package.json',
        '/index.html%00.js',
        '/%c0%ae%c0%ae/package.json'
      ]) {
        const reply = await send(server, path)
        expect(reply.status, path).toBe(404)
        expect(reply.body, path).not.toContain('not for the web')
      }
    })

    it('are only read, never written', async () => {
      for (const method of ['PUT', 'DELETE', 'POST', 'PATCH']) expect((await send(server, '/index.html', { method, body: 'x' })).status, method).toBe(405)
    })
  })

  describe('request bodies', () => {
    it('refuse a body declared larger than the limit with 413, before reading it', async () => {
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/createProject',
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, 'Content-Length': String(MAX_BODY_BYTES + 1) },
            agent: false
          },
          (res) => {
            let body = ''
            res.on('data', (d: Buffer) => (body += d.toString()))
            res.on('end', () => {
              req.destroy()
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
            })
          }
        )
        req.on('error', reject)
        req.write('{"fileName":"big.txt","content":"')
      })
      expect(reply.status).toBe(413)
      expect(JSON.parse(reply.body)).toEqual({ ok: false, code: 'too-large', message: 'The request is larger than Factwork accepts.' })
    })

    it('refuse a body that grows past the limit as it arrives with 413', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 'a')
      const reply = await new Promise<Reply>((resolve, reject) => {
        let answered = false
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/createProject',
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
            agent: false
          },
          (res) => {
            answered = true
            let body = ''
            res.on('data', (d: Buffer) => (body += d.toString()))
            res.on('end', () => {
              req.destroy()
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
            })
          }
        )
        req.on('error', (error) => {
          if (!answered) reject(error)
        })
        // Chunked, with no declared length: the server only learns the size as it reads.
        let sent = 0
        const pump = () => {
          while (!answered && sent <= MAX_BODY_BYTES + chunk.length) {
            sent += chunk.length
            if (!req.write(chunk)) return void req.once('drain', pump)
          }
          if (!answered) req.end()
        }
        req.write('{"fileName":"big.txt","encoding":"utf8","content":"')
        pump()
      })
      expect(reply.status).toBe(413)
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, code: 'too-large' })
      // The server still answers afterwards.
      expect((await api('listProjects', {})).status).toBe(200)
    }, 60_000)
  })
})
