import { useId, useState } from 'react'
import type { ExportFormat } from '../data/api'
import type { ArticleDocument } from '../data/project'
import { useModal } from './useModal'

/** The export formats in the order the dialog offers them, with what each is for. */
export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string; readonly detail: string; readonly wholeProject?: boolean }[] = [
  { format: 'html', label: 'Web page (.html)', detail: 'For editors: the article with its highlights, a claims table and the sources. One file that opens in any browser, also offline.' },
  { format: 'pdf', label: 'PDF', detail: 'The web page, printed: to read, print or attach.' },
  { format: 'docx', label: 'Word (.docx)', detail: 'The article with a Word comment on each annotated passage, and the claims table.' },
  { format: 'markdown', label: 'Markdown', detail: 'The article with a footnote per annotation.' },
  { format: 'w3c', label: 'W3C Web Annotations (JSON-LD)', detail: 'Every annotation for other annotation tools; Factwork imports it back without loss.' },
  { format: 'claimreview', label: 'ClaimReview (JSON-LD)', detail: 'schema.org data for search engines and fact-check databases: one review per claim with a verdict.' },
  { format: 'csv', label: 'Claims as CSV', detail: 'One row per claim, for spreadsheets.' },
  { format: 'bundle', label: 'Project bundle (.factwork)', detail: 'Everything, with the original files, for a colleague to open and merge.', wholeProject: true },
  { format: 'text', label: 'Plain text', detail: 'The documents’ text only.' }
]

interface Props {
  readonly documents: readonly ArticleDocument[]
  /** The document on screen, offered as the export's scope when the project has several. */
  readonly current: ArticleDocument
  readonly host: 'electron' | 'browser'
  /** What the last export of this session was, so the dialog opens on it again. */
  readonly initial: ExportFormat
  /** Export; resolves with warnings to show, or null when the dialog may close. */
  readonly onExport: (format: ExportFormat, documentId: string | undefined) => Promise<readonly string[] | null>
  readonly onClose: () => void
}

/** Choose a format and which documents, then save (desktop) or download (browser). The dialog
 *  stays open with a progress bar while the export is made, and shows what the file lacks. */
export function ExportDialog({ documents, current, host, initial, onExport, onClose }: Props) {
  const [format, setFormat] = useState<ExportFormat>(initial)
  const [scope, setScope] = useState<'all' | 'current'>('all')
  const [working, setWorking] = useState(false)
  const [warnings, setWarnings] = useState<readonly string[]>([])
  const name = useId()
  const { close, dialogProps } = useModal(onClose, working)

  const chosen = EXPORT_FORMATS.find((f) => f.format === format)!
  const several = documents.length > 1 && !chosen.wholeProject

  const run = async () => {
    setWorking(true)
    setWarnings([])
    const result = await onExport(format, several && scope === 'current' ? current.id : undefined)
    setWorking(false)
    if (result === null) close()
    else setWarnings(result)
  }

  const action = host === 'electron' ? 'Save…' : 'Download'

  return (
    <dialog {...dialogProps} className="fw-dialog fw-export" aria-labelledby={`${name}-title`}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          if (!working) void run()
        }}
      >
        <h2 id={`${name}-title`}>Export</h2>
        <fieldset className="fw-formats" disabled={working}>
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f.format} className={`fw-format${f.format === format ? ' is-chosen' : ''}`}>
              <input type="radio" name={`${name}-format`} value={f.format} checked={f.format === format} onChange={() => setFormat(f.format)} />
              <span>
                <strong>{f.label}</strong>
                <span className="fw-muted">{f.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {several ? (
          <fieldset className="fw-scope" disabled={working}>
            <legend>Documents</legend>
            <label>
              <input type="radio" name={`${name}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} /> All {documents.length} documents
            </label>
            <label>
              <input type="radio" name={`${name}-scope`} checked={scope === 'current'} onChange={() => setScope('current')} /> Only “{current.title}”
            </label>
          </fieldset>
        ) : null}
        {warnings.length ? (
          <ul className="fw-warning" role="alert" aria-label="Export warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        {working ? (
          <p className="fw-row" role="status">
            <progress aria-label="Exporting" /> Exporting {chosen.label}…
          </p>
        ) : null}
        <div className="fw-row fw-dialog-buttons">
          <button type="submit" className="fw-primary" disabled={working}>
            {action}
          </button>
          <button type="button" disabled={working} onClick={close}>
            {warnings.length ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
