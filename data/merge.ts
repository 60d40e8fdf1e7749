import { anchorFits, quoteAt, reanchor } from './anchor'
import {
  Annotation,
  ArticleDocument,
  Link,
  Orphan,
  Project,
  Publication,
  SourceRecord,
  Tag,
  type ProjectSettings
} from './project'
import { isOrphan, MergeReport, Passage, plural, type ConflictChoices, type MergeConflict } from './mergeReport'
import { fail, ok, type Result } from './result'
import { findVerdict, VerdictLabel, VerdictScale, withVerdict } from './verdicts'
import { kindLabel, STANCES, termLabel } from './vocabulary'

/** Deep equality of plain data, ignoring key order; a key holding `undefined` counts as absent. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => sameValue(v, b[i]))
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = Object.keys(x).filter((k) => x[k] !== undefined)
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false
  return keys.every((k) => k in y && sameValue(x[k], y[k]))
}

/** The top-level fields in which `a` and `b` differ, except those in `ignore`. */
function differingFields(a: object, b: object, ignore: readonly string[] = []): string[] {
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])]
  return keys.filter((k) => !ignore.includes(k) && !sameValue(x[k], y[k]))
}

/** A quote shortened for a sentence. */
function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

function describePassage(p: Passage): string {
  return `${kindLabel(p.kind)} “${short(p.quote.exact)}”`
}

/** Turn an annotation into an orphan that remembers where it was. */
function orphanOf(passage: Passage, reason: string, origin: string): Orphan {
  const { start, end } = passage
  return { ...passage, start, end, reason, origin }
}

/** Turn an orphan back into an annotation at its remembered place. */
function placed(orphan: Orphan, start: number, end: number): Annotation {
  const { reason: _reason, origin: _origin, ...rest } = orphan
  return { ...rest, start, end }
}

/** The passage fields that a placement changes; an orphan and a placed annotation that differ
 *  only in these are the same passage at two stages. */
const PLACEMENT = ['start', 'end', 'quote', 'reason', 'origin']

/** The fields of two versions of a passage that differ, `placed` when one side is an orphan. */
function passageFields(mine: Passage, theirs: Passage): string[] {
  const fields = differingFields(mine, theirs, ['reason', 'origin'])
  if (isOrphan(mine) !== isOrphan(theirs)) fields.push('placed')
  return fields
}

/** What the merge is working on: the local project's parts, added to as it goes. */
interface Working {
  documents: ArticleDocument[]
  passages: Map<string, Passage>
  sources: Map<string, SourceRecord>
  links: Map<string, Link>
  tags: Tag[]
  labels: VerdictLabel[]
  publication: Publication
}

/** The conflict record for two versions of an item; `modified` tells when a version was last
 *  changed, for items that record it. */
function conflict<K extends MergeConflict['kind'], T>(
  kind: K,
  id: string,
  description: string,
  fields: string[],
  mine: T,
  theirs: T,
  origin: string,
  modified: (item: T) => string | null
) {
  return { kind, key: `${kind}:${id}`, id, description, fields, mine, theirs, modifiedAt: { mine: modified(mine), theirs: modified(theirs) }, origin }
}

/** How one item present on both sides of a merge is settled: both versions are the `same`; keep
 *  `mine` (only I changed it since the shared version); take `theirs` (only they changed it, after
 *  the shared version was made); or a `conflict`. Without a shared version every difference is a
 *  conflict. */
type Decision = 'same' | 'mine' | 'theirs' | 'conflict'

function decide<T>(mine: T, theirs: T, base: T | undefined, same: (a: T, b: T) => boolean, newer: (theirs: T, base: T) => boolean): Decision {
  if (same(mine, theirs)) return 'same'
  if (base === undefined) return 'conflict'
  if (same(theirs, base)) return 'mine'
  if (same(mine, base) && newer(theirs, base)) return 'theirs'
  return 'conflict'
}

/** Whether `theirs` was changed after `base`, for items that record when they were changed. */
const changedAfter = (theirs: { modifiedAt: string }, base: { modifiedAt: string }) => theirs.modifiedAt > base.modifiedAt

