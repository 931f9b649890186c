// Picks the reader from the first bytes (the magic numbers), so callers just stream a file in.
import { t } from '../l10n';
import { ClassicPcapReader, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-classic';
import { PcapngReader, PCAPNG_SHB } from './pcapng';
import { CaptureFormatError, type CaptureFormat, type CaptureReader, type InterfaceDrops, type ReaderSink } from './packet';

export class AutoReader implements CaptureReader {
  private inner: CaptureReader | undefined;
  private head: Uint8Array = new Uint8Array(0);

  constructor(private sink: ReaderSink) {}

  get format(): CaptureFormat {
    return this.inner?.format ?? 'pcap';
  }

  push(chunk: Uint8Array): void {
    if (this.inner) return this.inner.push(chunk);
    const joined = new Uint8Array(this.head.length + chunk.length);
    joined.set(this.head);
    joined.set(chunk, this.head.length);
    if (joined.length < 4) {
      this.head = joined;
      return;
    }
    this.inner = pickReader(joined, this.sink);
    this.head = new Uint8Array(0);
    this.inner.push(joined);
  }

  end(): void {
    if (!this.inner) throw new CaptureFormatError(this.head.length === 0 ? t('not a packet capture: the file is empty') : t('not a packet capture: the file is only {0} bytes', this.head.length));
    this.inner.end();
  }

  drops(): InterfaceDrops[] {
    return this.inner?.drops() ?? [];
  }
}

function pickReader(first: Uint8Array, sink: ReaderSink): CaptureReader {
  const v = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const be = v.getUint32(0, false);
  const le = v.getUint32(0, true);
  if (be === PCAPNG_SHB) return new PcapngReader(sink);
  if ([PCAP_MAGIC_US, PCAP_MAGIC_NS].includes(be) || [PCAP_MAGIC_US, PCAP_MAGIC_NS].includes(le)) return new ClassicPcapReader(sink);
  const hex = Array.from(first.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new CaptureFormatError(t('not a packet capture: the file starts with bytes {0}, not a pcap or pcapng magic number (write captures with tcpdump -w or Wireshark)', hex));
}
