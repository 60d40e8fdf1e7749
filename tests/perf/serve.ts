import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Workload } from './workload'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8'
}

/** Serve the peers' built pages from `dir` and each workload at `/workload/<name>.json`, on
 *  127.0.0.1, for the peers' benchmarks. */
export async function servePeers(dir: string, workloads: readonly Workload[]): Promise<{ origin: string; close(): Promise<void> }> {
  const bodies = new Map(
    workloads.map((w) => [`/workload/${w.name}.json`, Buffer.from(JSON.stringify({ name: w.name, title: w.title, paragraphs: w.paragraphs, annotations: w.annotations }))])
  )
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const body = bodies.get(path)
    if (body) {
      res.writeHead(200, { 'Content-Type': TYPES['.json']!, 'Cache-Control': 'no-store' })
      res.end(body)
      return
    }
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path))
    if (!file.startsWith(dir)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (content) => {
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
        res.end(content)
      },
      () => res.writeHead(404).end()
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