const samePassage = (a: Passage, b: Passage) => passageFields(a, b).length === 0

/** What `mergeProjects` needs besides the two projects. */
export interface MergeOptions {
  /** Where the incoming project comes from, as the person knows it: the bundle's file name. */
  readonly origin?: string
  /** The last version both sides are known to share (the bundle the two projects were last
   *  exchanged as), when there is one. With it, an item changed on one side only is settled
   *  without a conflict; without it, every difference is a conflict. */
  readonly base?: Project
}

/** Merge a colleague's version of a project (`incoming`) into the local one, by stable ids.
 *  Documents, passages (annotations and orphans), sources, links, tags and verdict labels present
 *  only in `incoming` are added; identical items are skipped; an item present on both sides with
 *  different content is a conflict: the local version is kept and both versions are recorded in
 *  the report, so nothing is overwritten silently. Empty publication settings are filled in.
 *
 *  Given the version both sides last shared (`options.base`), the merge is three-way for
 *  passages, sources and links: an item only I changed since then keeps my version; an item only
 *  they changed, later than the shared version, takes theirs (counted as `updated`); an item
 *  changed on both sides is a conflict; an item I removed that they did not change stays removed,
 *  and one they removed stays here. Documents, tags, verdict labels and publication settings
 *  always conflict when they differ.
 *
 *  A document with the same id but another text is a conflict, and the incoming annotations made
 *  on it are never placed on the local text: they are added as orphans, with the reason, for the
 *  person to place. The same holds for any incoming annotation that does not fit its document.
 *  Incoming tags with an unknown id but the name of a local tag are taken as that tag. Incoming
 *  verdict labels missing from the local scale are added, marked as imported, as are verdicts the
 *  incoming passages use that neither scale has. Links whose claim or target is missing after the
 *  merge are kept (the passage may wait among the orphans) and reported.
 *
 *  Merging is idempotent: merging the same project again adds and takes nothing and returns the
 *  local project unchanged (same revision). When anything changes, the revision grows by one and
 *  `updatedAt` becomes `now`. The merged project is a valid `Project` whose annotations all fit
 *  their documents; anything else is a bug and throws. */
