import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MAX_IMPORT_BYTES, type WorkbenchApi } from '../data/api'
import { SECURITY_HEADERS } from './csp'
import { dispatch, isMethodName } from './dispatch'
import { readStatic } from './staticFiles'

/** The largest API request body accepted: an import at the size limit, base64-encoded. */
export const MAX_BODY_BYTES = Math.ceil(MAX_IMPORT_BYTES * 1.4) + 64 * 1024

export interface ServerOptions {
  readonly api: WorkbenchApi
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string
  /** 0 picks a free port. */
  readonly port?: number
  /** A fixed token, for tests; otherwise a new random one. */
  readonly token?: string
  readonly log?: (message: string) => void
}

export interface RunningServer {
  /** The address to open, with the token: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string
  readonly origin: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

/** Read a request's body, or resolve `null` as soon as it is larger than `MAX_BODY_BYTES`, by its
 *  declared length or as it arrives. The rest of a refused body is read and dropped rather than
 *  the connection cut, so that the client still sending it receives the refusal. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume()
      resolve(null)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const collect = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.off('data', collect)
        chunks.length = 0
        req.resume()
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    req.on('data', collect)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Serve the built renderer and `WorkbenchApi` on 127.0.0.1 only. Every API call is
 *  `POST /api/<method>` with a JSON body and `Authorization: Bearer <token>`; requests whose Host
 *  or Origin is not this server's own are refused, which defeats DNS rebinding and cross-site
 *  requests. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? ((m: string) => console.error(m))
  let port = 0

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`factwork serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (!res.headersSent) sendJson(res, 500, { ok: false, code: 'internal', message: 'The server failed to answer.' })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    if (!hosts.includes(req.headers.host ?? '')) {
      sendJson(res, 403, { ok: false, code: 'forbidden', message: 'This server answers only requests addressed to 127.0.0.1.' })
      return
    }
    const origin = req.headers.origin
    if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) {
      sendJson(res, 403, { ok: false, code: 'forbidden', message: 'Requests from other sites are refused.' })
      return
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, code: 'invalid-args', message: 'API calls are POST requests.' })
        return
      }
      const auth = req.headers.authorization ?? ''
      if (!auth.startsWith('Bearer ') || !sameToken(auth.slice('Bearer '.length), token)) {
        sendJson(res, 401, { ok: false, code: 'forbidden', message: 'The request lacks this session’s token: open the address printed by factwork serve.' })
        return
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendJson(res, 415, { ok: false, code: 'invalid-args', message: 'API calls send JSON.' })
        return
      }
      const body = await readBody(req)
      if (body === null) {
        sendJson(res, 413, { ok: false, code: 'too-large', message: 'The request is larger than Factwork accepts.' })
        return
      }
      let args: unknown
      try {
        args = body.length ? JSON.parse(body.toString('utf8')) : {}
      } catch {
        sendJson(res, 400, { ok: false, code: 'invalid-args', message: 'The request body is not valid JSON.' })
        return
      }
      const method = url.pathname.slice('/api/'.length)
      if (!isMethodName(method)) {
        sendJson(res, 404, { ok: false, code: 'not-found', message: `There is no operation named ${JSON.stringify(method)}.` })
        return
      }
      sendJson(res, 200, await dispatch(options.api, method, args, log))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8')
      return
    }
    const file = await readStatic(options.rendererDir, url.pathname)
    if (!file) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8')
      return
    }
    send(res, 200, req.method === 'HEAD' ? '' : file.body, file.type)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
