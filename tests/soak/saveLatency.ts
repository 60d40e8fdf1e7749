import { mkdtemp, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { quoteAt } from '../../data/anchor'
import { layout } from '../../data/document'
import { textToBlocks } from '../../data/import/text'
import { ANNOTATION_DEFAULTS, newProject, type Annotation } from '../../data/project'
import { ProjectStore, type FoldPolicy } from '../../main/projectStore'
import { NOW, setNote } from './projects'

// How long an acknowledged save of a small edit takes on a large project: workload W-L (a 1 MB
// article in 5,000 paragraphs with 10,000 annotations, a project file of about 10 MB).

export interface LatencyReport {
  readonly projectFileBytes: number
  readonly saves: number
  readonly folds: number
  readonly p50Ms: number
  readonly p95Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Build W-L, then time `saves` saves of one changed note, back to back, under `fold` (the
 *  store's default policy when absent). */
export async function measureSaveLatency(options: { root: string; saves: number; fold?: Partial<FoldPolicy> }): Promise<LatencyReport> {
  const home = await mkdtemp(join(options.root, 'latency-'))
  try {
    const words = ['exports', 'rose', 'to', 'US$2.8', 'billion', 'last', 'year', 'the', 'ministry', 'said', 'officials', 'report']
    const paragraphs = Array.from({ length: 5_000 }, (_, i) => Array.from({ length: 34 }, (_, w) => words[(i * 7 + w) % words.length]).join(' ') + '.')
    const { blocks, headline } = textToBlocks(paragraphs.join('\n\n'))
    const text = layout(blocks).text
    const document = {
      id: 'wl-doc',
      title: headline ?? 'W-L',
      format: 'text' as const,
      blocks,
      text,
      original: { fileName: 'wl.txt', mediaType: 'text/plain', size: text.length, sha256: 'c'.repeat(64), importedAt: NOW }
    }
    const annotations: Annotation[] = Array.from({ length: 10_000 }, (_, i) => {
      const start = (i * 97) % (text.length - 200)
      const end = start + 20 + (i % 150)
      return {
        ...ANNOTATION_DEFAULTS,
        tags: [],
        id: `wl-${i}`,
        documentId: document.id,
        kind: (['claim', 'source', 'evidence', 'note'] as const)[i % 4]!,
        start,
        end,
        quote: quoteAt(text, start, end),
        note: `note ${i}`,
        createdAt: NOW,
        modifiedAt: NOW
      }
    })
    const store = await ProjectStore.open(home, { fold: options.fold })
    const created = await store.create({ ...newProject('wl', document, NOW), annotations })
    if (!created.ok) throw new Error(created.message)
    const projectFileBytes = (await stat(join(home, 'projects', 'wl.json'))).size
    const times: number[] = []
    let folds = 0
    let fileMtime = (await stat(join(home, 'projects', 'wl.json'))).mtimeMs
    for (let i = 0; i < options.saves; i++) {
      const started = performance.now()
      const saved = await store.saveChanges('wl', setNote(`wl-${(i * 13) % 10_000}`, `checked ${i}`), NOW)
      times.push(performance.now() - started)
      if (!saved.ok) throw new Error(saved.message)
      const mtime = (await stat(join(home, 'projects', 'wl.json'))).mtimeMs
      if (mtime !== fileMtime) folds++
      fileMtime = mtime
    }
    await store.close()
    const sorted = [...times].sort((a, b) => a - b)
    const round = (ms: number) => Math.round(ms * 100) / 100
    return {
      projectFileBytes,
      saves: times.length,
      folds,
      p50Ms: round(quantile(sorted, 0.5)),
      p95Ms: round(quantile(sorted, 0.95)),
      p99Ms: round(quantile(sorted, 0.99)),
      maxMs: round(sorted[sorted.length - 1]!)
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}