export function mergeProjects(local: Project, incoming: Project, now: string, options: MergeOptions = {}): { project: Project; report: MergeReport } {
  const origin = options.origin ?? 'the merged project'
  const base = options.base
  const report: MergeReport = {
    origin,
    added: { documents: 0, annotations: 0, orphans: 0, sources: 0, links: 0, tags: 0, verdicts: 0 },
    updated: 0,
    unchanged: 0,
    conflicts: [],
    orphaned: [],
    importedVerdicts: [],
    mappedTags: [],
    danglingLinks: [],
    notes: [],
    changed: false
  }
  const work: Working = {
    documents: [...local.documents],
    passages: new Map<string, Passage>([...local.annotations, ...local.orphans].map((p) => [p.id, p])),
    sources: new Map(local.sources.map((s) => [s.id, s])),
    links: new Map(local.links.map((l) => [l.id, l])),
    tags: [...local.settings.tags],
    labels: [...local.settings.verdictScale.labels],
    publication: local.settings.publication
  }
  let removedHere = 0

  // Documents: where the incoming passages may be placed, and why not elsewhere.
  const localDocuments = new Map(local.documents.map((d) => [d.id, d]))
  const placeable = new Map<string, string>()
  const otherText = new Map<string, ArticleDocument>()
  for (const theirs of incoming.documents) {
    const mine = localDocuments.get(theirs.id)
    if (!mine) {
      work.documents.push(theirs)
      report.added.documents++
      placeable.set(theirs.id, theirs.text)
    } else if (sameValue(mine, theirs)) {
      report.unchanged++
      placeable.set(theirs.id, theirs.text)
    } else if (mine.text === theirs.text) {
      placeable.set(theirs.id, theirs.text)
      report.conflicts.push({ ...conflict('document', mine.id, `the document “${short(mine.title)}”`, differingFields(mine, theirs), mine, theirs, origin, (d) => d.original.importedAt), orphaned: [] })
    } else {
      otherText.set(theirs.id, theirs)
    }
  }

  // Tags: by id, or by name when a colleague made the same tag separately.
  const tagIds = new Map<string, string>()
  for (const theirs of incoming.settings.tags) {
    const mine = work.tags.find((t) => t.id === theirs.id)
    if (mine) {
      if (sameValue(mine, theirs)) report.unchanged++
      else report.conflicts.push(conflict('tag', mine.id, `the tag “${mine.name}”`, differingFields(mine, theirs), mine, theirs, origin, () => null))
      continue
    }
    const namesake = work.tags.find((t) => t.name.trim().toLowerCase() === theirs.name.trim().toLowerCase())
    if (namesake) {
      tagIds.set(theirs.id, namesake.id)
      report.mappedTags.push({ from: theirs.id, to: namesake.id, name: namesake.name })
    } else {
      work.tags.push(theirs)
      report.added.tags++
    }
  }

  // Verdict labels, matched by label ignoring case.
  const addLabel = (label: VerdictLabel): boolean => {
    if (!VerdictScale.safeParse({ name: '', labels: [...work.labels, label] }).success) {
      report.notes.push(`The verdict “${short(label.label)}” was not added to the scale, which cannot hold it (at most 50 labels of up to 80 characters); the passages keep it as a verdict not on the scale.`)
      return false
    }
    work.labels.push(label)
    report.added.verdicts++
    report.importedVerdicts.push(label.label)
    return true
  }
  for (const theirs of incoming.settings.verdictScale.labels) {
    const mine = findVerdict({ name: '', labels: work.labels }, theirs.label)
    if (!mine) addLabel({ ...theirs, imported: true })
    else if (sameValue({ ...mine, imported: undefined }, { ...theirs, imported: undefined })) report.unchanged++
    else report.conflicts.push(conflict('verdict', mine.label, `the verdict “${mine.label}”`, differingFields(mine, theirs, ['imported']), mine, theirs, origin, () => null))
  }

  // Passages: placed only on an identical text where they fit; otherwise orphans.
  const orphanedByDocument = new Map<string, string[]>()
  const arrive = (passage: Passage): Passage => {
    const tags = passage.tags.map((t) => tagIds.get(t) ?? t)
    const p = tags.some((t, i) => t !== passage.tags[i]) ? { ...passage, tags } : passage
    if (isOrphan(p)) return p
    const text = placeable.get(p.documentId)
    if (text !== undefined && anchorFits(text, p)) return p
    const other = otherText.get(p.documentId)
    let reason: string
    if (other) {
      reason = `It was made on the version of “${short(other.title)}” in ${origin}, whose text differs from this project’s.`
      orphanedByDocument.set(other.id, [...(orphanedByDocument.get(other.id) ?? []), p.id])
    } else if (text === undefined) {
      reason = `Its document is not in ${origin}.`
    } else {
      reason = `It does not match the text of its document at ${p.start}–${p.end} in ${origin}.`
    }
    return orphanOf(p, reason, origin)
  }
  const basePassages = new Map<string, Passage>(base ? [...base.annotations, ...base.orphans].map((p) => [p.id, p]) : [])
  const newPassages: Passage[] = []
  for (const incomingPassage of [...incoming.annotations, ...incoming.orphans]) {
    const theirs = arrive(incomingPassage)
    const mine = work.passages.get(theirs.id)
    const shared = basePassages.get(theirs.id)
    if (!mine) {
      if (shared && samePassage(theirs, shared)) {
        removedHere++
        continue
      }
      work.passages.set(theirs.id, theirs)
      newPassages.push(theirs)
      if (isOrphan(theirs)) {
        report.added.orphans++
        if (!isOrphan(incomingPassage)) report.orphaned.push({ id: theirs.id, description: describePassage(theirs), reason: theirs.reason })
      } else {
        report.added.annotations++
      }
      continue
    }
    const samePassageLaterPlaced = !isOrphan(mine) && isOrphan(theirs) && differingFields(mine, theirs, PLACEMENT).length === 0
    // Their passage replaces mine only when it is placed, or mine is not either.
    const decision = samePassageLaterPlaced ? 'same' : decide(mine, theirs, shared, samePassage, (t, b) => changedAfter(t, b) && (!isOrphan(t) || isOrphan(mine)))
    if (decision === 'same' || decision === 'mine') report.unchanged++
    else if (decision === 'theirs') {
      work.passages.set(theirs.id, theirs)
      newPassages.push(theirs)
      report.updated++
    } else report.conflicts.push(conflict('annotation', mine.id, describePassage(mine), passageFields(mine, theirs), mine, theirs, origin, (p) => p.modifiedAt))
  }

  for (const [id, theirs] of otherText) {
    const mine = localDocuments.get(id)!
    report.conflicts.push({
      ...conflict('document', id, `the document “${short(mine.title)}”`, differingFields(mine, theirs), mine, theirs, origin, (d) => d.original.importedAt),
      orphaned: orphanedByDocument.get(id) ?? []
    })
  }

  // Verdicts the passages brought in use that no scale has.
  for (const p of newPassages) {
    if (p.verdict === null || p.verdict.trim() === '' || findVerdict({ name: '', labels: work.labels }, p.verdict)) continue
    const scale = withVerdict({ name: '', labels: work.labels }, p.verdict)
    addLabel(scale.labels[scale.labels.length - 1]!)
  }

  // Sources and links: the same rules by id.
  const mergeItems = <T extends { id: string; modifiedAt: string }>(
    kind: 'source' | 'link',
    mineById: Map<string, T>,
    theirsList: readonly T[],
    baseList: readonly T[],
    conflictOf: (mine: T, theirs: T) => MergeConflict
  ) => {
    const shared = new Map(baseList.map((b) => [b.id, b]))
    for (const theirs of theirsList) {
      const mine = mineById.get(theirs.id)
      const was = shared.get(theirs.id)
      if (!mine) {
        if (was && sameValue(theirs, was)) {
          removedHere++
          continue
        }
        mineById.set(theirs.id, theirs)
        report.added[kind === 'source' ? 'sources' : 'links']++
        continue
      }
      const decision = decide(mine, theirs, was, sameValue, changedAfter)
      if (decision === 'same' || decision === 'mine') report.unchanged++
      else if (decision === 'theirs') {
        mineById.set(theirs.id, theirs)
        report.updated++
      } else report.conflicts.push(conflictOf(mine, theirs))
    }
  }
  const modified = (x: { modifiedAt: string }) => x.modifiedAt
  mergeItems('source', work.sources, incoming.sources, base?.sources ?? [], (m, t) =>
    conflict('source', m.id, `the source “${short(m.title)}”`, differingFields(m, t), m, t, origin, modified)
  )
  mergeItems('link', work.links, incoming.links, base?.links ?? [], (m, t) => conflict('link', m.id, describeLinkOf(m, work), differingFields(m, t), m, t, origin, modified))

  // Publication settings: empty local fields are filled in; different filled ones conflict.
  const mine = local.settings.publication
  const theirs = incoming.settings.publication
  const filled = { ...mine }
  let clash = false
  for (const key of Object.keys(mine) as (keyof Publication)[]) {
    if (mine[key] === '' && theirs[key] !== '') filled[key] = theirs[key]
    else if (theirs[key] !== '' && mine[key] !== theirs[key]) clash = true
  }
  work.publication = filled
  if (clash) report.conflicts.push(conflict('publication', 'publication', 'the publication settings', differingFields(filled, theirs), filled, theirs, origin, () => null))

  if (removedHere) report.notes.push(`${plural(removedHere, 'item')} you removed since you last shared the project ${removedHere === 1 ? 'stays' : 'stay'} removed.`)
  const merged = assemble(local, work)
  report.changed = !sameValue(withoutStamp(merged), withoutStamp(local))
  const project = report.changed ? { ...merged, revision: local.revision + 1, updatedAt: now } : local
  report.danglingLinks = danglingLinks(project)
  assertSound(project)
  return { project, report }
}

