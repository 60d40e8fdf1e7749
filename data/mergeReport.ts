import { z } from 'zod'
import { Annotation, ArticleDocument, Link, Orphan, Publication, SourceRecord, Tag } from './project'
import { VerdictLabel } from './verdicts'

// What a merge reports, part of the API (data/api.ts): the conflicts a person chooses between,
// the counts of what was added, the choices, and the report in words. The merge itself is
// data/merge.ts.

/** A passage of a project: an annotation placed in its document, or an orphan waiting to be
 *  placed. Both share one id space, so the same passage may be placed on one side of a merge and
 *  orphaned on the other. */
export const Passage = z.union([Orphan, Annotation])
export type Passage = z.infer<typeof Passage>

/** Whether a passage is an orphan rather than a placed annotation. */
export function isOrphan(passage: Passage): passage is Orphan {
  return 'reason' in passage
}

/** What the two sides of a conflict may be, by the kind of item. */
const conflictOf = <K extends string, T extends z.ZodType>(kind: K, item: T) =>
  z.object({
    kind: z.literal(kind),
    /** `kind:id`: what a choice in `resolveConflicts` names. */
    key: z.string(),
    /** The item's id (a verdict's label, for verdicts; `publication` for the publication settings). */
    id: z.string(),
    /** The item as a person recognises it: a claim's quote, a source's title. */
    description: z.string(),
    /** The fields in which the two versions differ. */
    fields: z.array(z.string()),
    /** The version kept in the project: the local one. */
    mine: item,
    /** The incoming version, kept here so the person can see it and take it. */
    theirs: item,
    /** When each version was last changed, for items that record it. */
    modifiedAt: z.object({ mine: z.string().nullable(), theirs: z.string().nullable() }),
    /** Where the incoming version came from: the bundle's file name. */
    origin: z.string()
  })

/** An item present on both sides of a merge with different content. The local version stays in
 *  the project; the incoming one is recorded here, so nothing is overwritten silently.
 *  A document conflict also lists the incoming passages that were made orphans because they were
 *  made on the other version of the text. */
export const MergeConflict = z.discriminatedUnion('kind', [
  conflictOf('document', ArticleDocument).extend({ orphaned: z.array(z.string()) }),
  conflictOf('annotation', Passage),
  conflictOf('source', SourceRecord),
  conflictOf('link', Link),
  conflictOf('tag', Tag),
  conflictOf('verdict', VerdictLabel),
  conflictOf('publication', Publication)
])
export type MergeConflict = z.infer<typeof MergeConflict>

const Count = z.number().int().nonnegative()

/** What a merge did, for the person to read: counts of what was added and skipped, every
 *  conflict with both versions, the incoming passages that could not be placed, the verdicts added
 *  to the scale, and the links left with a missing end. */
export const MergeReport = z.object({
  origin: z.string(),
  added: z.object({
    documents: Count,
    annotations: Count,
    orphans: Count,
    sources: Count,
    links: Count,
    tags: Count,
    verdicts: Count
  }),
  /** Items changed only in the incoming project since the version both last shared, taken. */
  updated: Count,
  /** Items present on both sides and identical (or changed only here), skipped. */
  unchanged: Count,
  conflicts: z.array(MergeConflict),
  /** Incoming passages added as orphans, with why they could not be placed. */
  orphaned: z.array(z.object({ id: z.string(), description: z.string(), reason: z.string() })),
  /** Labels added to the verdict scale, marked as imported. */
  importedVerdicts: z.array(z.string()),
  /** Incoming tags matched to a local tag of the same name but another id. */
  mappedTags: z.array(z.object({ from: z.string(), to: z.string(), name: z.string() })),
  /** Links of the merged project whose claim or target is missing (or waits among the orphans). */
  danglingLinks: z.array(z.object({ id: z.string(), description: z.string() })),
  /** Anything else the person should know, as sentences. */
  notes: z.array(z.string()),
  /** Whether the merged project differs from the local one. */
  changed: z.boolean()
})
export type MergeReport = z.infer<typeof MergeReport>

/** Which version to keep for each conflict, by its `key`; conflicts not named keep mine. */
export const ConflictChoices = z.record(z.string(), z.enum(['mine', 'theirs']))
export type ConflictChoices = z.infer<typeof ConflictChoices>

/** `n` and a noun in the number it asks for. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The report of a merge as lines a person reads (the command line prints them): what was added,
 *  each conflict with the fields that differ and when each side last changed, the passages that
 *  wait among the orphans, the verdicts added to the scale and the links with a missing end. */
export function describeMerge(report: MergeReport): string[] {
  const a = report.added
  const parts = [
    [a.documents, 'document'],
    [a.annotations, 'annotation'],
    [a.orphans, 'orphan'],
    [a.sources, 'source'],
    [a.links, 'link'],
    [a.tags, 'tag'],
    [a.verdicts, 'verdict']
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => plural(n as number, what as string))
  const updated = report.updated ? `; took ${plural(report.updated, 'item')} changed only there` : ''
  const both = report.conflicts.length ? `; ${plural(report.conflicts.length, 'item')} changed on both sides` : ''
  const lines = [`Merged ${report.origin}: ${parts.length ? `added ${parts.join(', ')}` : 'nothing new'}${updated}${both}; ${plural(report.unchanged, 'item')} already up to date.`]
  if (report.conflicts.length) {
    lines.push(`${plural(report.conflicts.length, 'item')} differ${report.conflicts.length === 1 ? 's' : ''} from ${report.origin}; your version was kept:`)
    for (const c of report.conflicts) {
      const when = c.modifiedAt.mine || c.modifiedAt.theirs ? ` (yours changed ${c.modifiedAt.mine ?? 'at an unknown time'}, theirs ${c.modifiedAt.theirs ?? 'at an unknown time'})` : ''
      const orphans = c.kind === 'document' && c.orphaned.length ? `; ${plural(c.orphaned.length, 'passage')} made on their text wait among the orphans` : ''
      lines.push(`  ${c.key}: ${c.description} differs in ${c.fields.join(', ')}${when}${orphans}.`)
    }
  }
  if (report.orphaned.length) {
    lines.push(`${plural(report.orphaned.length, 'passage')} could not be placed and wait${report.orphaned.length === 1 ? 's' : ''} among the orphans:`)
    for (const o of report.orphaned) lines.push(`  ${o.description}: ${o.reason}`)
  }
  if (report.importedVerdicts.length) lines.push(`Verdicts added to the scale, marked as imported: ${report.importedVerdicts.join(', ')}.`)
  for (const t of report.mappedTags) lines.push(`Their tag ${t.from} was taken as your tag “${t.name}”.`)
  for (const l of report.danglingLinks) lines.push(l.description)
  lines.push(...report.notes)
  return lines
}
