/** A JSON object as exports build it: plain data, ready for `JSON.stringify`. */
export type JsonObject = { readonly [key: string]: unknown }

/** Characters that must not appear raw in JSON placed inside an HTML `<script>` element: `<`
 *  could close the element (`</script>`) or open a comment, `>` and `&` are escaped for good
 *  measure, and U+2028/U+2029 end lines in older JavaScript parsers. */
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g

/** `value` as JSON text that may be placed verbatim inside `<script type="application/ld+json">`
 *  of an HTML page: the characters above are written as `\uXXXX` escapes, which JSON parsers read
 *  back as the same characters, so no text from an article can end the element or inject markup. */
export function jsonLdScriptText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_SCRIPT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