/** The project without what every save changes, for telling whether anything else changed. */
function withoutStamp(project: Project): Omit<Project, 'revision' | 'updatedAt'> {
  const { revision: _revision, updatedAt: _updatedAt, ...rest } = project
  return rest
}

/** The project the working parts make. */
function assemble(base: Project, work: Working): Project {
  const passages = [...work.passages.values()]
  const settings: ProjectSettings = {
    ...base.settings,
    verdictScale: { ...base.settings.verdictScale, labels: work.labels },
    tags: work.tags,
    publication: work.publication
  }
  return {
    ...base,
    documents: work.documents,
    annotations: passages.filter((p): p is Annotation => !isOrphan(p)),
    orphans: passages.filter(isOrphan),
    sources: [...work.sources.values()],
    links: [...work.links.values()],
    settings
  }
}

/** A link as a person recognises it: its stance and the claim it starts from. */
function describeLinkOf(link: Link, work: Pick<Working, 'passages'>): string {
  const claim = work.passages.get(link.claimId)
  const stance = termLabel(STANCES, link.stance).toLowerCase()
  return claim ? `the “${stance}” link from the claim “${short(claim.quote.exact)}”` : `the “${stance}” link ${link.id}`
}

/** Links whose claim or target is not a placed item of the project. */
function danglingLinks(project: Project): { id: string; description: string }[] {
  const annotations = new Map(project.annotations.map((a) => [a.id, a]))
  const orphans = new Set(project.orphans.map((o) => o.id))
  const sources = new Set(project.sources.map((s) => s.id))
  const passages = new Map<string, Passage>([...project.annotations, ...project.orphans].map((p) => [p.id, p]))
  const out: { id: string; description: string }[] = []
  for (const link of project.links) {
    const what = describeLinkOf(link, { passages })
    const problems: string[] = []
    const claim = annotations.get(link.claimId)
    if (orphans.has(link.claimId)) problems.push('its claim waits among the orphans')
    else if (!claim) problems.push('its claim is not in the project')
    else if (claim.kind !== 'claim') problems.push('it does not start from a claim')
    if (link.target.type === 'source' && !sources.has(link.target.id)) problems.push('its source is not in the library')
    if (link.target.type === 'annotation') {
      if (orphans.has(link.target.id)) problems.push('the passage it points at waits among the orphans')
      else if (!annotations.has(link.target.id)) problems.push('the passage it points at is not in the project')
    }
    if (problems.length) out.push({ id: link.id, description: `${what[0]!.toUpperCase()}${what.slice(1)}: ${problems.join(', and ')}.` })
  }
  return out
}

