import { PROSE } from './html'
import type { Random } from './random'
import { hostileMarkup, hostileString, obfuscatedUrl, SENTINEL } from './vectors'

// Hostile Markdown: raw HTML blocks and inline tags, links, images, autolinks and reference
// definitions to obfuscated script addresses, code that tries to close the page's script, and
// structure nested past any sensible depth.

function hostileLink(random: Random): string {
  const url = random.chance(0.5) ? obfuscatedUrl(random, false) : obfuscatedUrl(random, true)
  const label = random.chance(0.7) ? 'the source' : hostileString(random).slice(0, 80).replace(/[[\]]/g, '')
  return random.pick([
    `[${label}](${url})`,
    `[${label}](<${url}>)`,
    `[${label}](${url} "title ${SENTINEL}")`,
    `![${label}](${url})`,
    `![x](https://example.org/a.png" onerror="${SENTINEL})`,
    `<${url.replace(/\s/g, '')}>`,
    `[${label}][ref]\n\n[ref]: ${url}`,
    `[ref-${random.int(99)}]: ${url} "definition"\n\n[ref-x]`,
    `[${label}](https://example.org/ok)`,
    `<mailto:desk@example.org>`,
    `[mail](mailto:desk@example.org?subject=%3Cscript%3E)`,
    `[x](javascript&#58;${SENTINEL})`,
    `[x](&#106;avascript:${SENTINEL})`,
    `[x](%6Aavascript:${SENTINEL})`,
    `[x](JAVASCRIPT:${SENTINEL})`
  ])
}

function hostileLine(random: Random): string {
  switch (random.int(9)) {
    case 0:
      return hostileMarkup(random)
    case 1:
      return `${random.pick(PROSE)} ${hostileLink(random)} ${random.pick(PROSE)}`
    case 2:
      return `<div onclick="${SENTINEL}">\n\n**${random.pick(PROSE)}**\n\n</div>`
    case 3:
      return '```html\n' + `</script><script>${SENTINEL}</script>\n` + hostileMarkup(random) + '\n```'
    case 4:
      return `\`</script><script>${SENTINEL}</script>\` and *${hostileString(random).slice(0, 200)}*`
    case 5:
      return `> ${random.pick(PROSE)}\n> ${hostileMarkup(random)}\n> ${hostileLink(random)}`
    case 6:
      return `| a | b |\n|---|---|\n| ${hostileMarkup(random).replace(/\|/g, '')} | ${hostileLink(random)} |`
    case 7:
      return `- ${random.pick(PROSE)}\n- ${hostileLink(random)}\n  - ${hostileMarkup(random)}`
    default:
      return hostileString(random)
  }
}

/** Structure nested past any sensible depth: quotes, lists, emphasis, brackets. */
function deepStructure(random: Random): string {
  const depth = random.pick([50, 200, 1000, 5000])
  switch (random.int(5)) {
    case 0:
      return `${'>'.repeat(depth)} deep quote`
    case 1:
      return Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')
    case 2:
      return `${'*'.repeat(depth)}emphasis${'*'.repeat(depth)}`
    case 3:
      return `${'['.repeat(depth)}x${'](javascript:x)'.repeat(depth)}`
    default:
      return `${'<div>'.repeat(depth)}deep html${'</div>'.repeat(depth)}`
  }
}

/** A Markdown article with hostile lines among ordinary paragraphs. */
export function hostileMarkdown(random: Random): string {
  const lines: string[] = [random.chance(0.7) ? `# ${random.chance(0.5) ? random.pick(PROSE).slice(0, 50) : hostileString(random).slice(0, 200)}` : '']
  for (let n = random.between(2, 10); n > 0; n--) {
    lines.push(random.chance(0.4) ? random.pick(PROSE) : hostileLine(random))
  }
  if (random.chance(0.15)) lines.splice(random.int(lines.length), 0, deepStructure(random))
  if (random.chance(0.1)) lines.unshift('---\ntitle: "</script><script>' + SENTINEL + '</script>"\n---')
  return lines.join(random.pick(['\n\n', '\n', '\r\n\r\n']))
}
