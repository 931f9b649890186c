import { FAULT_KINDS, type FaultKind } from './faults';
import type { ProbePath, RequestRecord } from './record';

/**
 * Every request of a run, one row per `seq`, in typed-array columns. A request's live record is
 * a short-lived object that the connection fills in; when the request ends its fields are copied
 * here and the object dies young. Kept as objects, every record survived every young-generation
 * collection and was copied into the old generation: at 20,000 requests/s that made each
 * scavenge take 1–5 ms on the probe's thread and brought a full collection every few seconds,
 * and the sends due meanwhile went out late.
 */

const TIMES = ['tIntended', 'tStart', 'tResolved', 'tConnected', 'tAuthed', 'tWriteCall', 'tWritten', 'tAheadEnd', 'tFirstByte', 'tEnd'] as const;
type TimeField = (typeof TIMES)[number];
const NT = TIMES.length;
const T_INTENDED = 0;
const T_END = NT - 1;

const PATHS: readonly ProbePath[] = ['raw', 'memjs', 'tcp'];
const PATH_CODE: Record<ProbePath, number> = { raw: 0, memjs: 1, tcp: 2 };
const FAULT_CODE = new Map<FaultKind, number>(FAULT_KINDS.map((k, i) => [k, i + 1]));

const WARMUP = 1;
const OK = 2;
const MISS = 4;
const CANCELLED = 8;

/**
 * Rows per chunk: growing never copies what is stored. Chunks are small (~90 KB) because the
 * first touch of fresh memory costs page faults: a 1.5 MB chunk held the probe thread for ~4 ms
 * (every 0.8 s at 20,000/s, in a VM), a small one costs a fraction of a millisecond.
 */
const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** A row is written whole when it is added, so nothing needs filling beforehand. */
class Chunk {
  readonly times: Float64Array;
  readonly conn: Int32Array;
  readonly inflight: Int32Array;
  readonly path: Uint8Array;
  readonly flags: Uint8Array;
  readonly fault: Uint8Array;
  constructor() {
    this.times = new Float64Array(CHUNK * NT);
    this.conn = new Int32Array(CHUNK);
    this.inflight = new Int32Array(CHUNK);
    this.path = new Uint8Array(CHUNK);
    this.flags = new Uint8Array(CHUNK);
    this.fault = new Uint8Array(CHUNK);
  }
}

export class RecordStore {
  private readonly chunks: Chunk[] = [];
  private rows = 0;
  /** Rows in the order their requests ended (for the live progress: each counted once), chunked too. */
  private readonly endOrder: Int32Array[] = [];
  private endCount = 0;
  /** Failure messages are few and varied: kept aside, by row. */
  private readonly messages = new Map<number, string>();

  get length(): number {
    return this.rows;
  }

  /** Requests that have ended so far. */
  get endedCount(): number {
    return this.endCount;
  }

  /** The row of the `k`-th request to end. */
  endedRow(k: number): number {
    return this.endOrder[k >>> CHUNK_BITS][k & MASK];
  }

  /** Appends the row of a request as planned; `rec.seq` must be the next row. */
  add(rec: RequestRecord): void {
    if (rec.seq !== this.rows) throw new Error(`record ${rec.seq} added as row ${this.rows}`);
    if ((this.rows & MASK) === 0) this.chunks.push(new Chunk());
    this.rows++;
    this.write(rec);
  }

  /** Copies the final state of a request that has ended; the object is not kept. */
  end(rec: RequestRecord): void {
    this.write(rec);
    if ((this.endCount & MASK) === 0) this.endOrder.push(new Int32Array(CHUNK));
    this.endOrder[this.endCount >>> CHUNK_BITS][this.endCount & MASK] = rec.seq;
    this.endCount++;
  }

  private write(rec: RequestRecord): void {
    const row = rec.seq;
    const c = this.chunks[row >>> CHUNK_BITS];
    const i = row & MASK;
    const base = i * NT;
    const t = c.times;
    t[base] = rec.tIntended;
    t[base + 1] = rec.tStart;
    t[base + 2] = rec.tResolved ?? NaN;
    t[base + 3] = rec.tConnected ?? NaN;
    t[base + 4] = rec.tAuthed ?? NaN;
    t[base + 5] = rec.tWriteCall ?? NaN;
    t[base + 6] = rec.tWritten ?? NaN;
    t[base + 7] = rec.tAheadEnd ?? NaN;
    t[base + 8] = rec.tFirstByte ?? NaN;
    t[base + 9] = rec.tEnd ?? NaN;
    c.conn[i] = rec.conn;
    c.inflight[i] = rec.inflight;
    c.path[i] = PATH_CODE[rec.path];
    c.flags[i] = (rec.warmup ? WARMUP : 0) | (rec.ok ? OK : 0) | (rec.miss ? MISS : 0) | (rec.cancelled ? CANCELLED : 0);
    c.fault[i] = rec.fault ? FAULT_CODE.get(rec.fault)! : 0;
    if (rec.message !== undefined) this.messages.set(row, rec.message);
  }

  isWarmup(row: number): boolean {
    return (this.chunks[row >>> CHUNK_BITS].flags[row & MASK] & WARMUP) !== 0;
  }

  isCancelled(row: number): boolean {
    return (this.chunks[row >>> CHUNK_BITS].flags[row & MASK] & CANCELLED) !== 0;
  }

  isOk(row: number): boolean {
    return (this.chunks[row >>> CHUNK_BITS].flags[row & MASK] & OK) !== 0;
  }

  /** End minus intended time (NaN while the request has not ended). */
  latencyMs(row: number): number {
    const t = this.chunks[row >>> CHUNK_BITS].times;
    const base = (row & MASK) * NT;
    return t[base + T_END] - t[base + T_INTENDED];
  }

  /** The row as a record, with absent stages left out as in the live object. */
  get(row: number): RequestRecord {
    return this.read(this.chunks[row >>> CHUNK_BITS], row);
  }

  private read(c: Chunk, row: number): RequestRecord {
    const i = row & MASK;
    const flags = c.flags[i];
    const rec: RequestRecord = {
      seq: row,
      conn: c.conn[i],
      path: PATHS[c.path[i]],
      warmup: (flags & WARMUP) !== 0,
      tIntended: c.times[i * NT],
      tStart: c.times[i * NT + 1],
      ok: (flags & OK) !== 0,
      inflight: c.inflight[i],
    };
    for (let f = 2; f < NT; f++) {
      const v = c.times[i * NT + f];
      if (!Number.isNaN(v)) rec[TIMES[f] as TimeField] = v;
    }
    if (c.fault[i] > 0) rec.fault = FAULT_KINDS[c.fault[i] - 1];
    const message = this.messages.get(row);
    if (message !== undefined) rec.message = message;
    if (flags & MISS) rec.miss = true;
    if (flags & CANCELLED) rec.cancelled = true;
    return rec;
  }
}