/** Throw when a merged or resolved project is not a valid project whose annotations fit: a bug. */
function assertSound(project: Project): void {
  const parsed = Project.safeParse(project)
  if (!parsed.success) throw new Error(`A merge produced an invalid project: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`)
  const texts = new Map(project.documents.map((d) => [d.id, d.text]))
  for (const a of project.annotations) {
    const text = texts.get(a.documentId)
    if (text === undefined || !anchorFits(text, a)) throw new Error(`A merge placed annotation ${a.id} where it does not fit`)
  }
}

/** Settle a passage in a document whose text is `text`: an annotation that fits stays placed; an
 *  orphan whose remembered place fits is placed when `place` allows; anything else is an orphan,
 *  for `reason`. */
function settle(passage: Passage, text: string | undefined, place: boolean, reason: string, origin: string): Passage {
  if (text === undefined) return isOrphan(passage) ? passage : orphanOf(passage, reason, origin)
  if (!isOrphan(passage)) return anchorFits(text, passage) ? passage : orphanOf(passage, reason, origin)
  const { start, end } = passage
  if (place && start !== null && end !== null && anchorFits(text, { start, end, quote: passage.quote })) return placed(passage, start, end)
  return passage
}

/** Take the versions chosen for the conflicts of a merge: `theirs` replaces the local item with
 *  the incoming one; `mine`, or no choice, keeps the local one. Fails, changing nothing, when an
 *  item chosen has changed since the merge (its current version is no longer the conflict's
 *  `mine`), so that no later edit is overwritten unseen.
 *
 *  Taking their version of a document replaces its text: the local annotations on it stay where
 *  they fit, are re-anchored by their quote where it is found, and become orphans otherwise; the
 *  incoming passages the merge had made orphans for that document are placed again where they fit
 *  the new text. Taking their version of a passage places it if it fits its document's current
 *  text, and keeps it as an orphan otherwise. The result is a valid project, its revision one
 *  higher and `updatedAt` set to `now`; with nothing to take, the project is returned unchanged. */
