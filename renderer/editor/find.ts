import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'

/** The passage the find field points at, drawn without touching the person's selection (which
 *  would take the focus out of the field). Set with `tr.setMeta(findKey, range | null)`. */
export const findKey = new PluginKey<DecorationSet>('find')

export function findPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: findKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const range = tr.getMeta(findKey) as { from: number; to: number } | null | undefined
        if (range === undefined) return set.map(tr.mapping, tr.doc)
        return range ? DecorationSet.create(tr.doc, [Decoration.inline(range.from, range.to, { class: 'fw-find-match' })]) : DecorationSet.empty
      }
    },
    props: {
      decorations: (state) => findKey.getState(state)
    }
  })
}
