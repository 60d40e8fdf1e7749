import type { VerdictScale } from '../verdicts'

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
function inkOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return luminance > 0.3 ? '#111111' : '#ffffff'
}

const SAFE_COLOR = /^#[0-9a-fA-F]{6}$/

/** One class per label of the verdict scale (`fw-v-0` …, in the scale's order) and `fw-v-off` for
 *  verdicts no longer on it, each setting `--v` (the colour) and `--v-ink` (text on it). Colours
 *  that are not six-digit hex are replaced by grey, so no setting can write CSS. */
function verdictClasses(scale: VerdictScale): string {
  const rules = scale.labels.map((label, i) => {
    const color = SAFE_COLOR.test(label.color) ? label.color : '#6b7280'
    return `.fw-v-${i} { --v: ${color}; --v-ink: ${inkOn(color)}; }`
  })
  return [...rules, '.fw-v-off { --v: #6b7280; --v-ink: #ffffff; }', '.fw-v-none { --v: #e2e4e8; --v-ink: #30343a; }'].join('\n')
}

/** The page's only stylesheet: a newsroom report on screen, and on paper a black-and-white
 *  document in which every kind of highlight has its own underline, table rows are never split and
 *  web addresses are printed. */
export function stylesheet(scale: VerdictScale): string {
  return `${BASE}\n${verdictClasses(scale)}\n${PRINT}`
}

