import type { Bridge, ExportFile } from '../data/api'

/** Save an export: through the native save dialog in the desktop app, as a download in the
 *  browser. Resolves with a sentence saying where it went, or null if the person cancelled. */
export async function saveExport(bridge: Bridge, host: 'electron' | 'browser', file: ExportFile): Promise<string | null> {
  if (host === 'electron') {
    const saved = await bridge.saveExport(file)
    if (!saved.ok) return saved.message
    return saved.value.path ? `Exported to ${saved.value.path}` : null
  }
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content
  const url = URL.createObjectURL(new Blob([body], { type: file.mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return `Downloaded ${file.fileName}`
}
