/** How many elements deep an imported page may nest. Saved news pages nest about 25 elements deep;
 *  HTML parsers and Readability slow down sharply past a few hundred levels (1,000 nested lists
 *  take Readability minutes) and overflow the stack past a few thousand. */
export const MAX_MARKUP_DEPTH = 100

/** Elements without content. */
const VOID = new Set('area base basefont bgsound br col embed frame hr img image input keygen link meta param source track wbr'.split(' '))

/** Elements whose content is text up to their end tag (in HTML; in SVG and MathML they are
 *  ordinary elements). `script` has escapes of its own. */
const RAW_TEXT = new Set(['style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes'])

/** HTML's "special" elements: an end tag of another element is ignored when one of these lies
 *  above its element. */
const SPECIAL = new Set(
  ('address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main ' +
    'marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody ' +
    'td template textarea tfoot th thead title tr track ul wbr xmp mi mo mn ms mtext annotation-xml foreignobject desc svg math').split(' ')
)

/** Elements an end tag of a special element does not reach past (scope markers; list items also
 *  stop at lists, paragraphs at buttons). */
const SCOPE = new Set('applet caption html table td th marquee object template mi mo mn ms mtext annotation-xml foreignobject desc title svg math'.split(' '))
const EXTRA_SCOPE: Readonly<Record<string, readonly string[]>> = { li: ['ol', 'ul'], p: ['button'] }

/** Formatting elements: a misnested end tag of one may leave elements open or reopen them (the
 *  adoption agency), so only an end tag that closes the innermost element is followed. */
const FORMATTING = new Set('a b big code em font i nobr s small strike strong tt u'.split(' '))

/** End tags the parser does not pop elements for. */
const NOT_POPPING = new Set(['body', 'html', 'head', 'form'])

/** Start tags that close an open `p` right above them, as the parser closes it. */
const CLOSES_P = new Set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre search section summary ul li dd dt xmp plaintext'.split(
    ' '
  )
)

/** Elements a start tag closes when they are the innermost open element: list items, table cells
 *  and rows, options. */
const SIBLINGS: Readonly<Record<string, readonly string[]>> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  tr: ['tr', 'td', 'th'],
  thead: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
  tbody: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
  tfoot: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
  option: ['option'],
  optgroup: ['option', 'optgroup']
}

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
const isSpace = (code: number) => code === 9 || code === 10 || code === 12 || code === 13 || code === 32

/** Where a start or end tag whose name begins at `from` ends (just past its ">"), reading its
 *  attributes as the tokenizer does, so that a ">" inside a quoted value does not end it; -1 when
 *  the page ends first. */
function tagEnd(html: string, from: number): number {
  let i = from
  while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '/' && html[i] !== '>') i++
  for (;;) {
    while (i < html.length && (isSpace(html.charCodeAt(i)) || html[i] === '/')) i++
    if (i >= html.length) return -1
    if (html[i] === '>') return i + 1
    // An attribute name (its first character may be "="), then perhaps a value.
    i++
    while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++
    while (i < html.length && isSpace(html.charCodeAt(i))) i++
    if (html[i] !== '=') continue
    i++
    while (i < html.length && isSpace(html.charCodeAt(i))) i++
    const quote = html[i]
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1)
      if (close < 0) return -1
      i = close + 1
    } else {
      while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '>') i++
    }
  }
}

/** Where the text of a `script` started at `from` ends (at its end tag), following the
 *  tokenizer's escapes: inside `<!--`, a `<script>` makes a later `</script>` end only that. */
function scriptEnd(html: string, from: number): number {
  const token = /<!--|-->|<\/script(?=[\s/>])|<script(?=[\s/>])/gi
  token.lastIndex = from
  let state: 'data' | 'escaped' | 'double' = 'data'
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const t = m[0].toLowerCase()
    if (t === '<!--' && state === 'data') state = 'escaped'
    else if (t === '-->') state = 'data'
    else if (t === '<script' && state === 'escaped') state = 'double'
    else if (t === '</script' && state === 'double') state = 'escaped'
    else if (t === '</script') return m.index
  }
  return html.length
}

/** `html` with the start and end tags of elements nested deeper than `maxDepth` removed, their
 *  text kept, so that what a parser builds from it stays about that deep; pages that nest less
 *  are returned as they are.
 *
 *  One pass over the text, following the HTML parser's rules where they close elements: end tags
 *  (within their scope, not past special elements, formatting ones only when innermost), `p`,
 *  list items, table cells and rows. Where the parser might read markup as text (comments, CDATA,
 *  raw-text elements, scripts) start tags are counted and end tags ignored. Wherever it is unsure
 *  it leaves elements open, so it may count a page deeper than it is, never shallower: a page
 *  cannot hide its depth from it. */
