import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { AnnotationKind } from '../../data/vocabulary'
import type { PosRange, TextIndex } from './textIndex'

/** What the editor needs of an annotation to draw it: the fields live in the project. */
export interface Highlight {
  readonly id: string
  readonly kind: AnnotationKind
  readonly start: number
  readonly end: number
}

/** The spec carried by each decoration: only the annotation's id and kind. */
interface HighlightSpec {
  readonly id: string
  readonly kind: AnnotationKind
  readonly inclusiveStart: false
  readonly inclusiveEnd: false
}

/** Messages to the plugin, sent with `tr.setMeta(annotationsKey, action)`. */
export type AnnotationAction =
  /** Draw annotations, in place of any drawn under the same ids; `fresh` says none is drawn yet,
   *  sparing a search of every highlight. */
  | { readonly type: 'add'; readonly highlights: readonly Highlight[]; readonly fresh?: boolean }
  | { readonly type: 'remove'; readonly ids: readonly string[] }
  /** Select an annotation (null: none). `range`, its plain-text place when known, spares a search
   *  of every highlight for it. */
  | { readonly type: 'select'; readonly id: string | null; readonly range?: { readonly start: number; readonly end: number } }

interface PluginState {
  /** What is drawn: one decoration per text block each annotation covers. */
  readonly decorations: DecorationSet
  /** One decoration per annotation, from its first character to its last, never drawn: mapped as
   *  one range, it moves exactly as the stored annotation's start and end do, so the drawn pieces
   *  an edit touched are cut from it again. */
  readonly spans: DecorationSet
  readonly selected: string | null
  /** Where the selected annotation's span was last seen, mapped along with the document. */
  readonly selectedAt: PosRange | null
}

export const annotationsKey = new PluginKey<PluginState>('annotations')

/** Each kind is drawn in its own element, so that overlapping highlights of different kinds nest
 *  (and their colours mix) instead of merging into one span. */
const ELEMENT: Record<AnnotationKind, string> = {
  claim: 'fw-claim',
  source: 'fw-source',
  evidence: 'fw-evidence',
  note: 'fw-note'
}

/** The tooltip of each kind's highlight, so overlapping highlights can be told apart. */
const TITLE: Record<AnnotationKind, string> = { claim: 'Claim', source: 'Source', evidence: 'Evidence', note: 'Note' }

const specOf = (d: Decoration) => d.spec as HighlightSpec

function newSpec(h: { id: string; kind: AnnotationKind }): HighlightSpec {
  return { id: h.id, kind: h.kind, inclusiveStart: false, inclusiveEnd: false }
}

/** The drawn pieces of one annotation over `ranges`, one per text block. */
function pieces(spec: HighlightSpec, ranges: readonly PosRange[], selected: boolean): Decoration[] {
  const attrs = { nodeName: ELEMENT[spec.kind], class: selected ? 'fw-hl is-selected' : 'fw-hl', title: TITLE[spec.kind] }
  return ranges.map((r) => Decoration.inline(r.from, r.to, attrs, spec))
}

/** The parts of `[from, to)` that lie inside text blocks of `doc`, one per block. */
function textRanges(doc: Node, from: number, to: number): PosRange[] {
  const $from = doc.resolve(from)
  if ($from.parent.isTextblock && to <= $from.end()) return from < to ? [{ from, to }] : []
  const ranges: PosRange[] = []
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true
    const start = Math.max(from, pos + 1)
    const end = Math.min(to, pos + 1 + node.content.size)
    if (start < end) ranges.push({ from: start, to: end })
    return false
  })
  return ranges
}

function findIds(set: DecorationSet, ids: ReadonlySet<string>, from?: number, to?: number): Decoration[] {
  return set.find(from, to, (spec: HighlightSpec) => ids.has(spec.id))
}

/** Keeps annotations as `DecorationSet`s in plugin state. The sets are mapped through every
 *  transaction (ends exclusive, so typing at an edge does not extend a highlight, and collapsed
 *  ranges drop out) and changed incrementally: adding or removing one annotation never rebuilds
 *  the others, and an edit redraws only the annotations around it. Messages must travel in
 *  transactions that do not change the document, since `index` describes the document as it is
 *  when they arrive. */
