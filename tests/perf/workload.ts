import { seededRandom } from '../seeded'

/** The benchmark workloads of DESIGN §10, made the same way on every run from a fixed seed, so that
 *  Factwork and its peers are measured on the same text and the same annotations. */

export type WorkloadName = 'W-S' | 'W-L' | 'W-X'
export type Kind = 'claim' | 'source' | 'evidence' | 'note'

export interface WorkloadSpec {
  /** Characters of plain text, about. */
  readonly characters: number
  readonly paragraphs: number
  readonly annotations: number
}

export const WORKLOADS: Readonly<Record<WorkloadName, WorkloadSpec>> = {
  'W-S': { characters: 50_000, paragraphs: 240, annotations: 200 },
  'W-L': { characters: 1_000_000, paragraphs: 5_000, annotations: 10_000 },
  'W-X': { characters: 5_000_000, paragraphs: 25_000, annotations: 50_000 }
}

/** An annotation of a workload: a kind and a range of the plain text (end exclusive). */
export interface PlacedAnnotation {
  readonly id: string
  readonly kind: Kind
  readonly start: number
  readonly end: number
}

/** A generated article: a headline, its paragraphs, its plain text as Factwork lays it out (the
 *  headline and the paragraphs separated by blank lines) and its annotations, sorted by start. */
export interface Workload {
  readonly name: WorkloadName
  readonly title: string
  readonly paragraphs: readonly string[]
  readonly text: string
  readonly annotations: readonly PlacedAnnotation[]
}

/** The share of annotations that cross from one paragraph into the next. */
const CROSSING = 0.1
/** No character is covered by more than this many annotations. */
const MAX_OVERLAP = 5
export const SEED = 20_260_101

/** A small, fast pseudo-random generator (mulberry32): the same seed gives the same numbers. */
export function random(seed: number): (n: number) => number {
  const next = seededRandom(seed)
  return (n: number) => Math.floor(next() * n)
}

const WORDS = (
  'the of and to in a is that for on with as by at from this port trade ministry officials report said percent billion million ' +
  'government minister agency data figures growth exports imports shipping container cargo vessels harbour authority analysts ' +
  'according statement announced increase decrease since year quarter previous record estimate survey published independent ' +
  'researchers university institute council election campaign policy budget spending revenue deficit inflation prices wages ' +
  'workers union strike agreement negotiations partners region border security defence alliance treaty summit leaders talks ' +
  'claimed denied confirmed disputed suggested warned expected reported described evidence source documents interview press ' +
  'conference spokesperson committee parliament senate court ruling appeal investigation audit commission review findings ' +
  'environment climate emissions energy coal gas solar wind electricity grid network transport railway roads bridge airport ' +
  'health hospital patients doctors vaccine cases deaths rate population census households income poverty education schools'
).split(' ')

function sentence(next: (n: number) => number): string {
  const length = 8 + next(16)
  const words: string[] = []
  for (let i = 0; i < length; i++) words.push(WORDS[next(WORDS.length)]!)
  if (next(4) === 0) words.splice(1 + next(length - 1), 0, `${1 + next(98)}.${next(10)}`)
  const text = words.join(' ')
  return text[0]!.toUpperCase() + text.slice(1) + '.'
}

function paragraph(next: (n: number) => number, target: number): string {
  let text = sentence(next)
  while (text.length < target) text += ' ' + sentence(next)
  return text
}

/** Build a workload. Paragraph lengths vary around the mean the size asks for; annotations are
 *  word-aligned passages of two to fifteen words, one in ten running from the end of a paragraph
 *  into the start of the next, and some stacked on each other up to five deep. */
export function makeWorkload(name: WorkloadName, seed = SEED): Workload {
  const spec = WORKLOADS[name]
  const next = random(seed ^ name.charCodeAt(2))
  const title = `Benchmark article ${name}`
  const mean = Math.round(spec.characters / spec.paragraphs) - 2
  const paragraphs: string[] = []
  for (let i = 0; i < spec.paragraphs; i++) paragraphs.push(paragraph(next, Math.round(mean * (0.5 + next(1000) / 1000)) - 64))
  const text = [title, ...paragraphs].join('\n\n')

  // Where each paragraph starts, and the word boundaries in it, as offsets of the whole text.
  const starts: number[] = []
  let at = title.length + 2
  for (const p of paragraphs) {
    starts.push(at)
    at += p.length + 2
  }
  const words = (i: number): { start: number; end: number }[] => {
    const found: { start: number; end: number }[] = []
    const re = /\S+/g
    for (let m = re.exec(paragraphs[i]!); m; m = re.exec(paragraphs[i]!)) found.push({ start: starts[i]! + m.index, end: starts[i]! + m.index + m[0].length })
    return found
  }

  const depth = new Uint8Array(text.length)
  const fits = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (depth[i]! >= MAX_OVERLAP) return false
    return true
  }
  const kinds: Kind[] = ['claim', 'claim', 'claim', 'claim', 'source', 'source', 'evidence', 'evidence', 'evidence', 'note']
  const annotations: PlacedAnnotation[] = []
  const add = (start: number, end: number) => {
    for (let i = start; i < end; i++) depth[i]!++
    annotations.push({ id: `a${annotations.length}`, kind: kinds[next(kinds.length)]!, start, end })
  }
  let tries = 0
  while (annotations.length < spec.annotations && tries++ < spec.annotations * 20) {
    const i = next(paragraphs.length - 1)
    const here = words(i)
    let start: number
    let end: number
    if (next(1000) < CROSSING * 1000) {
      const there = words(i + 1)
      start = here[Math.max(0, here.length - 1 - next(6))]!.start
      end = there[Math.min(there.length - 1, next(6))]!.end
    } else {
      const first = next(here.length)
      const last = Math.min(here.length - 1, first + 1 + next(14))
      start = here[first]!.start
      end = here[last]!.end
    }
    if (!fits(start, end)) continue
    add(start, end)
    // Now and then a stack of passages inside this one, as several checkers mark the same words.
    if (next(50) === 0) {
      for (let k = 1; k < MAX_OVERLAP && annotations.length < spec.annotations; k++) {
        const inner = { start: start + Math.min(k * 2, end - start - 1), end: Math.max(start + Math.min(k * 2, end - start - 1) + 1, end - k * 2) }
        if (fits(inner.start, inner.end)) add(inner.start, inner.end)
      }
    }
  }
  if (annotations.length < spec.annotations) throw new Error(`Could place only ${annotations.length} of ${spec.annotations} annotations in ${name}`)
  annotations.sort((a, b) => a.start - b.start || b.end - a.end)
  return { name, title, paragraphs, text, annotations }
}

/** How the annotations of a workload are spread, to check that it is what DESIGN §10 asks for. */
export function describeWorkload(w: Workload): { characters: number; paragraphs: number; annotations: number; crossing: number; deepest: number } {
  const breaks: number[] = []
  for (let i = w.text.indexOf('\n\n'); i >= 0; i = w.text.indexOf('\n\n', i + 2)) breaks.push(i)
  let crossing = 0
  const depth = new Int32Array(w.text.length + 1)
  for (const a of w.annotations) {
    if (w.text.slice(a.start, a.end).includes('\n\n')) crossing++
    depth[a.start]!++
    depth[a.end]!--
  }
  let deepest = 0
  for (let i = 0, d = 0; i < depth.length; i++) deepest = Math.max(deepest, (d += depth[i]!))
  return { characters: w.text.length, paragraphs: w.paragraphs.length, annotations: w.annotations.length, crossing: crossing / w.annotations.length, deepest }
}
