// The slowest requests of a run as it goes, for the stage breakdown of a run where nothing
// stalled: its basis is then every request at or above the run's p99, known only at the end.
// A bounded min-heap keeps the `capacity` slowest (request, latency, cause, stage times); at the
// end those at or above the cut are folded in request order, as a scan of every request would.

import { STAGES } from '../../sim/xen/run-types';

const K = STAGES.length;

export class SlowCandidates {
  private readonly req: Float64Array;
  private readonly lat: Float64Array;
  private readonly whole: Uint8Array;
  private readonly stages: Float64Array;
  private readonly cause: string[] = [];
  /** Positions, a min-heap by latency. */
  private readonly heap: Int32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.req = new Float64Array(capacity);
    this.lat = new Float64Array(capacity);
    this.whole = new Uint8Array(capacity);
    this.stages = new Float64Array(capacity * K);
    this.heap = new Int32Array(capacity);
  }

  offer(r: number, latencyMs: number, cause: string, stageMs: ArrayLike<number> | null): void {
    let p: number;
    if (this.size < this.capacity) {
      p = this.size;
      this.heap[this.size++] = p;
      this.put(p, r, latencyMs, cause, stageMs);
      this.siftUp(this.size - 1);
    } else if (latencyMs > this.lat[this.heap[0]!]!) {
      p = this.heap[0]!;
      this.put(p, r, latencyMs, cause, stageMs);
      this.siftDown(0);
    }
  }

  /** Every kept request with latency ≥ cut, in request order. */
  each(cut: number, f: (cause: string, latencyMs: number, stageMs: Float64Array | null) => void): void {
    // A request evicted from a full heap had a latency ≤ its minimum: if that minimum is still
    // ≥ cut, some request at or above the cut may be missing.
    if (this.size === this.capacity && this.size > 0 && this.lat[this.heap[0]!]! >= cut) throw new Error('internal: more requests at or above the p99 than kept');
    const ps = Array.from(this.heap.subarray(0, this.size)).filter((p) => this.lat[p]! >= cut);
    ps.sort((a, b) => this.req[a]! - this.req[b]!);
    for (const p of ps) f(this.cause[p]!, this.lat[p]!, this.whole[p] ? this.stages.subarray(p * K, p * K + K) : null);
  }

  private put(p: number, r: number, latencyMs: number, cause: string, stageMs: ArrayLike<number> | null): void {
    this.req[p] = r;
    this.lat[p] = latencyMs;
    this.cause[p] = cause;
    this.whole[p] = stageMs ? 1 : 0;
    if (stageMs) for (let k = 0; k < K; k++) this.stages[p * K + k] = stageMs[k]!;
  }

  private siftUp(c: number): void {
    const h = this.heap;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (this.lat[h[parent]!]! <= this.lat[h[c]!]!) return;
      [h[parent], h[c]] = [h[c]!, h[parent]!];
      c = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.lat[h[l]!]! < this.lat[h[m]!]!) m = l;
      if (r < this.size && this.lat[h[r]!]! < this.lat[h[m]!]!) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
