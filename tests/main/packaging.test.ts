import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// The packaging configuration is read by electron-builder's own loader and checked against its own
// schema, the way `npm run package` reads it; nothing is packaged here, since that downloads
// Electron.

const ROOT = resolve(__dirname, '..', '..')
const require = createRequire(import.meta.url)

interface BuilderConfig {
  readonly appId?: string
  readonly asar?: boolean
  readonly files?: { filter: string[] }[]
  readonly directories?: { output?: string }
  readonly electronFuses?: Record<string, boolean>
}

const builder = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

/** The fuses and the value each must have; docs/security.md says why. */
const HARDENED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false
}

describe('the packaging configuration', () => {
  let config: BuilderConfig

  beforeAll(async () => {
    config = await builder.getConfig(ROOT, null, null)
  })

  it('is electron-builder.yml, valid against electron-builder’s schema', async () => {
    const yaml = require('js-yaml') as { load(text: string): unknown }
    expect(yaml.load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8'))).toMatchObject({ electronFuses: HARDENED_FUSES })
    expect(config.appId).toBe('org.factwork.desktop')
    await expect(builder.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('sets each fuse to its hardened value: RunAsNode off, cookies encrypted, no NODE_OPTIONS, no inspector, asar only and checked', () => {
    expect(config.electronFuses).toEqual(HARDENED_FUSES)
  })

  it('leaves no fuse of @electron/fuses to its default', () => {
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> }
    const fuses = Object.keys(FuseV1Options)
      .filter((name) => Number.isNaN(Number(name)))
      .map((name) => name[0]!.toLowerCase() + name.slice(1))
    expect(fuses.length).toBeGreaterThanOrEqual(8)
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(fuses.sort())
  })

  it('refuses a misspelt fuse, so that none can be dropped silently', async () => {
    const { runAsNode, ...others } = HARDENED_FUSES
    const misspelt = { ...config, electronFuses: { ...others, runAsnode: runAsNode } }
    await expect(builder.validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/)
  })

  it('packs only the built app, package.json and the example article, into an asar archive', async () => {
    expect(config.asar).toBe(true)
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json', 'main/samples/**'] }])
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main: string; build?: unknown }
    expect(manifest.main).toMatch(/^out\//)
    expect(manifest.build).toBeUndefined()
    expect(config.directories?.output).toBe('dist')
    expect(await readFile(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m)
  })

  it('is used by `npm run package`, which `npm test` does not run', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(scripts.package).toBe('npm run build && electron-builder --dir')
    expect(scripts.test).not.toMatch(/electron-builder|npm run package/)
  })
})
