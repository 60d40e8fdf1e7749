import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The folder of bundled sample articles, relative to the app's root folder. */
export const SAMPLES_FOLDER = 'main/samples'

/** On first launch, import every bundled sample into an empty store. A marker file records that
 *  this was done, so a person who deletes the sample does not see it come back. */
export async function seedSamples(
  home: string,
  appRoot: string,
  importFile: (fileName: string, bytes: Uint8Array) => Promise<{ ok: boolean; message?: string }>
): Promise<void> {
  const marker = join(home, '.samples-imported')
  try {
    await readFile(marker)
    return
  } catch {
    // Not seeded yet.
  }
  const dir = join(appRoot, SAMPLES_FOLDER)
  const names = (await readdir(dir)).filter((n) => /\.(txt|md)$/.test(n) && !/^README/i.test(n)).sort()
  for (const name of names) {
    const result = await importFile(name, new Uint8Array(await readFile(join(dir, name))))
    if (!result.ok) throw new Error(`The bundled sample ${name} could not be imported: ${result.message}`)
  }
  await writeFile(marker, new Date().toISOString())
}
