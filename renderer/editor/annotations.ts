import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { AnnotationKind } from '../../data/vocabulary'
import type { TextIndex } from './textIndex'

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
  | { readonly type: 'add'; readonly highlights: readonly Highlight[] }
  | { readonly type: 'remove'; readonly ids: readonly string[] }
  | { readonly type: 'select'; readonly id: string | null }

interface PluginState {
  readonly decorations: DecorationSet
  readonly selected: string | null
  /** Kinds of drawn annotations, so a reselect can redraw one without asking the project. */
  readonly ranges: ReadonlyMap<string, Highlight>
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

/** One decoration per text block the annotation covers. */
function decorate(index: TextIndex, h: Highlight, selected: boolean): Decoration[] {
  const spec: HighlightSpec = { id: h.id, kind: h.kind, inclusiveStart: false, inclusiveEnd: false }
  const attrs = { nodeName: ELEMENT[h.kind], class: selected ? 'fw-hl is-selected' : 'fw-hl', title: TITLE[h.kind] }
  return index.rangesFor(h.start, h.end).map((r) => Decoration.inline(r.from, r.to, attrs, spec))
}

function removeIds(set: DecorationSet, ids: ReadonlySet<string>): DecorationSet {
  return set.remove(set.find(undefined, undefined, (spec: HighlightSpec) => ids.has(spec.id)))
}

/** Keeps annotations as a `DecorationSet` in plugin state. The set is mapped through every
 *  transaction (ends exclusive, so typing at an edge does not extend a highlight, and collapsed
 *  ranges drop out) and changed incrementally: adding or removing one annotation never rebuilds
 *  the others. */
export function annotationsPlugin(index: () => TextIndex, initial: readonly Highlight[]): Plugin<PluginState> {
  return new Plugin<PluginState>({
    key: annotationsKey,
    state: {
      init(_config, state: EditorState): PluginState {
        const idx = index()
        return {
          decorations: DecorationSet.create(state.doc, initial.flatMap((h) => decorate(idx, h, false))),
          selected: null,
          ranges: new Map(initial.map((h) => [h.id, h]))
        }
      },
      apply(tr: Transaction, value: PluginState, _old: EditorState, newState: EditorState): PluginState {
        let { decorations, selected, ranges } = value
        decorations = decorations.map(tr.mapping, tr.doc)
        const action = tr.getMeta(annotationsKey) as AnnotationAction | undefined
        if (!action) return decorations === value.decorations ? value : { decorations, selected, ranges }
        const idx = index()
        const doc: Node = newState.doc
        switch (action.type) {
          case 'add': {
            const next = new Map(ranges)
            const replaced = new Set(action.highlights.map((h) => h.id).filter((id) => next.has(id)))
            if (replaced.size) decorations = removeIds(decorations, replaced)
            for (const h of action.highlights) next.set(h.id, h)
            decorations = decorations.add(doc, action.highlights.flatMap((h) => decorate(idx, h, h.id === selected)))
            ranges = next
            break
          }
          case 'remove': {
            const next = new Map(ranges)
            for (const id of action.ids) next.delete(id)
            decorations = removeIds(decorations, new Set(action.ids))
            if (selected && action.ids.includes(selected)) selected = null
            ranges = next
            break
          }
          case 'select': {
            const redraw = [...new Set([selected, action.id])].filter((id): id is string => id !== null && ranges.has(id))
            decorations = removeIds(decorations, new Set(redraw))
            selected = action.id
            decorations = decorations.add(
              doc,
              redraw.flatMap((id) => decorate(idx, ranges.get(id)!, id === selected))
            )
            break
          }
        }
        return { decorations, selected, ranges }
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
  const found = plugin.decorations.find(pos, pos, (spec: HighlightSpec) => typeof spec.id === 'string')
  const ids = [...new Set(found.map((d) => (d.spec as HighlightSpec).id))]
  return ids.sort((a, b) => {
    const ra = plugin.ranges.get(a)
    const rb = plugin.ranges.get(b)
    return (ra ? ra.end - ra.start : 0) - (rb ? rb.end - rb.start : 0)
  })
}
