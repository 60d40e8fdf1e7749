import { describe, expect, it } from 'vitest'
import { ImportRequest, METHOD_NAMES, methods } from '../../data/api'

describe('the WorkbenchApi contract', () => {
  it('declares a schema for every channel the preload exposes, and no other', () => {
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort())
  })

  it('rejects malformed arguments', () => {
    expect(methods.saveChanges.args.safeParse({ id: 'x', changes: [] }).success).toBe(false)
    expect(methods.renameProject.args.safeParse({ id: 'x', title: '   ' }).success).toBe(false)
    expect(ImportRequest.safeParse({ fileName: 'a.txt', content: 'x', encoding: 'utf16' }).success).toBe(false)
    expect(ImportRequest.safeParse({ fileName: 'a.txt', content: 'x', encoding: 'utf8' }).success).toBe(true)
  })
})
