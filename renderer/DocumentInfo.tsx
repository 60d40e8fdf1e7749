import { DOCUMENT_FORMAT_LABELS, type ArticleDocument } from '../data/project'
import { useModal } from './useModal'


function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { dateStyle: 'long', timeStyle: 'medium' })
}

/** What is known of a document and the original it was imported from, byte for byte. */
export function DocumentInfo({ document: doc, onClose }: { document: ArticleDocument; onClose: () => void }) {
  const { close, dialogProps } = useModal(onClose)
  const rows: [string, string | undefined][] = [
    ['Title', doc.title],
    ['Byline', doc.byline],
    ['Site', doc.siteName],
    ['Published', doc.publishedTime],
    ['Address', doc.url],
    ['Language', doc.lang],
    ['Direction', doc.dir === 'rtl' ? 'Right to left' : doc.dir === 'ltr' ? 'Left to right' : undefined],
    ['Imported as', DOCUMENT_FORMAT_LABELS[doc.format]],
    ['Characters', doc.text.length.toLocaleString()]
  ]
  return (
    <dialog {...dialogProps} className="fw-dialog fw-info" aria-labelledby="fw-info-title">
      <h2 id="fw-info-title">Document info</h2>
      <dl>
        {rows
          .filter((r): r is [string, string] => !!r[1])
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h3>Original</h3>
      <p className="fw-muted">Kept byte for byte with the project; its SHA-256 proves it is the file that was imported.</p>
      <dl>
        <div>
          <dt>File</dt>
          <dd>{doc.original.fileName}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{doc.original.mediaType}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{size(doc.original.size)}</dd>
        </div>
        <div>
          <dt>Imported</dt>
          <dd>{when(doc.original.importedAt)}</dd>
        </div>
        <div>
          <dt>SHA-256</dt>
          <dd className="fw-hash">{doc.original.sha256}</dd>
        </div>
      </dl>
      <div className="fw-row fw-dialog-buttons">
        <button type="button" className="fw-primary" autoFocus onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  )
}
