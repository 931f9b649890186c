// An exact multiset of numbers whose memory follows the number of distinct values while they are
// few: a clock-quantised latency (multiples of 15.6 ms) takes a few counters however many
// samples there are. Past `maxDistinct` distinct values it keeps every value instead. Either way
// its sorted order, percentiles and summary are those of the sorted array of every value, bit
// for bit (the mean is summed in the same ascending order, one value at a time).

import { nearestRankIndex, REPORTED_PERCENTILES } from './percentiles';
import { EmptySamplesError } from './summarize';
import type { PercentilesMs, ResultSummary } from './types';

export class ValueMultiset {
  private counts: Map<number, number> | null = new Map();
  private list = new Float64Array(0);
  private n = 0;
  private sortedKeys: Float64Array | null = null;
  private cumulative: Float64Array | null = null;

  constructor(private readonly maxDistinct = 4096) {}

  get size(): number {
    return this.n;
  }

  add(v: number): void {
    this.sortedKeys = null;
    if (this.counts) {
      this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
      this.n++;
      if (this.counts.size > this.maxDistinct) this.toList();
      return;
    }
    if (this.n === this.list.length) this.grow(this.n * 2);
    this.list[this.n++] = v;
  }

  /** The value at `index` (0-based) of the ascending order. */
  at(index: number): number {
    this.sort();
    if (!this.counts) return this.list[index];
    const cum = this.cumulative!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > index) hi = mid;
      else lo = mid + 1;
    }
    return this.sortedKeys![lo];
  }

  /** The exact summary, as summarizeSorted gives for the sorted array of every value. */
  summary(stallThresholdMs: number): ResultSummary {
    const n = this.n;
    if (n === 0) throw new EmptySamplesError();
    this.sort();
    if (Number.isNaN(this.at(0)) || Number.isNaN(this.at(n - 1))) throw new RangeError('samples contain NaN');
    let sum = 0;
    let carry = 0;
    let stalls = 0;
    this.forEachAscending((v, count) => {
      if (v > stallThresholdMs) stalls += count;
      for (let k = 0; k < count; k++) {
        const y = v - carry;
        const t = sum + y;
        carry = t - sum - y;
        sum = t;
      }
    });
    const minMs = this.at(0);
    const maxMs = this.at(n - 1);
    const percentilesMs = {} as PercentilesMs;
    for (const key of REPORTED_PERCENTILES) percentilesMs[key] = this.at(nearestRankIndex(n, Number(key)));
    return { count: n, minMs, meanMs: Math.min(maxMs, Math.max(minMs, sum / n)), maxMs, percentilesMs, stalls: { thresholdMs: stallThresholdMs, count: stalls } };
  }

  private forEachAscending(f: (v: number, count: number) => void): void {
    if (!this.counts) {
      for (let i = 0; i < this.n; i++) f(this.list[i], 1);
      return;
    }
    const keys = this.sortedKeys!;
    for (let i = 0; i < keys.length; i++) f(keys[i], this.counts.get(keys[i])!);
  }

  private sort(): void {
    if (this.sortedKeys) return;
    if (!this.counts) {
      this.list = this.list.subarray(0, this.n).sort();
      this.sortedKeys = this.list;
      return;
    }
    const keys = Float64Array.from(this.counts.keys()).sort();
    const cum = new Float64Array(keys.length);
    let c = 0;
    for (let i = 0; i < keys.length; i++) cum[i] = c += this.counts.get(keys[i])!;
    this.sortedKeys = keys;
    this.cumulative = cum;
  }

  private toList(): void {
    const counts = this.counts!;
    this.counts = null;
    this.cumulative = null;
    this.grow(Math.max(1024, this.n * 2));
    let i = 0;
    for (const [v, c] of counts) for (let k = 0; k < c; k++) this.list[i++] = v;
  }

  private grow(n: number): void {
    const next = new Float64Array(n);
    next.set(this.list.subarray(0, Math.min(this.list.length, this.n)));
    this.list = next;
  }
}
