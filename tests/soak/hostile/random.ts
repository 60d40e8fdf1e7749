import { seededRandom } from '../../seeded'

/** A seeded source of random choices (mulberry32), so that every hostile input can be made again
 *  from the run's seed and its number. */
export class Random {
  /** A number in [0, 1). */
  readonly next: () => number

  constructor(seed: number) {
    this.next = seededRandom(seed)
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One item of a list that is not empty. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list')
    return items[this.int(items.length)]!
  }

  /** `n` items of a list, with repeats. */
  several<T>(items: readonly T[], n: number): T[] {
    return Array.from({ length: n }, () => this.pick(items))
  }
}

/** The seed of input `index` of a run seeded with `seed`: every input can be made on its own. */
export function inputSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0
}
