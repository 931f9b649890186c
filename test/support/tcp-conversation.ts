// A scripted TCP conversation (memcached binary over one connection) with the TCP events the
// capture analysis must find: a request retransmitted after an RTO, a response segment lost
// and fast-retransmitted after duplicate ACKs, a spurious retransmission, a Nagle-held request
// tail released by a 40 ms delayed ACK, a zero window. Times are µs after `base`.
import type { Frame } from './pcap-writer';
import { binaryRequest, setExtras } from './memcached-client';

const FIN = 1, SYN = 2, PSH = 8, ACK = 16;

export interface ConversationOptions {
  client?: string;
  server?: string;
  /** Epoch ns of t = 0. */
  base?: bigint;
}

export interface Expected {
  requests: number;
  retransmissions: number;
  fastRetransmissions: number;
  spurious: number;
  dupAcks: number;
  zeroWindows: number;
  nagle: number;
  /** Wire latency (ms) of each request, in order. */
  wireMs: number[];
}

function response(opcode: number, opaque: number, bodyLen = 0): Uint8Array {
  const h = Buffer.alloc(24 + bodyLen, 0x61);
  h.fill(0, 0, 24);
  h[0] = 0x81;
  h[1] = opcode;
  h.writeUInt32BE(bodyLen, 8);
  h.writeUInt32BE(opaque, 12);
  return h;
}

export function scriptedConversation(o: ConversationOptions = {}): { frames: Frame[]; expected: Expected } {
  const client = o.client ?? '10.1.0.1';
  const server = o.server ?? '10.1.0.2';
  const base = o.base ?? 1700000000123456000n;
  const frames: Frame[] = [];
  let cseq = 1000;
  let sseq = 5000000;
  const at = (us: number) => base + BigInt(Math.round(us * 1000));
  const c = (us: number, flags: number, payload?: Uint8Array, seq = cseq, window = 512) => {
    frames.push({ tNs: at(us), src: client, dst: server, sport: 40001, dport: 11211, seq, ack: flags & ACK ? sseq : 0, flags, payload, window });
  };
  const s = (us: number, flags: number, payload?: Uint8Array, seq = sseq, window = 512) => {
    frames.push({ tNs: at(us), src: server, dst: client, sport: 11211, dport: 40001, seq, ack: cseq, flags, payload, window });
  };
  // Handshake (iRTT 100 µs); MSS 1000 and no window scaling.
  frames.push({ tNs: at(0), src: client, dst: server, sport: 40001, dport: 11211, seq: cseq, ack: 0, flags: SYN, options: [2, 4, 0x03, 0xe8] });
  cseq++;
  frames.push({ tNs: at(50), src: server, dst: client, sport: 11211, dport: 40001, seq: sseq, ack: cseq, flags: SYN | ACK, options: [2, 4, 0x03, 0xe8] });
  sseq++;
  c(100, ACK);

  // A: set, answered at once.
  const a = binaryRequest(0x01, 'alpha', 'x'.repeat(30), 1, setExtras());
  c(1000, PSH | ACK, a); cseq += a.length;
  const ra = response(0x01, 1);
  s(1300, PSH | ACK, ra); sseq += ra.length;
  c(1350, ACK);

  // B: get; the request is lost beyond the capture point and retransmitted after a 200 ms RTO.
  const b = binaryRequest(0x00, 'alpha', '', 2);
  c(10000, PSH | ACK, b);
  c(210000, PSH | ACK, b); cseq += b.length;
  const rb = response(0x00, 2, 34);
  s(210300, PSH | ACK, rb); sseq += rb.length;
  c(210350, ACK);
  // The server sends the response again although it was acknowledged: spurious.
  s(215000, PSH | ACK, rb, sseq - rb.length);
  c(215050, ACK);

  // C: get of a 2,976-byte value: three segments, the first lost before the capture point;
  // the client's duplicate ACKs bring a fast retransmission.
  const cReq = binaryRequest(0x00, 'big', '', 3);
  c(220000, PSH | ACK, cReq); cseq += cReq.length;
  const rc = response(0x00, 3, 3000 - 24);
  const s1 = sseq;
  s(220310, ACK, rc.subarray(1000, 2000), s1 + 1000);
  c(220311, ACK);
  s(220320, PSH | ACK, rc.subarray(2000), s1 + 2000);
  c(220321, ACK);
  s(220330, ACK, rc.subarray(0, 1000), s1);
  sseq += rc.length;
  c(220340, ACK);

  // D: a set whose body the client wrote separately: Nagle holds it until the server's delayed ACK.
  const d = binaryRequest(0x01, 'delta', 'y'.repeat(200), 4, setExtras());
  c(300000, PSH | ACK, d.subarray(0, 24)); cseq += 24;
  s(340000, ACK);
  c(340010, PSH | ACK, d.subarray(24)); cseq += d.length - 24;
  const rd = response(0x01, 4);
  s(340300, PSH | ACK, rd); sseq += rd.length;
  c(340350, ACK);

  // E: the server's receive window closes after the first segment and opens 50 ms later.
  const e = binaryRequest(0x01, 'echo', 'z'.repeat(1800), 5, setExtras());
  c(400000, ACK, e.subarray(0, 1000)); cseq += 1000;
  s(400100, ACK, undefined, sseq, 0);
  s(450000, ACK, undefined, sseq, 512);
  c(450010, PSH | ACK, e.subarray(1000)); cseq += e.length - 1000;
  const re = response(0x01, 5);
  s(450300, PSH | ACK, re); sseq += re.length;
  c(450350, ACK);

  // Close.
  c(500000, FIN | ACK); cseq++;
  s(500050, FIN | ACK); sseq++;
  c(500100, ACK);
  return {
    frames,
    expected: {
      requests: 5, retransmissions: 1, fastRetransmissions: 1, spurious: 1, dupAcks: 3, zeroWindows: 1, nagle: 1,
      wireMs: [0.3, 200.3, 0.33, 40.3, 50.3],
    },
  };
}
