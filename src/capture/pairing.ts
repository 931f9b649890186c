// Requests joined with their responses. memcached answers in order per connection; the binary
// protocol also echoes the request's opaque, and quiet requests get no answer unless they fail,
// so a response closes every quiet request before the one it answers.
import type { MessageSink, WireMessage } from './messages';
import type { StreamSink } from './reassembly';

export interface RequestRow {
  conn: number;
  /** 0-based index of the request within its connection. */
  index: number;
  op: string;
  keyHash?: string;
  status?: string;
  /** memcached binary: the request's opaque (clients use it to match; the probe puts its seq there). */
  opaque?: number;
  reqBytes: number;
  resBytes: number;
  /** Capture times, ms since the capture's first packet. */
  reqFirstMs: number;
  reqLastMs: number;
  resFirstMs?: number;
  resLastMs?: number;
  /** First request byte -> last response byte, as the capture saw them. */
  wireMs?: number;
  /** Last request byte -> first response byte: the far side's share (server + network beyond the capture point). */
  serverMs?: number;
  /** Bytes of the exchange the capture lacked. */
  missingBytes: number;
  /** Why there is no response: a quiet request, or none came before the capture ended. */
  noResponse?: 'quiet' | 'unanswered';
}

export type RowSink = (row: RequestRow) => void;

/** The response's side of a row, or why there is none. */
function answer(row: RequestRow, res: WireMessage | undefined, why: 'quiet' | 'unanswered'): RequestRow {
  if (!res) {
    row.noResponse = why;
    return row;
  }
  if (res.status !== undefined) row.status = res.status;
  row.resBytes = res.bytes;
  row.resFirstMs = res.firstT;
  row.resLastMs = res.lastT;
  row.wireMs = res.lastT - row.reqFirstMs;
  row.serverMs = res.firstT - row.reqLastMs;
  row.missingBytes += res.missing;
  return row;
}

function rowOf(conn: number, index: number, req: WireMessage): RequestRow {
  return {
    conn,
    index,
    op: req.op,
    keyHash: req.keyHash,
    ...(req.opaque !== undefined ? { opaque: req.opaque } : {}),
    reqBytes: req.bytes,
    resBytes: 0,
    reqFirstMs: req.firstT,
    reqLastMs: req.lastT,
    missingBytes: req.missing,
  };
}

export class MemcachedPairer implements MessageSink {
  private outstanding: WireMessage[] = [];
  private index = 0;
  desyncs = 0;
  unmatchedResponses = 0;

  constructor(private conn: number, private emit: RowSink) {}

  message(m: WireMessage): void {
    if (m.kind === 'request') {
      this.outstanding.push(m);
      return;
    }
    let at = -1;
    if (m.opaque !== undefined && m.opaque !== 0) at = this.outstanding.findIndex((r) => r.opaque === m.opaque);
    if (at < 0) at = this.outstanding.findIndex((r) => !r.quiet);
    if (at < 0) at = this.outstanding.length > 0 ? 0 : -1; // a quiet request that failed answers too
    if (at < 0) {
      this.unmatchedResponses++;
      return;
    }
    for (let i = 0; i < at; i++) {
      const r = this.outstanding[i];
      this.close(r, undefined, r.quiet ? 'quiet' : 'unanswered');
    }
    const req = this.outstanding[at];
    this.outstanding = this.outstanding.slice(at + 1);
    this.close(req, m);
  }

  desync(): void {
    this.desyncs++;
  }

  finish(): void {
    for (const r of this.outstanding) this.close(r, undefined, r.quiet ? 'quiet' : 'unanswered');
    this.outstanding = [];
  }

  private close(req: WireMessage, res: WireMessage | undefined, why: 'quiet' | 'unanswered' = 'unanswered'): void {
    this.emit(answer(rowOf(this.conn, this.index++, req), res, why));
  }
}

/**
 * Protocol `tcp`: a request is what the client sends until the server answers; the response is
 * what the server sends until the client speaks again. Pipelined requests merge into one.
 */
export class DirectionPairer {
  private req: WireMessage | undefined;
  private res: WireMessage | undefined;
  private index = 0;
  readonly client: StreamSink;
  readonly server: StreamSink;

  constructor(private conn: number, private emit: RowSink) {
    this.client = {
      data: (b, t) => this.clientBytes(b.length, 0, t),
      gap: (n, t) => this.clientBytes(n, n, t),
    };
    this.server = {
      data: (b, t) => this.serverBytes(b.length, 0, t),
      gap: (n, t) => this.serverBytes(n, n, t),
    };
  }

  private clientBytes(n: number, missing: number, t: number): void {
    if (this.res) this.flush();
    if (!this.req) this.req = { kind: 'request', op: 'tcp', bytes: 0, firstT: t, lastT: t, missing: 0 };
    this.req.bytes += n;
    this.req.missing += missing;
    this.req.lastT = t;
  }

  private serverBytes(n: number, missing: number, t: number): void {
    if (!this.req) return; // server talks first (a banner) or the capture began mid-response
    if (!this.res) this.res = { kind: 'response', op: 'tcp', bytes: 0, firstT: t, lastT: t, missing: 0 };
    this.res.bytes += n;
    this.res.missing += missing;
    this.res.lastT = t;
  }

  flush(): void {
    if (!this.req) return;
    const row = answer(rowOf(this.conn, this.index++, this.req), this.res, 'unanswered');
    this.req = undefined;
    this.res = undefined;
    this.emit(row);
  }
}
