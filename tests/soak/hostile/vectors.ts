import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Random } from './random'

// The hostile material every generator draws on: DOMPurify's own test vectors, mutation-XSS
// shapes, obfuscated script addresses and strings that try to break out of whatever they are
// written into. Payloads of our own run `SENTINEL`, which the Chromium runs watch for; DOMPurify's
// call alert(), which they count as dialogs.

/** What a payload of ours does when it runs: it marks the top window. */
export const SENTINEL = 'top.__xss=1'

/** A host no request may ever reach; the Chromium runs count requests to it (and to any other
 *  host but the app's own). */
export const BEACON = 'http://beacon.invalid'

const S = SENTINEL

/** DOMPurify's test vectors (tests/fixtures/xss-vectors.json): payloads only. */
export const DOMPURIFY_VECTORS: readonly string[] = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/xss-vectors.json', import.meta.url)), 'utf8')) as { payload: string }[]
).map((v) => v.payload)

/** Mutation XSS and parser-confusion shapes: markup that sanitises to something that parses
 *  differently the second time, namespace confusion between HTML, SVG and MathML, raw-text
 *  elements, comments and CDATA that end early. */
export const MXSS_SHAPES: readonly string[] = [
  `<svg><style><img src=x onerror=${S}></style></svg>`,
  `<svg></p><style><a id="</style><img src=1 onerror=${S}>">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${S}>`,
  `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${S}&gt;">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${S}>`,
  `<math><mi><a><mglyph><svg><mtext><style><img src=x onerror=${S}></style></mtext></svg></mglyph></a></mi></math>`,
  `<svg><foreignObject><p><style><img src=x onerror=${S}></style></p></foreignObject></svg>`,
  `<math><annotation-xml encoding="text/html"><style><img src=x onerror=${S}></style></annotation-xml></math>`,
  `<noscript><p title="</noscript><img src=x onerror=${S}>"></noscript>`,
  `<noscript><style></noscript><img src=x onerror=${S}></style></noscript>`,
  `<template><script>${S}</script><img src=x onerror=${S}></template>`,
  `<template><template><style></template><img src=x onerror=${S}></style></template></template>`,
  `<svg><![CDATA[><img src=x onerror=${S}>]]></svg>`,
  `<svg><![CDATA[ ]]><img src=x onerror=${S}>]]></svg>`,
  `<!--><img src=x onerror=${S}>-->`,
  `<!-- --!><img src=x onerror=${S}> -->`,
  `<!--<img src="--><img src=x onerror=${S}//">`,
  `<?xml-stylesheet ?><img src=x onerror=${S}>`,
  `<style><!--</style><img src=x onerror=${S}>--></style>`,
  `<title><img src=x onerror=${S}></title>`,
  `<textarea><img src=x onerror=${S}></textarea>`,
  `<xmp><img src=x onerror=${S}></xmp>`,
  `<noembed><img src=x onerror=${S}></noembed>`,
  `<noframes><img src=x onerror=${S}></noframes>`,
  `<iframe><img src=x onerror=${S}></iframe>`,
  `<plaintext><img src=x onerror=${S}>`,
  `<select><template><style><!--</style><a rel="--></style></template></select><img src=x onerror=${S}>">`,
  `<table><caption><svg><desc><table><td><img src=x onerror=${S}></td></table></desc></svg></caption></table>`,
  `<a><table><a><tr><td><img src=x onerror=${S}></td></tr></table></a></a>`,
  `<svg><p><style><img src=x onerror=${S}></style></p></svg>`,
  `<svg><title><style><img src=x onerror=${S}></style></title></svg>`,
  `<math><style><img src=x onerror=${S}></style></math>`,
  `<scr<script>ipt>${S}</scr</script>ipt>`,
  `<<script>script>${S}<</script>/script>`,
  `<img src="x" alt="\`\`<script>${S}</script>">`,
  `<div id="x" title="&lt;/div&gt;&lt;img src=x onerror=${S}&gt;">x</div>`
]

/** Elements and attributes that run script, load something, or navigate, however harmless the
 *  rest of the page. */