const BASE = `
:root {
  --paper: #efebe2;
  --page: #ffffff;
  --ink: #1a1c20;
  --muted: #5c6370;
  --rule: #ddd7ca;
  --soft: #f7f5f0;
  --accent: #a3241b;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", "Noto Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  --claim: rgba(245, 185, 30, 0.34);
  --claim-line: #b27a00;
  --source: rgba(66, 133, 244, 0.2);
  --source-line: #2a64c5;
  --evidence: rgba(52, 168, 83, 0.2);
  --evidence-line: #1e7a3c;
  --note: rgba(171, 71, 188, 0.17);
  --note-line: #8e3aa0;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { background: var(--paper); }
body { margin: 0; padding: 32px 16px 48px; color: var(--ink); font: 15px/1.55 var(--sans); }
.fw-page { max-width: 1180px; margin: 0 auto; background: var(--page); box-shadow: 0 1px 2px rgba(0,0,0,.08), 0 12px 40px rgba(40,30,10,.10); }
a { color: #1f4f9c; }
a:hover { color: var(--accent); }
code, .fw-hash { font-family: "DejaVu Sans Mono", "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: .86em; }
.fw-hash { overflow-wrap: anywhere; }
.fw-muted { color: var(--muted); }
.fw-skip { position: absolute; left: -9999px; }
.fw-skip:focus { left: 16px; top: 8px; background: var(--page); padding: 6px 10px; z-index: 2; }

/* Masthead */
.fw-masthead { background: #16181c; color: #f4f1ea; padding: 30px 56px 34px; border-bottom: 5px solid var(--accent); }
.fw-brand { margin: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; font-size: 12px; font-weight: 700; letter-spacing: .16em; text-transform: uppercase; color: #e9b949; }
.fw-brand span { color: #b8b2a6; font-weight: 600; letter-spacing: .08em; }
.fw-masthead h1 { margin: 12px 0 12px; font: 700 42px/1.12 var(--serif); letter-spacing: -.01em; max-width: 24em; }
.fw-dateline { margin: 0; color: #cfc9bc; font-size: 14px; }
.fw-dateline a { color: #f4d58a; }
.fw-stats { display: flex; flex-wrap: wrap; gap: 0; margin: 22px 0 0; padding: 0; list-style: none; border-top: 1px solid #3a3d44; }
.fw-stats li { padding: 12px 28px 0 0; margin-right: 28px; border-right: 1px solid #3a3d44; font-size: 12px; text-transform: uppercase; letter-spacing: .1em; color: #b8b2a6; }
.fw-stats li:last-child { border-right: 0; }
.fw-stats strong { display: block; font: 700 26px/1.1 var(--serif); letter-spacing: 0; text-transform: none; color: #fff; }

main { padding: 8px 56px 24px; }

/* Section titles */
.fw-section { margin-top: 40px; }
.fw-section-title { margin: 0 0 14px; padding-top: 10px; border-top: 3px solid var(--ink); font: 800 13px/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase; color: var(--ink); }
.fw-section-note { margin: -4px 0 16px; color: var(--muted); font-size: 13px; }
.fw-empty { color: var(--muted); font-style: italic; }

/* Legend and contents */
.fw-key { display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 12px 40px; margin-top: 28px; padding: 16px 20px; background: var(--soft); border: 1px solid var(--rule); border-radius: 4px; }
.fw-key h2 { margin: 0 0 8px; font: 800 11px/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase; color: var(--muted); }
.fw-legend, .fw-verdicts, .fw-toc ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 8px 18px; }
.fw-legend li, .fw-verdicts li { display: flex; align-items: center; gap: 7px; font-size: 14px; }
.fw-count { font-variant-numeric: tabular-nums; font-weight: 700; color: var(--muted); }
.fw-swatch { padding: 0 4px; font-family: var(--serif); font-size: 15px; }
.fw-toc { margin-top: 20px; }
.fw-toc ol { display: block; counter-reset: doc; }
.fw-toc li { counter-increment: doc; padding: 6px 0; border-bottom: 1px solid var(--rule); }
.fw-toc li::before { content: counter(doc); display: inline-block; width: 1.8em; font-weight: 800; color: var(--accent); }
.fw-toc a { font: 600 17px/1.3 var(--serif); color: var(--ink); text-decoration: none; }
.fw-toc a:hover { text-decoration: underline; }

/* A document */
.fw-document { margin-top: 44px; padding-top: 26px; border-top: 3px solid var(--ink); }
.fw-kicker { margin: 0 0 6px; font-size: 12px; font-weight: 800; letter-spacing: .14em; text-transform: uppercase; color: var(--accent); }
.fw-doc-head h2 { margin: 0 0 4px; font: 700 34px/1.15 var(--serif); letter-spacing: -.01em; max-width: 30em; }
.fw-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.fw-card { margin-bottom: 22px; padding: 14px 16px; background: var(--soft); border: 1px solid var(--rule); border-radius: 4px; font-size: 13px; }
.fw-card-title { margin: 0 0 8px; font: 800 11px/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase; color: var(--muted); }
.fw-byline { margin: 0 0 10px; font-size: 14px; color: var(--muted); }
.fw-byline span:first-child { color: var(--ink); font-weight: 700; }
.fw-info { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 4px 12px; margin: 0; }
.fw-info div { display: contents; }
.fw-info dt { padding-top: 2px; font-size: 10px; font-weight: 800; letter-spacing: .1em; text-transform: uppercase; color: var(--muted); white-space: nowrap; }
.fw-info dd { margin: 0; overflow-wrap: anywhere; }
.fw-doc-body { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 48px; margin-top: 14px; align-items: start; }

/* The article */
.fw-article { font: 19px/1.8 var(--serif); color: #202226; max-width: 40em; }
.fw-article :is(p, h3, h4, h5, h6, pre) { white-space: pre-wrap; overflow-wrap: break-word; }
.fw-article .fw-long-run { overflow-wrap: normal; overflow-x: auto; }
.fw-article p { margin: 0 0 1em; }
.fw-article :is(h3, h4, h5, h6) { font-family: var(--serif); line-height: 1.3; margin: 1.3em 0 .5em; }
.fw-article .fw-h1 { font-size: 1.6em; line-height: 1.2; }
.fw-article .fw-h2 { font-size: 1.3em; }
.fw-article .fw-h3 { font-size: 1.15em; }
.fw-article :is(.fw-h4, .fw-h5, .fw-h6) { font-size: 1em; }
.fw-char { text-decoration: none; color: var(--accent); font-family: var(--sans); font-size: .75em; }
.fw-article > :first-child { margin-top: 0; }
.fw-article blockquote { margin: 1.2em 0; padding: .1em 0 .1em 1.1em; border-inline-start: 4px solid var(--rule); color: #3b3f46; font-style: italic; }
.fw-article blockquote p:last-child { margin-bottom: 0; }
.fw-article ul, .fw-article ol { margin: 0 0 1em; padding-inline-start: 1.5em; }
.fw-article li p { margin: 0 0 .35em; }
.fw-article pre { margin: 0 0 1em; padding: 12px 14px; background: var(--soft); border: 1px solid var(--rule); border-radius: 4px; font-size: 15px; line-height: 1.5; }

/* Highlights: a background and an underline of its own style and depth per kind, so overlapping
   highlights of different kinds all stay visible, in colour and in black and white. */
mark.fw-hl { color: inherit; background: transparent; text-decoration-line: underline; text-decoration-skip-ink: none; border-radius: 2px; }
mark.fw-claim { background-color: var(--claim); text-decoration-style: solid; text-decoration-color: var(--claim-line); text-decoration-thickness: 2px; text-underline-offset: .14em; }
mark.fw-source { background-color: var(--source); text-decoration-style: dashed; text-decoration-color: var(--source-line); text-decoration-thickness: 2px; text-underline-offset: .3em; }
mark.fw-evidence { background-color: var(--evidence); text-decoration-style: double; text-decoration-color: var(--evidence-line); text-decoration-thickness: 1px; text-underline-offset: .44em; }
mark.fw-note { background-color: var(--note); text-decoration-style: dotted; text-decoration-color: var(--note-line); text-decoration-thickness: 2px; text-underline-offset: .58em; }
mark.fw-hl:target { outline: 2px solid var(--ink); outline-offset: 2px; }

/* Footnote marks: empty links whose number (and a claim's verdict) the stylesheet draws, so the
   article's text stays exactly the document's text. */
a.fw-ref { direction: ltr; unicode-bidi: isolate; text-decoration: none; font: 700 11px/1 var(--sans); font-style: normal; vertical-align: .42em; margin-inline: 2px 1px; }
a.fw-ref::after { content: attr(data-n); display: inline-block; min-width: 1.7em; padding: 2px 5px; border-radius: 9px; text-align: center; color: #fff; background: var(--ink); }
a.fw-ref[data-verdict]::after { content: attr(data-n) " · " attr(data-verdict); }
a.fw-ref-claim::after { background: var(--claim-line); }
a.fw-ref-source::after { background: var(--source-line); }
a.fw-ref-evidence::after { background: var(--evidence-line); }
a.fw-ref-note::after { background: var(--note-line); }
a.fw-ref[data-verdict]::after { background: var(--v, var(--claim-line)); color: var(--v-ink, #fff); box-shadow: inset 0 0 0 1px rgba(0,0,0,.15); }
a.fw-ref:hover::after, a.fw-ref:focus::after { outline: 2px solid var(--ink); outline-offset: 1px; }
a.fw-ref:target::after { outline: 2px solid var(--accent); outline-offset: 2px; }

/* Badges */
.fw-badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-size: 12px; font-weight: 700; line-height: 1.6; background: var(--v, #6b7280); color: var(--v-ink, #fff); white-space: nowrap; }
.fw-num { display: inline-flex; align-items: center; justify-content: center; min-width: 24px; height: 22px; padding: 0 5px; border-radius: 11px; font: 700 12px/1 var(--sans); color: #fff; background: var(--ink); text-decoration: none; }
a.fw-num:hover { color: #fff; filter: brightness(1.15); }
.fw-num-claim { background: var(--claim-line); }
.fw-num-source { background: var(--source-line); }
.fw-num-evidence { background: var(--evidence-line); }
.fw-num-note { background: var(--note-line); }
.fw-num-off { background: #9aa0a8; }
.fw-stance { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px; font-weight: 800; letter-spacing: .06em; text-transform: uppercase; border: 1px solid currentColor; }
.fw-stance-supports { color: #1e6b35; background: #eaf5ec; }
.fw-stance-refutes { color: #a3241b; background: #fbeceb; }
.fw-stance-context { color: #4b5260; background: #f0f1f3; }
.fw-reliability { display: inline-flex; align-items: center; gap: 6px; font-size: 12.5px; font-weight: 600; color: #2f333a; white-space: nowrap; }
.fw-rel-letter { display: inline-flex; align-items: center; justify-content: center; width: 20px; height: 20px; border-radius: 3px; font-weight: 800; color: #fff; background: #6b7280; }
.fw-rel-A .fw-rel-letter { background: #1e7a3c; }
.fw-rel-B .fw-rel-letter { background: #4d9a3a; }
.fw-rel-C .fw-rel-letter { background: #b58900; }
.fw-rel-D .fw-rel-letter { background: #d0641a; }
.fw-rel-E .fw-rel-letter { background: #b3261e; }
.fw-rel-F .fw-rel-letter { background: #6b7280; }
.fw-rel-none { color: var(--muted); font-weight: 400; font-style: italic; }

/* Annotation entries beside the article */
.fw-notes { font-size: 14px; }
.fw-notes-title { margin: 0 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); font: 800 12px/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase; }
.fw-entries { margin: 0; padding: 0; list-style: none; }
.fw-entry { padding: 12px 0 14px 12px; border-bottom: 1px solid var(--rule); border-inline-start: 3px solid var(--rule); margin-bottom: 2px; }
.fw-entry-claim { border-inline-start-color: var(--claim-line); }
.fw-entry-source { border-inline-start-color: var(--source-line); }
.fw-entry-evidence { border-inline-start-color: var(--evidence-line); }
.fw-entry-note { border-inline-start-color: var(--note-line); }
.fw-entry:target { background: #fff8e1; }
.fw-entry-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
.fw-kind { font-size: 11px; font-weight: 800; letter-spacing: .12em; text-transform: uppercase; color: var(--muted); }
.fw-back { margin-inline-start: auto; font-size: 12px; text-decoration: none; color: var(--muted); }
.fw-quote { margin: 8px 0 6px; padding: 0; font: italic 15px/1.5 var(--serif); color: #30343a; }
.fw-quote p { margin: 0; white-space: pre-wrap; }
.fw-quote { quotes: "“" "”"; }
.fw-quote:dir(rtl) { quotes: "«" "»"; }
.fw-quote p::before { content: open-quote; }
.fw-quote p::after { content: close-quote; }
.fw-ruling { margin: 6px 0; padding: 7px 10px; background: var(--soft); border-radius: 3px; }
.fw-ruling strong, .fw-note-text strong { font-size: 10.5px; letter-spacing: .12em; text-transform: uppercase; color: var(--muted); margin-inline-end: 4px; }
.fw-facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0; font-size: 13px; }
.fw-facts div { display: contents; }
.fw-facts dt { color: var(--muted); }
.fw-facts dd { margin: 0; }
.fw-note-text { margin: 6px 0; white-space: pre-wrap; }
.fw-links { margin: 6px 0 0; padding: 0; list-style: none; font-size: 13px; }
.fw-links li { margin: 4px 0; }
.fw-detail, .fw-link-note { color: var(--muted); }
.fw-linked-from { margin: 6px 0 0; font-size: 13px; }

/* Claims table */
.fw-table-wrap { overflow-x: auto; }
.fw-table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
.fw-table caption { caption-side: top; text-align: start; margin-bottom: 8px; color: var(--muted); font-size: 13px; }
.fw-table th { text-align: start; padding: 8px 10px; border-bottom: 2px solid var(--ink); font-size: 11px; font-weight: 800; letter-spacing: .1em; text-transform: uppercase; color: var(--muted); white-space: nowrap; }
.fw-table td { padding: 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
.fw-table tbody tr:nth-child(even) td { background: #fbfaf7; }
.fw-table .fw-group th { padding: 16px 10px 6px; border-bottom: 1px solid var(--ink); background: var(--page); font: 700 16px/1.3 var(--serif); letter-spacing: 0; text-transform: none; color: var(--ink); white-space: normal; }
.fw-group a { color: inherit; text-decoration: none; }
.fw-col-claim { font-family: var(--serif); font-size: 15px; min-width: 16em; }
.fw-col-date { white-space: nowrap; font-variant-numeric: tabular-nums; }

/* Sources */
.fw-src-list { margin: 0; padding: 0; list-style: none; display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 14px; }
.fw-src { padding: 14px 16px; border: 1px solid var(--rule); border-top: 3px solid var(--ink); border-radius: 0 0 4px 4px; background: var(--page); }
.fw-src:target { background: #fff8e1; }
.fw-src-head { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; justify-content: space-between; }
.fw-src-title { font: 700 17px/1.3 var(--serif); }
.fw-src p { margin: 6px 0 0; font-size: 13.5px; }
.fw-src-meta { color: var(--muted); }
.fw-url { overflow-wrap: anywhere; }
.fw-src-notes { white-space: pre-wrap; }
.fw-src-uses { color: var(--muted); }

/* Orphans and footer */
.fw-orphans li { margin: 6px 0; }
footer.fw-footer { margin-top: 48px; padding: 22px 56px 30px; background: var(--soft); border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
footer.fw-footer p { margin: 0 0 6px; max-width: 62em; }

@media (max-width: 900px) {
  body { padding: 0; }
  .fw-masthead, main, footer.fw-footer { padding-left: 20px; padding-right: 20px; }
  .fw-masthead h1 { font-size: 32px; }
  .fw-doc-body, .fw-key { grid-template-columns: minmax(0, 1fr); }
}
`

