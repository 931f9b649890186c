// pcapng (draft-ietf-opsawg-pcapng): a sequence of sections, each starting with a section
// header block whose byte-order magic sets the byte order of everything up to the next one.
// Interfaces (and their time resolution/offset) belong to the section that declared them.
// Blocks we do not need (name resolution, custom, decryption secrets, ...) are skipped by length.
import { ChunkBuffer } from './chunk-buffer';
import { t } from '../l10n';
import { CaptureFormatError, MAX_FRAME, type CaptureReader, type CaptureFormat, type InterfaceDrops, type RawPacket, type ReaderSink } from './packet';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BOM = 0x1a2b3c4d;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const ISB = 5;
const EPB = 6;
/** A block longer than this is corruption, not data (the largest legitimate ones hold one frame). */
const MAX_BLOCK = MAX_FRAME + 64 * 1024;

interface Iface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (10^6 unless if_tsresol says otherwise). */
  unitsPerSec: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSec: number;
}

export class PcapngReader implements CaptureReader {
  readonly format: CaptureFormat = 'pcapng';
  private b = new ChunkBuffer();
  private le = true;
  private section = -1;
  private ifaces: Iface[] = [];
  private dropList: InterfaceDrops[] = [];
  private packets = 0;
  private unknownLinkWarned = false;
  private spbWarned = false;
  /** One packet object for the whole file: the sink copies what it keeps. */
  private pkt: RawPacket = { linkType: 0, sec: 0, nsec: 0, origLen: 0, data: new Uint8Array(0), iface: 0 };
  private lastSec = 0;
  private lastNsec = 0;

  constructor(private sink: ReaderSink) {}

  push(chunk: Uint8Array): void {
    const b = this.b;
    b.append(chunk);
    for (;;) {
      if (b.available() < 12) break;
      const type = b.view.getUint32(b.pos, this.le);
      if (type === PCAPNG_SHB) {
        // The byte order of the length is only known once the BOM is read.
        const bom = b.view.getUint32(b.pos + 8, true);
        if (bom === BOM) this.le = true;
        else if (b.view.getUint32(b.pos + 8, false) === BOM) this.le = false;
        else throw new CaptureFormatError(t('corrupt pcapng section header at byte {0}: bad byte-order magic', b.offset()));
      } else if (this.section < 0) {
        throw new CaptureFormatError(t('not a pcapng file'));
      }
      const len = b.view.getUint32(b.pos + 4, this.le);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
        throw new CaptureFormatError(t('corrupt pcapng block at byte {0}: length {1}', b.offset(), len));
      }
      if (b.available() < len) break;
      this.block(type, b.pos, len);
      b.pos += len;
    }
  }

  private block(type: number, at: number, len: number): void {
    const v = this.b.view;
    const le = this.le;
    const body = at + 8;
    const bodyEnd = at + len - 4;
    switch (type) {
      case PCAPNG_SHB:
        this.section++;
        this.ifaces = [];
        return;
      case IDB: {
        const iface: Iface = { linkType: v.getUint16(body, le), snaplen: v.getUint32(body + 4, le), unitsPerSec: 1e6, offsetSec: 0 };
        this.options(body + 8, bodyEnd, (code, o, olen) => {
          if (code === 9 && olen >= 1) {
            const r = this.b.buf[o];
            iface.unitsPerSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
          } else if (code === 14 && olen >= 8) {
            iface.offsetSec = Number(v.getBigInt64(o, le));
          }
        });
        this.ifaces.push(iface);
        return;
      }
      case EPB:
      case OBSOLETE_PB: {
        // Same layout after the interface id (32 bits in an EPB; 16 + a drop count in the old block).
        const id = type === EPB ? v.getUint32(body, le) : v.getUint16(body, le);
        const capLen = v.getUint32(body + 12, le);
        if (body + 20 + capLen > bodyEnd) throw new CaptureFormatError(t('corrupt pcapng packet block at byte {0}', this.b.base + at));
        this.emit(id, v.getUint32(body + 4, le), v.getUint32(body + 8, le), capLen, v.getUint32(body + 16, le), body + 20);
        return;
      }
      case SPB: {
        // No timestamp and no captured length: the frame fills the block up to the snaplen.
        const origLen = v.getUint32(body, le);
        const iface = this.ifaces[0];
        const capLen = Math.min(origLen, bodyEnd - body - 4, iface?.snaplen || Infinity);
        this.emit(0, -1, -1, capLen, origLen, body + 4);
        return;
      }
      case ISB: {
        const id = v.getUint32(body, le);
        const d: InterfaceDrops = { section: this.section, iface: id };
        this.options(body + 12, bodyEnd, (code, o, olen) => {
          if (olen < 8) return;
          const n = Number(v.getBigUint64(o, le));
          if (code === 4) d.received = n;
          else if (code === 5) d.ifDrop = n;
          else if (code === 7) d.osDrop = n;
        });
        // A capture may write several statistics blocks; the last one has the final counts.
        const i = this.dropList.findIndex((x) => x.section === d.section && x.iface === d.iface);
        if (i >= 0) this.dropList[i] = d;
        else this.dropList.push(d);
        return;
      }
      default:
        return; // unknown or unneeded block: skipped by its length
    }
  }

  private options(from: number, to: number, each: (code: number, at: number, len: number) => void): void {
    const v = this.b.view;
    let o = from;
    while (o + 4 <= to) {
      const code = v.getUint16(o, this.le);
      const olen = v.getUint16(o + 2, this.le);
      if (code === 0) return;
      if (o + 4 + olen > to) return; // a broken option list: keep what was read
      each(code, o + 4, olen);
      o += 4 + ((olen + 3) & ~3);
    }
  }

  private emit(id: number, hi: number, lo: number, capLen: number, origLen: number, at: number): void {
    const iface = this.ifaces[id];
    if (!iface) {
      if (!this.unknownLinkWarned) this.sink.warning(t('packets name interface {0}, which the section did not describe: skipped', id));
      this.unknownLinkWarned = true;
      return;
    }
    let sec = this.lastSec;
    let nsec = this.lastNsec;
    if (hi < 0 && !this.spbWarned) {
      this.spbWarned = true;
      this.sink.warning(t('simple packet blocks carry no timestamp: they are given the time of the packet before them'));
    }
    if (hi >= 0) {
      const units = iface.unitsPerSec;
      const ts = hi * 4294967296 + lo;
      if (ts <= Number.MAX_SAFE_INTEGER) {
        sec = Math.floor(ts / units);
        nsec = Math.round(((ts - sec * units) * 1e9) / units);
      } else {
        // Nanosecond (or finer) stamps of today's dates exceed 2^53: split them exactly.
        const big = (BigInt(hi) << 32n) | BigInt(lo);
        const u = BigInt(units);
        sec = Number(big / u);
        nsec = Number(((big % u) * 1000000000n) / u);
      }
      sec += iface.offsetSec;
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
    this.packets++;
    const p = this.pkt;
    p.linkType = iface.linkType;
    p.sec = sec;
    p.nsec = nsec;
    p.origLen = origLen;
    p.data = this.b.buf.subarray(at, at + capLen);
    p.iface = id;
    this.sink.packet(p);
  }

  end(): void {
    const left = this.b.available();
    if (this.section < 0) throw new CaptureFormatError(t('capture too short: {0} bytes, not even a pcapng section header', left));
    if (left > 0) {
      this.sink.warning(t('the capture is truncated: it ends inside a block after {0} packets ({1} bytes at the end were not read); was tcpdump killed?', this.packets, left));
    }
  }

  drops(): InterfaceDrops[] {
    return this.dropList;
  }
}