export function flattenDeepMarkup(html: string, maxDepth = MAX_MARKUP_DEPTH): string {
  const open: string[] = []
  const dropped = new Map<string, number>()
  const out: string[] = []
  let last = 0
  // Up to here markup may be text: start tags count, end tags do not.
  let textUntil = -1
  const cut = (from: number, to: number) => {
    out.push(html.slice(last, from))
    last = to
  }
  // Where each kind of text region last found its end. A search from a later start inside it
  // ends there or earlier, so it is not repeated: the pass stays linear.
  const found = new Map<string, number>()
  const regionEnd = (kind: string, from: number, search: (from: number) => number): number => {
    const known = found.get(kind)
    if (known !== undefined && known >= from) return known
    const end = search(from)
    found.set(kind, end)
    return end
  }
  const endOf = (pattern: RegExp, from: number, include: boolean) => {
    pattern.lastIndex = from
    const m = pattern.exec(html)
    return m ? m.index + (include ? m[0].length : 0) : html.length
  }
  for (let start = html.indexOf('<'); start >= 0 && start < html.length; start = html.indexOf('<', start)) {
    const next = html.charCodeAt(start + 1)
    const closing = next === 47 // "/"
    if (!isLetter(closing ? html.charCodeAt(start + 2) : next)) {
      if (html.startsWith('<!--', start)) {
        // A comment ends at the first "-->" or "--!>" after its opening; "<!-->", "<!--->" at once.
        const body = start + 4
        const end = html.startsWith('>', body) ? body + 1 : html.startsWith('->', body) ? body + 2 : regionEnd('comment', body, (from) => endOf(/--!?>/g, from, true))
        textUntil = Math.max(textUntil, end)
        start = body
      } else if (html.startsWith('<![CDATA[', start)) {
        textUntil = Math.max(textUntil, regionEnd('cdata', start + 9, (from) => endOf(/\]\]>/g, from, true)))
        start += 9
      } else if (next === 33 || next === 63 || closing) {
        // "<!…>", "<?…>", "</…>" not followed by a letter: ignored up to the first ">".
        const end = html.indexOf('>', start)
        start = end < 0 ? html.length : end + 1
      } else start++
      continue
    }
    const nameStart = start + (closing ? 2 : 1)
    const end = tagEnd(html, nameStart)
    if (end < 0) break
    let nameEnd = nameStart
    while (nameEnd < end && !isSpace(html.charCodeAt(nameEnd)) && html[nameEnd] !== '/' && html[nameEnd] !== '>') nameEnd++
    const name = html.slice(nameStart, nameEnd).toLowerCase()
    const from = start
    start = end
    if (closing) {
      const pending = dropped.get(name) ?? 0
      if (pending > 0) {
        dropped.set(name, pending - 1)
        cut(from, end)
      } else if (from >= textUntil && !NOT_POPPING.has(name)) {
        popFor(open, name)
      }
      continue
    }
    if (VOID.has(name)) continue
    // Text up to the end tag in HTML; in SVG and MathML the parser reads the same as markup.
    if (name === 'plaintext') textUntil = html.length
    else if (name === 'script') textUntil = Math.max(textUntil, regionEnd('script', end, (from) => scriptEnd(html, from)))
    else if (RAW_TEXT.has(name)) textUntil = Math.max(textUntil, regionEnd(name, end, (from) => endOf(new RegExp(`</${name}(?=[\\s/>])`, 'gi'), from, false)))
    if (CLOSES_P.has(name) && open[open.length - 1] === 'p') open.pop()
    const siblings = SIBLINGS[name]
    while (siblings && open.length && siblings.includes(open[open.length - 1]!)) open.pop()
    if (open.length >= maxDepth) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1)
      cut(from, end)
      continue
    }
    open.push(name)
  }
  if (last === 0) return html
  out.push(html.slice(last))
  return out.join('')
}

/** Close what the end tag `name` closes in `open`, when the parser would close it. */
function popFor(open: string[], name: string): void {
  if (FORMATTING.has(name)) {
    if (open[open.length - 1] === name) open.pop()
    return
  }
  const special = SPECIAL.has(name)
  const extra = EXTRA_SCOPE[name] ?? []
  for (let k = open.length - 1; k >= 0; k--) {
    const element = open[k]!
    if (element === name) {
      open.length = k
      return
    }
    if (special ? SCOPE.has(element) || extra.includes(element) : SPECIAL.has(element)) return
  }
}