export function annotationsPlugin(index: () => TextIndex, initial: readonly Highlight[]): Plugin<PluginState> {
  return new Plugin<PluginState>({
    key: annotationsKey,
    state: {
      init(_config, state: EditorState): PluginState {
        const idx = index()
        const drawn: Decoration[] = []
        const spans: Decoration[] = []
        for (const h of initial) {
          const ranges = idx.rangesFor(h.start, h.end)
          if (ranges.length === 0) continue
          const spec = newSpec(h)
          drawn.push(...pieces(spec, ranges, false))
          spans.push(Decoration.inline(ranges[0]!.from, ranges[ranges.length - 1]!.to, {}, spec))
        }
        return { decorations: DecorationSet.create(state.doc, drawn), spans: DecorationSet.create(state.doc, spans), selected: null, selectedAt: null }
      },
      apply(tr: Transaction, value: PluginState, _old: EditorState, newState: EditorState): PluginState {
        const action = tr.getMeta(annotationsKey) as AnnotationAction | undefined
        if (!tr.docChanged && !action) return value
        if (tr.docChanged && action) throw new RangeError('Annotation messages must travel in transactions that leave the document alone')
        let { decorations, spans, selected, selectedAt } = value
        const doc: Node = newState.doc
        if (tr.docChanged) {
          decorations = decorations.map(tr.mapping, doc)
          spans = spans.map(tr.mapping, doc)
          selectedAt = selectedAt && { from: tr.mapping.map(selectedAt.from, -1), to: tr.mapping.map(selectedAt.to, 1) }
          // Where the document changed, in its new positions.
          const windows: PosRange[] = []
          tr.mapping.maps.forEach((map, i) => {
            const rest = tr.mapping.slice(i + 1)
            map.forEach((_a, _b, from, to) => windows.push({ from: rest.map(from, -1), to: rest.map(to, 1) }))
          })
          const redraw = new Map<string, Decoration>()
          const stale: Decoration[] = []
          for (const w of windows) {
            for (const span of spans.find(w.from, w.to)) redraw.set(specOf(span).id, span)
            // Pieces whose annotation lost all its text go with it.
            stale.push(...decorations.find(w.from, w.to))
          }
          if (redraw.size || stale.length) {
            const gone = stale.filter((d) => !redraw.has(specOf(d).id))
            const old = [...redraw.values()].flatMap((span) => findIds(decorations, new Set([specOf(span).id]), span.from, span.to))
            decorations = decorations.remove([...gone, ...old])
            decorations = decorations.add(
              doc,
              [...redraw.values()].flatMap((span) => pieces(specOf(span), textRanges(doc, span.from, span.to), specOf(span).id === selected))
            )
          }
          return { decorations, spans, selected, selectedAt }
        }
        const idx = index()
        switch (action!.type) {
          case 'add': {
            const { highlights, fresh } = action as Extract<AnnotationAction, { type: 'add' }>
            if (!fresh) {
              const replaced = new Set(highlights.map((h) => h.id))
              decorations = decorations.remove(findIds(decorations, replaced))
              spans = spans.remove(findIds(spans, replaced))
            }
            const drawn: Decoration[] = []
            const added: Decoration[] = []
            for (const h of highlights) {
              const ranges = idx.rangesFor(h.start, h.end)
              if (ranges.length === 0) continue
              const spec = newSpec(h)
              drawn.push(...pieces(spec, ranges, h.id === selected))
              added.push(Decoration.inline(ranges[0]!.from, ranges[ranges.length - 1]!.to, {}, spec))
            }
            decorations = decorations.add(doc, drawn)
            spans = spans.add(doc, added)
            break
          }
          case 'remove': {
            const { ids } = action as Extract<AnnotationAction, { type: 'remove' }>
            decorations = decorations.remove(findIds(decorations, new Set(ids)))
            spans = spans.remove(findIds(spans, new Set(ids)))
            if (selected && ids.includes(selected)) selected = null
            break
          }
          case 'select': {
            const { id, range } = action as Extract<AnnotationAction, { type: 'select' }>
            const ids = new Set([selected, id].filter((x): x is string => x !== null))
            // Look for the two annotations where they are known to be, else everywhere.
            const windows: PosRange[] = []
            if (selected && selectedAt) windows.push(selectedAt)
            const ranges = id && range ? idx.rangesFor(range.start, range.end) : []
            if (ranges.length) windows.push({ from: ranges[0]!.from, to: ranges[ranges.length - 1]!.to })
            // One span per annotation (a search returns copies, so they are told apart by id).
            const byId = (list: Decoration[]) => new Map(list.map((d) => [specOf(d).id, d]))
            let found = byId(windows.flatMap((w) => findIds(spans, ids, w.from, w.to)))
            if ((selected && !found.has(selected)) || (id && !found.has(id))) found = byId(findIds(spans, ids))
            selected = id
            const redrawn = [...found.values()].flatMap((span) => pieces(specOf(span), textRanges(doc, span.from, span.to), specOf(span).id === selected))
            const old = [...found.values()].flatMap((span) => findIds(decorations, new Set([specOf(span).id]), span.from, span.to))
            decorations = decorations.remove(old).add(doc, redrawn)
            const now = found.get(id ?? '')
            selectedAt = now ? { from: now.from, to: now.to } : null
            break
          }
        }
        return { decorations, spans, selected, selectedAt }
      }
    },
    props: {
      decorations(state) {
        return annotationsKey.getState(state)?.decorations
      }
    }
  })
}

/** The ids of annotations drawn at an editor position, innermost (shortest) first. */
export function highlightsAt(state: EditorState, pos: number): string[] {
  const plugin = annotationsKey.getState(state)
  if (!plugin) return []
  const drawnHere = new Set(plugin.decorations.find(pos, pos).map((d) => specOf(d).id))
  return plugin.spans
    .find(pos, pos, (spec: HighlightSpec) => drawnHere.has(spec.id))
    .sort((a, b) => a.to - a.from - (b.to - b.from))
    .map((d) => specOf(d).id)
}
