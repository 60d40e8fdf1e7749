import { z } from 'zod'
import { TextQuote } from './anchor'
import { ANNOTATION_DEFAULTS, ArticleDocument, DEFAULT_SETTINGS, EMPTY_PUBLICATION, PROJECT_FILE_VERSION, ProjectFile } from './project'
import { AnnotationKind } from './vocabulary'

/** Version 1 of the project file: annotations with a kind and a note only. */
const ProjectFileV1 = z.object({
  version: z.literal(1),
  project: z.object({
    id: z.string().min(1),
    title: z.string().min(1),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number().int().nonnegative(),
    documents: z.array(ArticleDocument),
    annotations: z.array(
      z.object({
        id: z.string().min(1),
        documentId: z.string().min(1),
        kind: AnnotationKind,
        start: z.number().int().nonnegative(),
        end: z.number().int().positive(),
        quote: TextQuote,
        note: z.string(),
        createdAt: z.string(),
        modifiedAt: z.string()
      })
    )
  })
})

/** Version 1 → 2: every annotation gets the new fields empty (claims "To check"), the project an
 *  empty source library, no links and the default settings. Nothing is dropped. */
function fromV1(file: z.infer<typeof ProjectFileV1>): { version: 2; project: Record<string, unknown> } {
  const { project } = file
  return {
    version: 2,
    project: {
      ...project,
      annotations: project.annotations.map((a) => ({ ...ANNOTATION_DEFAULTS, ...a, tags: [] })),
      sources: [],
      links: [],
      settings: DEFAULT_SETTINGS
    }
  }
}

/** Version 2 → 3: no orphans yet, and no publication settings. The rest is checked by the
 *  current schema afterwards. */
function fromV2(file: { project?: unknown }): unknown {
  const project = file.project
  if (typeof project !== 'object' || project === null) return file
  const settings = (project as { settings?: unknown }).settings
  return {
    version: 3,
    project: {
      ...project,
      orphans: [],
      settings: typeof settings === 'object' && settings !== null ? { ...settings, publication: EMPTY_PUBLICATION } : settings
    }
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0]
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
  return `it does not match the project format${where}: ${issue?.message ?? 'invalid'}`
}

/** Parse a project file's JSON value, migrating older versions to the current one. Returns a
 *  sentence for the person when the value is not a project file this code can read; `migrated`
 *  says the file on disk is older than what a save will write. */
export function readProjectFile(value: unknown): { ok: true; file: ProjectFile; migrated: boolean } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || !('version' in value)) {
    return { ok: false, problem: 'it is not a Factwork project file (no version)' }
  }
  const version = (value as { version: unknown }).version
  if (typeof version === 'number' && version > PROJECT_FILE_VERSION) {
    return { ok: false, problem: `it was written by a newer Factwork (file version ${version})` }
  }
  let current: unknown = value
  if (version === 1) {
    const v1 = ProjectFileV1.safeParse(value)
    if (!v1.success) return { ok: false, problem: describe(v1.error) }
    current = fromV1(v1.data)
  }
  if (version === 1 || version === 2) current = fromV2(current as { project?: unknown })
  const parsed = ProjectFile.safeParse(current)
  if (!parsed.success) return { ok: false, problem: describe(parsed.error) }
  return { ok: true, file: parsed.data, migrated: version !== PROJECT_FILE_VERSION }
}
