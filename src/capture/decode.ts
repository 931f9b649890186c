// Link layer -> IP -> TCP header fields. Everything above TCP stays a byte view that the
// reassembly consumes and drops; only header fields leave this file.

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;
// DLT_RAW's historical numbers (12, 14) are sometimes written as-is into files.
const RAW_ALIASES = new Set([12, 14, LINKTYPE.RAW, LINKTYPE.IPV4, LINKTYPE.IPV6]);

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PSH = 0x08;
export const TH_ACK = 0x10;

/**
 * One decoded segment. The analyzer reuses a single object for every packet (no allocation per
 * packet at hundreds of thousands of packets per second): copy what you keep.
 */
export interface TcpSegment {
  /** IPv4 address as an unsigned 32-bit number, IPv6 as its text (see `addressText`). */
  src: number | string;
  dst: number | string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  /** Raw window field (not scaled). */
  window: number;
  /** Payload length on the wire (from the IP length). */
  len: number;
  /** The captured part of the payload (shorter than len when the snaplen cut it). View, not a copy. */
  payload: Uint8Array;
  mss?: number;
  wscale?: number;
}

export function newSegment(): TcpSegment {
  return { src: 0, dst: 0, sport: 0, dport: 0, seq: 0, ack: 0, flags: 0, window: 0, len: 0, payload: new Uint8Array(0), mss: undefined, wscale: undefined };
}

/** "a.b.c.d" for IPv4 numbers; IPv6 is already text. */
export function addressText(a: number | string): string {
  return typeof a === 'string' ? a : `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** "host:port" as connection keys and results spell endpoints (IPv6 in brackets). */
export function endpointText(a: number | string, port: number): string {
  return typeof a === 'string' ? `[${a}]:${port}` : `${addressText(a)}:${port}`;
}

export type DecodeSkip = 'link' | 'not-ip' | 'not-tcp' | 'fragment' | 'short';

/** Returns the segment, or why the frame is not a TCP segment we can use. */
export function decodeFrame(linkType: number, d: Uint8Array, out: TcpSegment): TcpSegment | DecodeSkip {
  let off: number;
  let etherType: number;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (d.length < 14) return 'short';
      off = 14;
      etherType = (d[12] << 8) | d[13];
      break;
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return 'short';
      off = 16;
      etherType = (d[14] << 8) | d[15];
      break;
    case LINKTYPE.LINUX_SLL2:
      if (d.length < 20) return 'short';
      off = 20;
      etherType = (d[0] << 8) | d[1];
      break;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return 'short';
      // The address family is in the capturing host's byte order (NULL) or network order (LOOP):
      // accept either, as readers of foreign captures must.
      const fam = linkType === LINKTYPE.LOOP ? (d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3] : d[0] !== 0 ? d[0] : d[3];
      off = 4;
      etherType = fam === 2 ? 0x0800 : fam === 10 || fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
      break;
    }
    default:
      if (!RAW_ALIASES.has(linkType)) return 'link';
      if (d.length < 1) return 'short';
      off = 0;
      etherType = d[0] >> 4 === 6 ? 0x86dd : 0x0800;
  }
  // 802.1Q / 802.1ad tags (possibly stacked, QinQ) sit between the link header and IP.
  while (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) {
    if (d.length < off + 4) return 'short';
    etherType = (d[off + 2] << 8) | d[off + 3];
    off += 4;
  }
  if (etherType === 0x0800) return decodeIPv4(d, off, out);
  if (etherType === 0x86dd) return decodeIPv6(d, off, out);
  return 'not-ip';
}

function ipv4(d: Uint8Array, o: number): number {
  return ((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) >>> 0;
}

function ipv6Text(d: Uint8Array, o: number): string {
  // RFC 5952 form: lower-case hex, longest run of zero groups as "::".
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((d[o + 2 * i] << 8) | d[o + 2 * i + 1]);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

function decodeIPv4(d: Uint8Array, o: number, out: TcpSegment): TcpSegment | DecodeSkip {
  if (d.length < o + 20 || d[o] >> 4 !== 4) return 'short';
  const ihl = (d[o] & 0x0f) * 4;
  let total = (d[o + 2] << 8) | d[o + 3];
  // Captures taken before segmentation offload show a 0 length: the frame then says it.
  if (total === 0) total = d.length - o;
  if ((d[o + 6] & 0x3f) !== 0 || d[o + 7] !== 0) return 'fragment'; // MF set or an offset
  if (d[o + 9] !== 6) return 'not-tcp';
  return decodeTcp(d, o + ihl, total - ihl, ipv4(d, o + 12), ipv4(d, o + 16), out);
}

function decodeIPv6(d: Uint8Array, o: number, out: TcpSegment): TcpSegment | DecodeSkip {
  if (d.length < o + 40 || d[o] >> 4 !== 6) return 'short';
  let plen = (d[o + 4] << 8) | d[o + 5];
  let next = d[o + 6];
  const src = ipv6Text(d, o + 8);
  const dst = ipv6Text(d, o + 24);
  let p = o + 40;
  if (plen === 0) plen = d.length - p; // jumbogram or offload: trust the frame
  // Extension headers before TCP: hop-by-hop, routing, destination options.
  while (next === 0 || next === 43 || next === 60) {
    if (d.length < p + 8) return 'short';
    const hlen = (d[p + 1] + 1) * 8;
    next = d[p];
    p += hlen;
    plen -= hlen;
  }
  if (next === 44) return 'fragment';
  if (next !== 6) return 'not-tcp';
  return decodeTcp(d, p, plen, src, dst, out);
}

function decodeTcp(d: Uint8Array, o: number, ipPayload: number, src: number | string, dst: number | string, seg: TcpSegment): TcpSegment | DecodeSkip {
  if (d.length < o + 20) return 'short';
  const hlen = (d[o + 12] >> 4) * 4;
  if (hlen < 20 || d.length < o + hlen) return 'short';
  seg.src = src;
  seg.dst = dst;
  seg.sport = (d[o] << 8) | d[o + 1];
  seg.dport = (d[o + 2] << 8) | d[o + 3];
  seg.seq = ((d[o + 4] << 24) | (d[o + 5] << 16) | (d[o + 6] << 8) | d[o + 7]) >>> 0;
  seg.ack = ((d[o + 8] << 24) | (d[o + 9] << 16) | (d[o + 10] << 8) | d[o + 11]) >>> 0;
  seg.flags = d[o + 13];
  seg.window = (d[o + 14] << 8) | d[o + 15];
  seg.len = Math.max(0, ipPayload - hlen);
  seg.payload = d.subarray(o + hlen, Math.min(d.length, o + Math.max(hlen, ipPayload)));
  seg.mss = undefined;
  seg.wscale = undefined;
  if (hlen > 20 && seg.flags & 0x02) readSynOptions(d, o + 20, o + hlen, seg);
  return seg;
}

function readSynOptions(d: Uint8Array, from: number, to: number, seg: TcpSegment): void {
  let p = from;
  while (p < to) {
    const kind = d[p];
    if (kind === 0) return;
    if (kind === 1) { p++; continue; }
    if (p + 1 >= to) return;
    const len = d[p + 1];
    if (len < 2 || p + len > to) return;
    if (kind === 2 && len === 4) seg.mss = (d[p + 2] << 8) | d[p + 3];
    if (kind === 3 && len === 3) seg.wscale = Math.min(14, d[p + 2]);
    p += len;
  }
}
