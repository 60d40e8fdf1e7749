/** Markup that is safe to put in a page as it is: made only by `h`, `fragment`, `trusted` and
 *  `jsonLdScript`, so every piece of text from a project passes through escaping exactly once. */
export class Html {
  /** Use `trusted` to make one from a literal. */
  private constructor(readonly markup: string) {}

  /** @internal */
  static of(markup: string): Html {
    return new Html(markup)
  }

  toString(): string {
    return this.markup
  }
}

/** What an element may contain: markup, text (escaped on the way in), nothing, or lists of these. */
export type Child = Html | string | number | null | undefined | false | readonly Child[]

/** Attribute values: text (escaped), a number, `true` for a bare attribute; `false`, `null` and
 *  `undefined` leave the attribute out. */
export type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>

const VOID = new Set(['meta', 'link', 'br', 'hr', 'col', 'wbr', 'img', 'input', 'source'])
const NAME = /^[a-z][a-z0-9-]*$/

/** Characters an HTML document may not contain, even as references: control characters other
 *  than tab, line feed and form feed (a carriage return included: a parser reads it as a line
 *  feed), noncharacters and unpaired surrogates. */
export const UNWRITABLE = /(?![\t\n\f])\p{Cc}|\p{Noncharacter_Code_Point}|\p{Cs}/gu

/** Escape text for an element's content. Characters HTML cannot carry become U+FFFD, and carriage
 *  returns line feeds, as a parser would read them anyway; the article text, which must come back
 *  exactly, writes them differently (see htmlArticle.ts). */
function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(UNWRITABLE, '\uFFFD')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
}

/** Escape text for a double-quoted attribute value. */
function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;')
}

function render(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false) return
  if (child instanceof Html) out.push(child.markup)
  else if (typeof child === 'string') out.push(escapeText(child))
  else if (typeof child === 'number') out.push(String(child))
  else for (const c of child) render(c, out)
}

/** An element. Tag and attribute names come from code, never from a project: a name that is not
 *  a plain lower-case HTML name throws `RangeError`. */
export function h(tag: string, attributes: Attributes, ...children: Child[]): Html {
  if (!NAME.test(tag)) throw new RangeError(`"${tag}" is not an element name this page writes`)
  const out = [`<${tag}`]
  for (const [name, value] of Object.entries(attributes)) {
    if (!NAME.test(name)) throw new RangeError(`"${name}" is not an attribute name this page writes`)
    if (value === false || value === null || value === undefined) continue
    out.push(value === true ? ` ${name}` : ` ${name}="${escapeAttribute(String(value))}"`)
  }
  out.push('>')
  if (VOID.has(tag)) {
    if (children.length) throw new RangeError(`<${tag}> cannot have content`)
    return Html.of(out.join(''))
  }
  render(children, out)
  out.push(`</${tag}>`)
  return Html.of(out.join(''))
}

/** Children side by side, without an element around them. */
export function fragment(...children: Child[]): Html {
  const out: string[] = []
  render(children, out)
  return Html.of(out.join(''))
}

/** Markup written by this program (a stylesheet, a doctype), taken as it is. Never pass text that
 *  came from a project. */
export function trusted(markup: string): Html {
  return Html.of(markup)
}

/** A JSON-LD data block. Every `<` is written as `\u003c`, which JSON reads back as the same
 *  character, so no string inside can end the script element or open a comment. Throws
 *  `TypeError` for a value JSON cannot express (undefined, a function, a cycle, a BigInt). */
export function jsonLdScript(value: unknown): Html {
  const json = JSON.stringify(value)
  if (json === undefined) throw new TypeError('A JSON-LD item must be a JSON value')
  return Html.of(`<script type="application/ld+json">${json.replace(/</g, '\\u003c')}</script>`)
}
