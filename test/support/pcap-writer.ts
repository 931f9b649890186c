// Builds capture files byte by byte for the format corners real loopback captures never show:
// big-endian and nanosecond pcap, multi-section pcapng with mixed byte orders and time
// resolutions, Linux cooked headers, VLAN tags, IPv6, truncation. tshark reads the same files.

export interface Frame {
  /** Epoch time in ns (bigint: exact). */
  tNs: bigint;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window?: number;
  payload?: Uint8Array;
  /** TCP options bytes (padded to 4 by the writer). */
  options?: number[];
}

export type Link = 'ethernet' | 'ethernet-vlan' | 'sll' | 'sll2' | 'null' | 'raw';
export const LINK_TYPE: Record<Link, number> = { ethernet: 1, 'ethernet-vlan': 1, sll: 113, sll2: 276, null: 0, raw: 101 };

function ipBytes(a: string): number[] {
  if (!a.includes(':')) return a.split('.').map(Number);
  const [head, tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - tl.length).fill('0'), ...tl];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function checksum(bytes: number[]): number {
  let s = 0;
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function frameBytes(f: Frame, link: Link): Uint8Array {
  const payload = [...(f.payload ?? [])];
  const opts = [...(f.options ?? [])];
  while (opts.length % 4) opts.push(1);
  const tcpLen = 20 + opts.length;
  const tcp = [...u16(f.sport), ...u16(f.dport), ...u32(f.seq >>> 0), ...u32(f.ack >>> 0), (tcpLen / 4) << 4, f.flags, ...u16(f.window ?? 512), 0, 0, 0, 0, ...opts];
  const v6 = f.src.includes(':');
  const src = ipBytes(f.src);
  const dst = ipBytes(f.dst);
  const segLen = tcp.length + payload.length;
  const pseudo = v6 ? [...src, ...dst, ...u32(segLen), 0, 0, 0, 6] : [...src, ...dst, 0, 6, ...u16(segLen)];
  const ck = checksum([...pseudo, ...tcp, ...payload]);
  tcp[16] = ck >> 8;
  tcp[17] = ck & 0xff;
  let ip: number[];
  if (v6) {
    ip = [0x60, 0, 0, 0, ...u16(segLen), 6, 64, ...src, ...dst];
  } else {
    ip = [0x45, 0, ...u16(20 + segLen), 0, 0, 0x40, 0, 64, 6, 0, 0, ...src, ...dst];
    const ick = checksum(ip);
    ip[10] = ick >> 8;
    ip[11] = ick & 0xff;
  }
  const ethType = v6 ? 0x86dd : 0x0800;
  let head: number[];
  switch (link) {
    case 'ethernet': head = [...Array(12).fill(0), ...u16(ethType)]; break;
    case 'ethernet-vlan': head = [...Array(12).fill(0), 0x81, 0x00, 0x00, 0x2a, ...u16(ethType)]; break;
    case 'sll': head = [0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, ...u16(ethType)]; break;
    case 'sll2': head = [...u16(ethType), 0, 0, 0, 0, 0, 1, 0, 1, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0]; break;
    case 'null': head = [v6 ? 30 : 2, 0, 0, 0]; break; // little-endian host: AF_INET 2, AF_INET6 30 (macOS)
    case 'raw': head = []; break;
  }
  return Uint8Array.from([...head, ...ip, ...tcp, ...payload]);
}

export interface PcapOptions {
  bigEndian?: boolean;
  nano?: boolean;
  snaplen?: number;
  link: Link;
}

export function writePcap(frames: Frame[], o: PcapOptions): Uint8Array {
  const le = !o.bigEndian;
  const out: Uint8Array[] = [];
  const h = new DataView(new ArrayBuffer(24));
  h.setUint32(0, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, le);
  h.setUint16(4, 2, le);
  h.setUint16(6, 4, le);
  h.setUint32(16, o.snaplen ?? 262144, le);
  h.setUint32(20, LINK_TYPE[o.link], le);
  out.push(new Uint8Array(h.buffer));
  for (const f of frames) {
    const data = frameBytes(f, o.link);
    const cap = Math.min(data.length, o.snaplen ?? Infinity);
    const r = new DataView(new ArrayBuffer(16));
    const sec = f.tNs / 1000000000n;
    const frac = f.tNs % 1000000000n;
    r.setUint32(0, Number(sec), le);
    r.setUint32(4, Number(o.nano ? frac : frac / 1000n), le);
    r.setUint32(8, cap, le);
    r.setUint32(12, data.length, le);
    out.push(new Uint8Array(r.buffer), data.subarray(0, cap));
  }
  return concat(out);
}

export interface NgInterface {
  link: Link;
  /** if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n); absent: the default µs. */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
  snaplen?: number;
}

export interface NgSection {
  bigEndian?: boolean;
  interfaces: NgInterface[];
  /** Frames and the interface each goes out on; `simple` writes a simple packet block. */
  packets: { frame: Frame; iface: number; simple?: boolean }[];
  /** Interface statistics: drops reported for interface 0. */
  stats?: { ifDrop: number; osDrop: number };
  /** Insert a block of an unknown type (and an unknown option in the IDB). */
  unknownBlocks?: boolean;
}

export function writePcapng(sections: NgSection[]): Uint8Array {
  const out: Uint8Array[] = [];
  for (const s of sections) {
    const le = !s.bigEndian;
    const block = (type: number, body: number[]) => {
      const len = 12 + body.length;
      const b = new DataView(new ArrayBuffer(len));
      b.setUint32(0, type, le);
      b.setUint32(4, len, le);
      body.forEach((x, i) => b.setUint8(8 + i, x));
      b.setUint32(len - 4, len, le);
      out.push(new Uint8Array(b.buffer));
    };
    const w16 = (n: number) => { const d = new DataView(new ArrayBuffer(2)); d.setUint16(0, n, le); return [...new Uint8Array(d.buffer)]; };
    const w32 = (n: number) => { const d = new DataView(new ArrayBuffer(4)); d.setUint32(0, n >>> 0, le); return [...new Uint8Array(d.buffer)]; };
    const w64 = (n: bigint) => { const d = new DataView(new ArrayBuffer(8)); d.setBigUint64(0, n, le); return [...new Uint8Array(d.buffer)]; };
    const opt = (code: number, val: number[]) => { const p = [...val]; while (p.length % 4) p.push(0); return [...w16(code), ...w16(val.length), ...p]; };
    const pad = (a: number[]) => { const p = [...a]; while (p.length % 4) p.push(0); return p; };
    block(0x0a0d0d0a, [...w32(0x1a2b3c4d), ...w16(1), ...w16(0), ...w64(0xffffffffffffffffn)]);
    if (s.unknownBlocks) block(0x0badcafe, [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const i of s.interfaces) {
      const opts: number[] = [];
      if (s.unknownBlocks) opts.push(...opt(200, [9, 9, 9]));
      if (i.tsresol !== undefined) opts.push(...opt(9, [i.tsresol]));
      if (i.tsoffset !== undefined) opts.push(...opt(14, w64(BigInt(i.tsoffset))));
      if (opts.length) opts.push(0, 0, 0, 0);
      block(1, [...w16(LINK_TYPE[i.link]), 0, 0, ...w32(i.snaplen ?? 0), ...opts]);
    }
    for (const p of s.packets) {
      const i = s.interfaces[p.iface];
      const data = frameBytes(p.frame, i.link);
      const cap = Math.min(data.length, i.snaplen || Infinity);
      if (p.simple) {
        block(3, [...w32(data.length), ...pad([...data.subarray(0, cap)])]);
        continue;
      }
      const r = i.tsresol ?? 6;
      const perSec = r & 0x80 ? 2n ** BigInt(r & 0x7f) : 10n ** BigInt(r);
      const tsNs = p.frame.tNs - BigInt(i.tsoffset ?? 0) * 1000000000n;
      const ts = (tsNs * perSec) / 1000000000n;
      block(6, [...w32(p.iface), ...w32(Number(ts >> 32n)), ...w32(Number(ts & 0xffffffffn)), ...w32(cap), ...w32(data.length), ...pad([...data.subarray(0, cap)]), ...(s.unknownBlocks ? [...opt(300, [1]), 0, 0, 0, 0] : [])]);
    }
    if (s.stats) {
      block(5, [...w32(0), ...w32(0), ...w32(0), ...opt(5, w64(BigInt(s.stats.ifDrop))), ...opt(7, w64(BigInt(s.stats.osDrop))), 0, 0, 0, 0]);
    }
  }
  return concat(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
