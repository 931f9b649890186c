// The pending-event set: a 4-ary min-heap kept in parallel typed arrays.
//
// Why typed arrays and no per-event objects: the hot path of a simulation is pop-earliest /
// insert-one, and allocating an object per event makes the GC the bottleneck. An entry is
// (time, seq, handler, payload) spread over four arrays; sifting moves numbers, not pointers.
//
// Why 4-ary: half the depth of a binary heap, and the four children sit next to each other in
// memory, so a pop touches fewer cache lines; measured faster than binary at N ≥ 1k here.
//
// Order: by time, then by seq, an insertion counter. Equal times therefore pop in FIFO insertion
// order, and because (time, seq) is a total order the pop sequence is fully determined by the
// pushes, whatever the heap's internal layout.
//
// Deferred removal of the top (consumeTop/settle): a simulation pops an event and its handler
// usually schedules one new event. Instead of pop (sift down) + push (sift up), the top is only
// marked consumed; the next push overwrites it and sifts down once. Same pop order, about half
// the work on the classic hold model.

const ARITY_SHIFT = 2; // 4 children

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array; // float64 counts exactly to 2^53: no wrap-around in any real run
  private handler: Int32Array;
  private payload: Float64Array;
  private n = 0;
  private nextSeq = 0;
  /** True while slot 0 holds an event already handed out (see consumeTop). */
  private topConsumed = false;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity | 0);
    this.time = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.handler = new Int32Array(cap);
    this.payload = new Float64Array(cap);
  }

  /** Number of pending events (excluding a consumed top). */
  get size(): number {
    return this.topConsumed ? this.n - 1 : this.n;
  }

  /** Inserts an event; the caller guarantees `t` is a number ≥ the current clock. */
  push(t: number, h: number, p: number): void {
    const s = this.nextSeq++;
    if (this.topConsumed) {
      this.topConsumed = false;
      this.siftDown(0, t, s, h, p);
      return;
    }
    let i = this.n;
    if (i === this.time.length) this.grow();
    this.n = i + 1;
    const time = this.time;
    const seq = this.seq;
    const handler = this.handler;
    const payload = this.payload;
    // The new entry has the largest seq so far, so on a time tie it stays below its parent.
    while (i > 0) {
      const parent = (i - 1) >> ARITY_SHIFT;
      if (time[parent] <= t) break;
      time[i] = time[parent];
      seq[i] = seq[parent];
      handler[i] = handler[parent];
      payload[i] = payload[parent];
      i = parent;
    }
    time[i] = t;
    seq[i] = s;
    handler[i] = h;
    payload[i] = p;
  }

  /** Time of the earliest pending event; Infinity when empty. Settles a consumed top first. */
  peekTime(): number {
    if (this.topConsumed) this.settle();
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /**
   * Hands out the earliest event without removing it yet: read it with topHandler/topPayload/
   * peekTime *before* calling this, then the next push replaces it, or settle() removes it.
   * Requires size > 0 and no consumed top.
   */
  consumeTop(): void {
    this.topConsumed = true;
  }

  get topHandler(): number {
    return this.handler[0];
  }

  get topPayload(): number {
    return this.payload[0];
  }

  /** Removes a consumed top that no push has replaced. */
  settle(): void {
    if (!this.topConsumed) return;
    this.topConsumed = false;
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.time[last], this.seq[last], this.handler[last], this.payload[last]);
  }

  /** Removes and discards the earliest event (convenience for tests and non-hot callers). */
  pop(): boolean {
    if (this.topConsumed) this.settle();
    if (this.n === 0) return false;
    this.topConsumed = true;
    this.settle();
    return true;
  }

  clear(): void {
    this.n = 0;
    this.topConsumed = false;
  }

  /** Places (t, s, h, p) into the hole at i and restores heap order below it. */
  private siftDown(i: number, t: number, s: number, h: number, p: number): void {
    const n = this.n;
    const time = this.time;
    const seq = this.seq;
    const handler = this.handler;
    const payload = this.payload;
    for (;;) {
      const c0 = (i << ARITY_SHIFT) + 1;
      if (c0 >= n) break;
      let m = c0;
      let mt = time[c0];
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        const ct = time[c];
        if (ct < mt || (ct === mt && seq[c] < seq[m])) {
          m = c;
          mt = ct;
        }
      }
      if (mt > t || (mt === t && seq[m] > s)) break;
      time[i] = mt;
      seq[i] = seq[m];
      handler[i] = handler[m];
      payload[i] = payload[m];
      i = m;
    }
    time[i] = t;
    seq[i] = s;
    handler[i] = h;
    payload[i] = p;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const time = new Float64Array(cap);
    time.set(this.time);
    const seq = new Float64Array(cap);
    seq.set(this.seq);
    const handler = new Int32Array(cap);
    handler.set(this.handler);
    const payload = new Float64Array(cap);
    payload.set(this.payload);
    this.time = time;
    this.seq = seq;
    this.handler = handler;
    this.payload = payload;
  }
}