export function resolveConflicts(project: Project, conflicts: readonly MergeConflict[], choices: ConflictChoices, now: string): Result<Project> {
  const taken = conflicts.filter((c) => choices[c.key] === 'theirs')
  if (taken.length === 0) return ok(project)
  const work: Working = {
    documents: [...project.documents],
    passages: new Map<string, Passage>([...project.annotations, ...project.orphans].map((p) => [p.id, p])),
    sources: new Map(project.sources.map((s) => [s.id, s])),
    links: new Map(project.links.map((l) => [l.id, l])),
    tags: [...project.settings.tags],
    labels: [...project.settings.verdictScale.labels],
    publication: project.settings.publication
  }
  const changedSince = (c: MergeConflict) => fail('conflict', `${c.description[0]!.toUpperCase()}${c.description.slice(1)} has changed since the merge; merge ${c.origin} again to see how it differs now.`)

  // Documents first, so that passages taken with them settle on the new text.
  const replaced = new Set<string>()
  for (const c of taken) {
    if (c.kind !== 'document') continue
    const at = work.documents.findIndex((d) => d.id === c.id)
    if (at < 0 || !sameValue(work.documents[at], c.mine)) return changedSince(c)
    work.documents[at] = c.theirs
    replaced.add(c.id)
    const text = c.theirs.text
    const returning = new Set(c.orphaned)
    for (const [id, p] of work.passages) {
      if (p.documentId !== c.id) continue
      if (isOrphan(p)) {
        if (returning.has(id)) work.passages.set(id, settle(p, text, true, p.reason, p.origin))
        continue
      }
      if (anchorFits(text, p)) continue
      const found = reanchor(text, p)
      work.passages.set(
        id,
        found
          ? { ...p, ...found, quote: quoteAt(text, found.start, found.end) }
          : orphanOf(p, `“${short(c.theirs.title)}” was replaced by the version in ${c.origin}, which does not contain this passage.`, c.origin)
      )
    }
  }
  const texts = new Map(work.documents.map((d) => [d.id, d.text]))

  for (const c of taken) {
    switch (c.kind) {
      case 'document':
        break
      case 'annotation': {
        const current = work.passages.get(c.id)
        if (!current || !sameValue(current, c.mine)) return changedSince(c)
        const text = texts.get(c.theirs.documentId)
        const reason = text === undefined ? `Its document is not in this project.` : `It does not fit the current text of its document.`
        work.passages.set(c.id, settle(c.theirs, text, replaced.has(c.theirs.documentId), reason, c.origin))
        break
      }
      case 'source':
        if (!sameValue(work.sources.get(c.id), c.mine)) return changedSince(c)
        work.sources.set(c.id, c.theirs)
        break
      case 'link':
        if (!sameValue(work.links.get(c.id), c.mine)) return changedSince(c)
        work.links.set(c.id, c.theirs)
        break
      case 'tag': {
        const at = work.tags.findIndex((t) => t.id === c.id)
        if (at < 0 || !sameValue(work.tags[at], c.mine)) return changedSince(c)
        work.tags[at] = c.theirs
        break
      }
      case 'verdict': {
        const at = work.labels.findIndex((l) => sameValue(l, c.mine))
        if (at < 0) return changedSince(c)
        const { imported: _imported, ...label } = c.theirs
        work.labels[at] = label
        break
      }
      case 'publication':
        if (!sameValue(work.publication, c.mine)) return changedSince(c)
        work.publication = c.theirs
        break
    }
  }
  const resolved = { ...assemble(project, work), revision: project.revision + 1, updatedAt: now }
  assertSound(resolved)
  return ok(resolved)
}
