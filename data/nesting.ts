/** Whether `value` (parsed JSON, or any plain data) nests arrays and objects more than `limit`
 *  levels deep. Found without recursing, so that a file nested a million levels deep is told
 *  apart before anything walks it recursively (the recursive walkers and schemas would overflow
 *  the stack). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]]
  while (pending.length) {
    const [item, depth] = pending.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (depth >= limit) return true
    for (const child of Object.values(item)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1])
  }
  return false
}