export const ACTIVE_MARKUP: readonly string[] = [
  `<script>${S}</script>`,
  `<script src="${BEACON}/script.js"></script>`,
  `<script type="module">${S}</script>`,
  `<script type="application/ld+json">{"x":"</script><script>${S}</script>"}</script>`,
  `<img src=x onerror=${S}>`,
  `<img src="${BEACON}/pixel.png">`,
  `<img srcset="${BEACON}/a.png 1x">`,
  `<image src=x onerror=${S}>`,
  `<svg onload=${S}></svg>`,
  `<svg><animate onbegin=${S} attributeName=x dur=1s></svg>`,
  `<svg><set attributeName=onmouseover to=${S}></svg>`,
  `<svg><script>${S}</script></svg>`,
  `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='${S}'/&gt;&lt;/svg&gt;#x"></use></svg>`,
  `<body onload=${S}>`,
  `<details open ontoggle=${S}>x</details>`,
  `<input autofocus onfocus=${S}>`,
  `<select autofocus onfocus=${S}></select>`,
  `<textarea autofocus onfocus=${S}></textarea>`,
  `<video><source onerror=${S}></video>`,
  `<audio src=x onerror=${S}></audio>`,
  `<marquee onstart=${S}>x</marquee>`,
  `<div onpointerenter=${S} onmouseover=${S} onclick=${S} style="position:fixed;inset:0">x</div>`,
  `<p ONCLICK=${S} OnMouseOver=${S}>Click here</p>`,
  `<a href="https://example.org/" onclick="${S}" onmouseover="${S}">a link</a>`,
  `<iframe src="javascript:${S}"></iframe>`,
  `<iframe srcdoc="<script>${S}</script>"></iframe>`,
  `<iframe srcdoc="&lt;img src=x onerror=${S}&gt;"></iframe>`,
  `<iframe src="${BEACON}/frame.html"></iframe>`,
  `<object data="javascript:${S}"></object>`,
  `<object data="${BEACON}/x.swf"></object>`,
  `<embed src="javascript:${S}">`,
  `<embed src="${BEACON}/x.swf">`,
  `<form action="javascript:${S}"><button>Send</button></form>`,
  `<button form=f formaction="javascript:${S}">x</button>`,
  `<isindex action="javascript:${S}" type=submit>`,
  `<math href="javascript:${S}">click</math>`,
  `<svg><a xlink:href="javascript:${S}"><text x=20 y=20>click</text></a></svg>`,
  `<base href="javascript:${S}//">`,
  `<base href="${BEACON}/">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${S}">`,
  `<meta http-equiv="refresh" content="0; url=${BEACON}/refresh">`,
  `<meta http-equiv="Content-Security-Policy" content="script-src *">`,
  `<link rel="stylesheet" href="${BEACON}/style.css">`,
  `<link rel="import" href="${BEACON}/import.html">`,
  `<link rel="prefetch" href="${BEACON}/prefetch">`,
  `<style>@import '${BEACON}/import.css'; body { background: url(${BEACON}/bg.png) }</style>`,
  `<div style="background:url(${BEACON}/div.png)">styled</div>`,
  `<div style="background:url(javascript:${S})">styled</div>`,
  `<div style="width:expression(${S})">styled</div>`,
  `<table background="javascript:${S}"><tr><td>cell</td></tr></table>`,
  `<object type="text/x-scriptlet" data="${BEACON}/scriptlet"></object>`,
  `<portal src="${BEACON}/portal"></portal>`,
  `<a ping="${BEACON}/ping" href="https://example.org/">ping</a>`,
  `<a href="https://example.org/" target="_blank">new window</a>`,
  `<form><input type=image src=x onerror=${S}></form>`,
  `<keygen autofocus onfocus=${S}>`,
  `<object data="data:text/html;base64,PHNjcmlwdD50b3AuX194c3M9MTwvc2NyaXB0Pg=="></object>`
]

/** `javascript:` and friends, written the many ways a browser forgives: case, entities with and
 *  without semicolons, zero padding, tabs and line breaks inside the scheme, leading control
 *  characters and spaces, `&colon;`, percent-encoding (which browsers do not forgive, and which
 *  must not be decoded into a script address on the way). */
export function obfuscatedUrl(random: Random, html: boolean): string {
  const scheme = random.pick(['javascript', 'javascript', 'javascript', 'vbscript', 'data', 'livescript', 'file'])
  const body =
    scheme === 'data'
      ? random.pick(['text/html;base64,PHNjcmlwdD50b3AuX194c3M9MTwvc2NyaXB0Pg==', `text/html,<script>${S}</script>`, `image/svg+xml,<svg onload="${S}"/>`])
      : scheme === 'vbscript'
        ? 'msgbox(1)'
        : scheme === 'file'
          ? '///etc/passwd'
          : random.pick([S, `${S}//`, `//%0a${S}`, `/*http://x*/${S}`, `void(${S})`])
  let letters = [...scheme]
  letters = letters.map((c) => {
    if (random.chance(0.3)) c = random.chance(0.5) ? c.toUpperCase() : c
    if (!html) return c
    const code = c.charCodeAt(0)
    if (random.chance(0.2)) return `&#${'0'.repeat(random.int(5))}${code}${random.chance(0.7) ? ';' : ''}`
    if (random.chance(0.15)) return `&#x${'0'.repeat(random.int(4))}${code.toString(16)}${random.chance(0.7) ? ';' : ''}`
    return c
  })
  // Characters a URL parser strips from inside a scheme.
  if (random.chance(0.3)) {
    const at = 1 + random.int(letters.length - 1)
    const inside = html ? random.pick(['&#9;', '&#x0A;', '&Tab;', '&NewLine;', '\t', '\n', '\r']) : random.pick(['\t', '\n', '\r'])
    letters.splice(at, 0, inside)
  }
  const colon = html && random.chance(0.2) ? random.pick(['&colon;', '&#58;', '&#x3a;']) : ':'
  const lead = random.chance(0.25) ? random.pick([' ', '  ', '\u0001', '\u0014', '\u00a0', '\t', html ? '&#14;' : '\u000e', html ? '&#32;' : ' ']) : ''
  const percent = !html && random.chance(0.1)
  const written = percent ? letters.map((c) => `%${c.charCodeAt(0).toString(16)}`).join('') : letters.join('')
  return `${lead}${written}${colon}${body}`
}

