import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLAIM_COLUMNS, claimsCsv } from '../../data/export/csv'
import type { Project } from '../../data/project'
import { passage, richProject } from '../fixtures/export/projects'

const options = { generatedAt: '2026-03-01T10:15:00.000Z', version: '0.1.0' }

/** Parse a CSV file as a spreadsheet import would, with Python's csv module (RFC 4180 dialect,
 *  UTF-8 with a byte order mark). */
function parseWithPython(csv: string): string[][] {
  const file = join(mkdtempSync(join(tmpdir(), 'factwork-csv-')), 'claims.csv')
  writeFileSync(file, csv, 'utf8')
  const script = [
    'import csv, json, sys',
    "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:",
    '    rows = list(csv.reader(f, strict=True))',
    'sys.stdout.write(json.dumps(rows))'
  ].join('\n')
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[][]
}

/** The rich project with claims whose fields hold every character CSV and spreadsheets care about. */
function awkwardProject(): Project {
  const project = richProject()
  const news = project.documents[0]!
  const tricky = [
    passage(news, 'c-tricky', 'claim', 'Washington, January 8 (NationPress)', {
      claimant: 'Smith, "the analyst"',
      ruling: 'Line one\r\nline two\nline three, with a comma',
      note: '=HYPERLINK("https://evil.example","click")',
      verdict: 'False'
    }),
    passage(news, 'c-formula', 'claim', 'MNNA', {
      claimant: '+1 555 0100',
      ruling: '-5 % growth',
      note: '@SUM(A1:A9)',
      claimDate: '\t2026-01-01'
    })
  ]
  return { ...project, annotations: [...project.annotations, ...tricky] }
}

describe('exporting claims as CSV', () => {
  it('writes RFC 4180 with CRLF line ends and a byte order mark, one row per claim after the header', () => {
    const csv = claimsCsv(richProject(), options)
    expect(csv.startsWith('\uFEFFDocument,Claim,Claimant,')).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    // Every line feed outside a quoted field ends a record, after a carriage return.
    const outside = csv.replace(/"(?:[^"]|"")*"/g, '')
    expect(outside.match(/\n/g)).toHaveLength(9)
    expect(outside.match(/\r\n/g)).toHaveLength(9)
    const rows = parseWithPython(csv)
    expect(rows[0]).toEqual([...CLAIM_COLUMNS])
    expect(rows).toHaveLength(9)
  })

  it('reads back in Python’s csv module field for field, with commas, quotes, line breaks and non-Latin text', () => {
    const project = awkwardProject()
    const rows = parseWithPython(claimsCsv(project, options))
    const byId = new Map(rows.slice(1).map((r) => [r[17], Object.fromEntries(CLAIM_COLUMNS.map((c, i) => [c, r[i]]))]))
    const trade = byId.get('c-trade')!
    expect(trade).toEqual({
      Document: 'Is Pakistan an Unreliable US Ally and an Extremely Problematic Partner?',
      Claim: 'The trade between these neighboring nations amounts to approximately US$2.8 billion',
      Claimant: 'Gatestone Institute',
      'Claim date': '2026-01-08',
      'Claim type': 'Statistic',
      Status: 'Published',
      Verdict: 'Mostly true',
      'Rating value': '4',
      Ruling: 'Official figures for 2024–25 put trade at about $2.5 billion; $2.8 billion was last reached in 2023.',
      Confidence: 'Moderate',
      'Check-worthiness': 'High',
      Sources: 'State Bank of Pakistan trade statistics (A — Completely reliable; refutes)\nGatestone Institute report “Pakistan: An Unreliable Ally” (D — Not usually reliable; context)',
      Evidence: '“approximately US$2.8 billion” (supports)',
      Tags: 'Economy',
      Note: '',
      Start: String(project.annotations.find((a) => a.id === 'c-trade')!.start),
      End: String(project.annotations.find((a) => a.id === 'c-trade')!.end),
      Id: 'c-trade'
    })
    const tricky = byId.get('c-tricky')!
    expect(tricky.Claimant).toBe('Smith, "the analyst"')
    expect(tricky.Ruling).toBe('Line one\r\nline two\nline three, with a comma')
    expect(byId.get('c-ar')).toMatchObject({ Claim: 'ارتفعت بنسبة ١٢ في المئة', Claimant: 'وزارة التجارة', Ruling: 'ارتفاع وطني؛ المحافظات أعلى.' })
    expect(byId.get('c-first')).toMatchObject({ Verdict: 'Contested', 'Rating value': '' })
    expect(byId.get('c-never')!.Evidence).toBe('A deleted passage (supports)')
    expect(byId.get('c-visit')).toMatchObject({ Verdict: '', Confidence: '', 'Claim type': 'Historical fact', Status: 'To check' })
  })

  it('keeps spreadsheets from running a cell as a formula: a leading = + - @ tab or CR gets an apostrophe', () => {
    const rows = parseWithPython(claimsCsv(awkwardProject(), options))
    const byId = new Map(rows.slice(1).map((r) => [r[17], Object.fromEntries(CLAIM_COLUMNS.map((c, i) => [c, r[i]]))]))
    expect(byId.get('c-tricky')!.Note).toBe(`'=HYPERLINK("https://evil.example","click")`)
    expect(byId.get('c-formula')).toMatchObject({ Claimant: "'+1 555 0100", Ruling: "'-5 % growth", Note: "'@SUM(A1:A9)", 'Claim date': "'\t2026-01-01" })
    // Numbers are numbers.
    expect(byId.get('c-formula')!.Start).toMatch(/^\d+$/)
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('exports the claims of one document only', () => {
    const rows = parseWithPython(claimsCsv(richProject(), { ...options, documentId: 'd-report' }))
    expect(rows.slice(1).map((r) => r[17])).toEqual(['c-rise', 'c-stocks'])
    expect(rows[2]![CLAIM_COLUMNS.indexOf('Evidence')]).toBe('“Stocks for three months at most” (refutes)')
  })
})
