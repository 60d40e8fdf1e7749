import { exportProject } from '../../../main/exporter'
import { toW3C } from '../../../data/export/w3c'
import { hostileAnnotationFile, type AnnotationTarget } from './annotations'
import { hostileArchive, type ArchiveKit } from './archives'
import { fakeExportPage, hostilePage, mutateBytes, mutateMarkup } from './html'
import { hostileMarkdown } from './markdown'
import { hostileProject } from './project'
import { inputSeed, Random } from './random'
import { DOMPURIFY_VECTORS, hostileMarkup, hostileString, MXSS_SHAPES } from './vectors'

// One hostile input from the run's seed and its number: a web page, a Markdown file, an
// annotation file, or an archive, in proportions that give each kind thousands of inputs in a
// full run.

/** The four kinds of input the requirement names. */
export type InputKind = 'html' | 'markdown' | 'w3c' | 'bundle'

/** A file to import as a person would, or an annotation file to place on a project. */
export interface HostileInput {
  readonly index: number
  readonly kind: InputKind
  /** What sort of hostile input of its kind it is, for the figures. */
  readonly shape: string
  readonly fileName: string
  /** The file's bytes (for annotation files, its UTF-8 text). */
  readonly bytes: Uint8Array
}

/** What the generator needs besides the seed. */
export interface InputKit {
  readonly archives: ArchiveKit
  /** The document annotation files are aimed at. */
  readonly target: AnnotationTarget
}

const encode = (text: string) => new TextEncoder().encode(text)

function fileName(random: Random, usual: readonly string[], extension: string): string {
  if (random.chance(0.9)) return random.pick(usual)
  // Hostile names: they are labels only, never paths.
  const name = hostileString(random).slice(0, 120)
  return random.chance(0.5) ? `${name}.${extension}` : random.pick([`../../${extension}.${extension}`, `C:\\Users\\x\\page.${extension}`, `page\u0000.${extension}`, `.${extension}`, `${'n'.repeat(300)}.${extension}`])
}

/** A real Factwork HTML export of a hostile project, as the page a colleague would send. */
async function exportedPage(random: Random): Promise<string> {
  const project = hostileProject(random, `exported-${random.int(1e6)}`)
  const file = await exportProject(project, 'html', { options: { generatedAt: '2026-01-01T00:00:00.000Z', version: '0.1.0' }, attachmentsDir: '/nonexistent' })
  if (!file.ok) throw new Error(file.message)
  return file.value.content
}

async function htmlInput(random: Random, index: number): Promise<HostileInput> {
  const name = fileName(random, ['article.html', 'saved page.htm', 'story.xhtml', 'snippet.html', 'page'], 'html')
  const roll = random.next()
  let shape: string
  let text: string
  if (roll < 0.3) {
    shape = 'saved page'
    text = hostilePage(random)
  } else if (roll < 0.45) {
    shape = 'saved page, damaged markup'
    text = mutateMarkup(random, hostilePage(random))
  } else if (roll < 0.55) {
    shape = 'DOMPurify vector'
    const vector = random.pick(DOMPURIFY_VECTORS)
    text = random.chance(0.5) ? vector : `<!doctype html><html><head><title>Vector</title></head><body><article><p>${'A paragraph of article text. '.repeat(5)}</p>${vector}</article></body></html>`
  } else if (roll < 0.65) {
    shape = 'mXSS shape'
    text = `<!doctype html><body><main><p>${'Article text around an mXSS shape. '.repeat(4)}</p>${random.several(MXSS_SHAPES, random.between(1, 4)).join('\n')}</main></body>`
  } else if (roll < 0.78) {
    shape = 'pretended Factwork export'
    const w3c = toW3C(hostileProject(random, 'pretend'), { generatedAt: '2026-01-01T00:00:00.000Z', version: '0.1.0' })
    text = fakeExportPage(random, random.chance(0.7) ? JSON.stringify(w3c) : hostileString(random))
  } else if (roll < 0.9) {
    shape = 'Factwork export, edited'
    const page = await exportedPage(random)
    text = random.chance(0.7) ? mutateMarkup(random, page).replace(/<\/article>/, `${hostileMarkup(random)}</article>`) : page
  } else {
    shape = 'saved page, damaged bytes'
    return { index, kind: 'html', shape, fileName: name, bytes: mutateBytes(random, encode(hostilePage(random))) }
  }
  return { index, kind: 'html', shape, fileName: name, bytes: encode(text) }
}

/** Input `index` of a run seeded with `seed`. */
export async function hostileInput(seed: number, index: number, kit: InputKit): Promise<HostileInput> {
  const random = new Random(inputSeed(seed, index))
  const roll = random.next()
  if (roll < 0.36) return htmlInput(random, index)
  if (roll < 0.56) {
    const markdown = hostileMarkdown(random)
    const damaged = random.chance(0.1)
    return {
      index,
      kind: 'markdown',
      shape: damaged ? 'Markdown, damaged bytes' : 'Markdown',
      fileName: fileName(random, ['notes.md', 'claims.markdown', 'draft.md', 'notes.txt'], 'md'),
      bytes: damaged ? mutateBytes(random, encode(markdown)) : encode(markdown)
    }
  }
  if (roll < 0.78) {
    const own = random.chance(0.25) ? toW3C(hostileProject(random, 'w3c'), { generatedAt: '2026-01-01T00:00:00.000Z', version: '0.1.0' }) : null
    const text = hostileAnnotationFile(random, kit.target, own)
    return { index, kind: 'w3c', shape: own ? 'Factwork W3C export, edited' : 'W3C or Hypothesis JSON', fileName: fileName(random, ['annotations.jsonld', 'hypothesis.json', 'notes.json'], 'json'), bytes: encode(text) }
  }
  const archive = await hostileArchive(random, kit.archives)
  return { index, kind: 'bundle', shape: archive.shape, fileName: archive.fileName, bytes: archive.bytes }
}