/** Strings that try to end whatever they are written into: an element, an attribute, a script
 *  block, a comment, a JSON string, a template; and characters that are awkward anywhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  `</script><script>${S}</script>`,
  `</SCRIPT ><script>${S}</script>`,
  `</style><script>${S}</script>`,
  `</title><script>${S}</script>`,
  `</textarea><script>${S}</script>`,
  `<!--<script>`,
  `<!--`,
  `-->`,
  `]]>`,
  `<![CDATA[`,
  `<img src=x onerror=${S}>`,
  `"><svg onload=${S}>`,
  `'><svg onload=${S}>`,
  `" onmouseover="${S}" x="`,
  `' onfocus='${S}' autofocus='`,
  `javascript:${S}`,
  ` javascript:${S}`,
  `JaVaScRiPt:${S}`,
  `java\tscript:${S}`,
  `data:text/html,<script>${S}</script>`,
  `vbscript:msgbox(1)`,
  `&lt;script&gt;${S}&lt;/script&gt;`,
  `&#60;script&#62;${S}&#60;/script&#62;`,
  `\\u003cscript\\u003e${S}\\u003c/script\\u003e`,
  `{{constructor.constructor('${S}')()}}`,
  '${' + S + '}',
  `__proto__`,
  `constructor`,
  `prototype`,
  `\u2028\u2029`,
  `\ud800`,
  `\udfff\ud800`,
  `\u0000`,
  `a\u0000b`,
  `\u202e\u2066evil\u2069`,
  `\ufeff`,
  `\uffff\ufffe`,
  `\r\n\r\n`,
  `\u001b[31m`,
  `\u0007\u0008\u000b\u000c`,
  `%3Cscript%3E${S}%3C/script%3E`,
  `&#x110000;&#99999999999;&#xD800;&#0;&#x0;`,
  `<p>a</p>&#x1F4A9;&amp;lt;script&amp;gt;`,
  `<a href="javascript:${S}">x</a>`,
  `[x](javascript:${S})`,
  `<svg><style><img src=x onerror=${S}>`,
  `expression(${S})`,
  `url(${BEACON}/x.png)`,
  `#fff;background:url(${BEACON}/y.png)`,
  `../../../../etc/passwd`,
  `C:\\Windows\\win.ini`,
  `\\\\server\\share\\x`,
  `NaN`,
  `-1`,
  `1e309`,
  ``,
  ` `
]

/** A hostile string, sometimes long, sometimes several glued together. */
export function hostileString(random: Random): string {
  const roll = random.next()
  if (roll < 0.6) return random.pick(HOSTILE_STRINGS)
  if (roll < 0.8) return random.several(HOSTILE_STRINGS, random.between(2, 4)).join(random.pick(['', ' ', '\n']))
  if (roll < 0.9) return random.chance(0.5) ? obfuscatedUrl(random, false) : random.pick(MXSS_SHAPES)
  // Long strings: a megabyte of one character, or a payload repeated.
  return random.chance(0.5) ? random.pick(['x', '<', '&', '\u0000', 'ش']).repeat(random.pick([1000, 70_000, 300_000])) : random.pick(HOSTILE_STRINGS).repeat(random.between(50, 500))
}

/** One hostile fragment of markup: a DOMPurify vector, an mXSS shape, active markup, or a link
 *  or image to an obfuscated script address. */
export function hostileMarkup(random: Random): string {
  const roll = random.next()
  if (roll < 0.35) return random.pick(DOMPURIFY_VECTORS)
  if (roll < 0.6) return random.pick(MXSS_SHAPES)
  if (roll < 0.85) return random.pick(ACTIVE_MARKUP)
  const url = obfuscatedUrl(random, true).replace(/"/g, '&quot;')
  return random.pick([
    `<a href="${url}">a hostile link</a>`,
    `<a href='${url}'>a hostile link</a>`,
    `<a href=${url.replace(/\s/g, '')}>an unquoted hostile link</a>`,
    `<img src="${url}" alt="an image">`,
    `<iframe src="${url}"></iframe>`,
    `<form action="${url}"><input type=submit></form>`,
    `<svg><a href="${url}"><text>svg link</text></a></svg>`,
    `<area href="${url}">`,
    `<a href="https://example.org/page?q=&quot;&gt;&lt;script&gt;${S}&lt;/script&gt;">a tricky but safe link</a>`
  ])
}
