import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '..', '..')

/** Lint `code` as if it were the file at `path`, with the project's own configuration. */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT })
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) })
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message)
}

describe('the layer rules of DESIGN §3', () => {
  it('fail a renderer file that imports node:fs, Electron, lowdb or main/', async () => {
    expect(await lint('renderer/Probe.tsx', "import { readFile } from 'node:fs'\nexport const x = readFile\n")).toHaveLength(1)
    expect(await lint('renderer/probe.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n")).toHaveLength(1)
    expect(await lint('renderer/probe.ts', "import { Low } from 'lowdb'\nexport const x = Low\n")).toHaveLength(1)
    expect(await lint('renderer/editor/probe.ts', "import { ProjectStore } from '../../main/projectStore'\nexport const x = ProjectStore\n")).toHaveLength(1)
  })

  it('fail a data file that does I/O or touches the UI', async () => {
    expect(await lint('data/probe.ts', "import { join } from 'node:path'\nexport const x = join\n")).toHaveLength(1)
    expect(await lint('data/probe.ts', "import { EditorView } from 'prosemirror-view'\nexport const x = EditorView\n")).toHaveLength(1)
    expect(await lint('data/import/probe.ts', "import { createWorkbench } from '../../main/workbench'\nexport const x = createWorkbench\n")).toHaveLength(1)
  })

  it('fail a main file that imports React or the renderer', async () => {
    expect(await lint('main/probe.ts', "import { useState } from 'react'\nexport const x = useState\n")).toHaveLength(1)
    expect(await lint('main/probe.ts', "import { App } from '../renderer/App'\nexport const x = App\n")).toHaveLength(1)
  })

  it('keep the preload to electron and the channel list', async () => {
    expect(await lint('main/preload.ts', "import { z } from 'zod'\nexport const x = z\n")).toHaveLength(1)
    expect(await lint('main/preload.ts', "import { methods } from '../data/api'\nexport const x = methods\n")).toHaveLength(1)
    expect(await lint('main/preload.ts', "import type { Bridge } from '../data/api'\nimport { channelOf } from '../data/channels'\nimport { ipcRenderer } from 'electron'\nexport const x: [Bridge?, unknown, unknown] = [undefined, channelOf, ipcRenderer]\n")).toEqual([])
  })

  it('allow what each layer may use', async () => {
    expect(await lint('renderer/probe.ts', "import { z } from 'zod'\nimport { EditorView } from 'prosemirror-view'\nimport { quoteAt } from '../data/anchor'\nexport const x = [z, EditorView, quoteAt]\n")).toEqual([])
    expect(await lint('main/probe.ts', "import { Low } from 'lowdb'\nimport { readFile } from 'node:fs/promises'\nexport const x = [Low, readFile]\n")).toEqual([])
  })
})