const PRINT = `
@media print {
  @page { margin: 16mm 15mm; }
  html, body { background: #fff; }
  body { padding: 0; font-size: 10.5pt; color: #000; }
  .fw-page { box-shadow: none; max-width: none; }
  .fw-skip, .fw-back { display: none; }
  .fw-masthead { background: none; color: #000; padding: 0 0 12pt; border-bottom: 2pt solid #000; }
  .fw-brand, .fw-brand span, .fw-dateline, .fw-dateline a, .fw-stats li, .fw-stats strong { color: #000; }
  .fw-stats { border-top-color: #000; }
  .fw-stats li { border-right-color: #000; }
  main, footer.fw-footer { padding-left: 0; padding-right: 0; }
  footer.fw-footer { background: none; }
  .fw-key { background: none; border-color: #000; }
  .fw-doc-body { display: block; }
  .fw-article { max-width: none; font-size: 11.5pt; line-height: 1.75; color: #000; }
  .fw-notes { margin-top: 14pt; }
  .fw-document { break-before: page; border-top-color: #000; }
  .fw-document:first-of-type { break-before: auto; }
  h1, h2, h3, .fw-section-title, .fw-notes-title { break-after: avoid; }
  tr, .fw-entry, .fw-src, blockquote, pre { break-inside: avoid; }
  thead { display: table-header-group; }
  .fw-table-wrap { overflow: visible; }
  .fw-table { font-size: 8.5pt; table-layout: auto; }
  .fw-table th { white-space: normal; padding: 4pt; }
  .fw-table td { padding: 5pt 4pt; }
  .fw-col-claim { min-width: 0; width: 30%; font-size: 9.5pt; }
  .fw-src-list { display: block; }
  .fw-src { margin-bottom: 8pt; }
  .fw-table tbody tr:nth-child(even) td { background: none; }
  .fw-table td { border-bottom-color: #777; }
  /* In black and white the underline styles tell the kinds apart; the tint is only a bonus. */
  mark.fw-hl { text-decoration-color: #000; }
  mark.fw-claim { text-decoration-thickness: 1.5pt; }
  a.fw-ref::after, .fw-num, .fw-rel-letter, .fw-badge { background: #fff; color: #000; border: 1px solid #000; box-shadow: none; }
  a.fw-ref[data-verdict]::after { background: #fff; color: #000; }
  .fw-stance { background: #fff; color: #000; }
  .fw-entry { border-inline-start-color: #000; }
  .fw-src { border-color: #000; }
  a { color: #000; }
  /* Web addresses are printed: after each article link, and as text in the source list. */
  .fw-article a[href^="http"]::after, .fw-article a[href^="mailto:"]::after { content: " <" attr(href) ">"; font-size: .8em; overflow-wrap: anywhere; }
}
`
