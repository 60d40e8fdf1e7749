import { parentPort } from 'node:worker_threads'
import { readExportedHtml } from './exported'
import { htmlToBlocks } from './html'
import type { PageRequest, PageReply } from './pageReader'

// The worker thread that reads web pages (`pageReader.ts` starts it): parsing, Readability and
// DOMPurify run here, so a page that takes long keeps neither the app nor the command line busy
// and can be stopped.

parentPort?.on('message', (request: PageRequest) => {
  let reply: PageReply
  try {
    const found = () => parentPort?.postMessage({ id: request.id, found: true } satisfies PageReply)
    const value = request.reading === 'exported' ? readExportedHtml(request.source) : htmlToBlocks(request.source, { readArticle: request.reading === 'article', onArticleFound: found })
    reply = { id: request.id, ok: true, value }
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
