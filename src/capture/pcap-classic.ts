// Classic libpcap files: a 24-byte header whose magic gives the byte order and the time unit
// (0xa1b2c3d4 microseconds, 0xa1b23c4d nanoseconds), then 16-byte record headers.
import { ChunkBuffer } from './chunk-buffer';
import { t } from '../l10n';
import { CaptureFormatError, MAX_FRAME, type CaptureReader, type CaptureFormat, type InterfaceDrops, type RawPacket, type ReaderSink } from './packet';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;

export class ClassicPcapReader implements CaptureReader {
  format: CaptureFormat = 'pcap';
  private b = new ChunkBuffer();
  private le = true;
  private nsScale = 1000;
  private linkType = -1;
  private packets = 0;
  /** One packet object for the whole file: the sink copies what it keeps. */
  private pkt: RawPacket = { linkType: 0, sec: 0, nsec: 0, origLen: 0, data: new Uint8Array(0), iface: 0 };

  constructor(private sink: ReaderSink) {}

  push(chunk: Uint8Array): void {
    const b = this.b;
    b.append(chunk);
    if (this.linkType < 0) {
      if (b.available() < 24) return;
      this.readHeader();
    }
    const v = b.view;
    const buf = b.buf;
    const le = this.le;
    const sink = this.sink;
    let pos = b.pos;
    const end = buf.length;
    while (end - pos >= 16) {
      const incl = v.getUint32(pos + 8, le);
      if (incl > MAX_FRAME) {
        b.pos = pos;
        throw new CaptureFormatError(t('corrupt pcap record at byte {0}: captured length {1} is not plausible', b.offset(), incl));
      }
      if (end - pos - 16 < incl) break;
      const p = this.pkt;
      p.linkType = this.linkType;
      p.sec = v.getUint32(pos, le);
      p.nsec = v.getUint32(pos + 4, le) * this.nsScale;
      p.origLen = v.getUint32(pos + 12, le);
      p.data = buf.subarray(pos + 16, pos + 16 + incl);
      sink.packet(p);
      this.packets++;
      pos += 16 + incl;
    }
    b.pos = pos;
  }

  private readHeader(): void {
    const b = this.b;
    const magicBE = b.view.getUint32(b.pos, false);
    const magicLE = b.view.getUint32(b.pos, true);
    if (magicBE === PCAP_MAGIC_US || magicBE === PCAP_MAGIC_NS) this.le = false;
    else if (magicLE === PCAP_MAGIC_US || magicLE === PCAP_MAGIC_NS) this.le = true;
    else throw new CaptureFormatError(t('not a pcap file'));
    const magic = this.le ? magicLE : magicBE;
    if (magic === PCAP_MAGIC_NS) {
      this.nsScale = 1;
      this.format = 'pcap-ns';
    }
    // The top bits of the link-type field may carry FCS information (pcap-savefile(5)).
    this.linkType = b.view.getUint32(b.pos + 20, this.le) & 0x0fffffff;
    b.pos += 24;
  }

  end(): void {
    const left = this.b.available();
    if (this.linkType < 0) {
      throw new CaptureFormatError(t('capture too short: {0} bytes, not even a pcap file header', left));
    }
    if (left > 0) {
      this.sink.warning(t('the capture is truncated: it ends inside a record after {0} packets ({1} bytes at the end were not read); was tcpdump killed?', this.packets, left));
    }
  }

  drops(): InterfaceDrops[] {
    return [];
  }
}
