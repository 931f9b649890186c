// Zeroes the SASL credentials in a classic pcap file, in place: the probe captures its own traffic
// with a snaplen that keeps a whole SASL PLAIN body ("\0user\0password"), and no secret may stay on
// disk. Headers stay as they were, so the capture cell and the probe's join read the file as before.
import { open } from 'node:fs/promises';
import { t } from '../l10n';
import { ClassicPcapReader, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-classic';
import { decodeFrame, newSegment } from './decode';
import type { RawPacket } from './packet';

const SASL_AUTH = 0x21;
const SASL_STEP = 0x22;

/** The file could not be checked; the caller must not keep it. */
export class ScrubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScrubError';
  }
}

export interface ScrubStats {
  packets: number;
  /** SASL auth/step requests whose value (the credentials) was zeroed (a retransmission counts once). */
  saslMessages: number;
  /** Bytes overwritten with zeros. */
  bytes: number;
  /** A partial last record (tcpdump killed) was cut off, since it was never checked. */
  truncatedTail?: number;
}

/**
 * Finds the byte ranges (offsets into each packet's data) to zero. Client-to-server segments whose
 * payload starts at a binary request (magic 0x80) are walked message by message (24-byte header,
 * body length from the header); a SASL auth/step value is marked, and remembered by TCP sequence
 * number so that its rest is zeroed in a later segment (a value longer than a segment) or a
 * retransmission too.
 */
export class SaslScrubber {
  stats: ScrubStats = { packets: 0, saslMessages: 0, bytes: 0 };
  private seg = newSegment();
  /** Per client flow: the sequence ranges of credentials seen, [first byte, length]. */
  private secret = new Map<string, [number, number][]>();

  constructor(private serverPort: number) {}

  /** Returns the [from, to) ranges of `p.data` to zero; throws ScrubError when the frame cannot be read. */
  ranges(p: RawPacket): [number, number][] {
    this.stats.packets++;
    const s = decodeFrame(p.linkType, p.data, this.seg);
    if (s === 'link') throw new ScrubError(t('link type {0} is not one the scrubber can read', p.linkType));
    // A first IP fragment carries payload the decoder does not look into.
    if (s === 'fragment') throw new ScrubError(t('packet {0} is an IP fragment', this.stats.packets));
    if (typeof s === 'string' || s.dport !== this.serverPort || s.payload.length === 0) return [];
    const pl = s.payload;
    const base = pl.byteOffset - p.data.byteOffset;
    const flow = `${s.src}:${s.sport}>${s.dst}`;
    const out: [number, number][] = [];
    const known = this.secret.get(flow);
    for (const [from, len] of known ?? []) {
      // Signed distance in sequence space: where the range starts relative to this payload.
      const d = (from - s.seq) | 0;
      const a = Math.max(0, d);
      const b = Math.min(pl.length, d + len);
      if (b > a) out.push([base + a, base + b]);
    }
    let o = 0;
    while (o + 24 <= pl.length && pl[o] === 0x80) {
      const op = pl[o + 1];
      const keyLen = (pl[o + 2] << 8) | pl[o + 3];
      const bodyLen = ((pl[o + 8] << 24) | (pl[o + 9] << 16) | (pl[o + 10] << 8) | pl[o + 11]) >>> 0;
      const valueFrom = o + 24 + pl[o + 4] + keyLen;
      const end = o + 24 + bodyLen;
      const from = (s.seq + valueFrom) >>> 0;
      // A retransmitted message is already known: the ranges above covered it.
      if ((op === SASL_AUTH || op === SASL_STEP) && end > valueFrom && !known?.some((r) => r[0] === from)) {
        this.stats.saslMessages++;
        const list = known ?? [];
        list.push([from, end - valueFrom]);
        if (!known) this.secret.set(flow, list);
        if (valueFrom < pl.length) out.push([base + valueFrom, base + Math.min(end, pl.length)]);
      }
      o = end;
    }
    return out;
  }
}

/**
 * Scrubs a classic pcap file (as `tcpdump -w` writes it) in place, streaming: memory stays at one
 * read chunk. Throws ScrubError for a file it cannot check (pcapng, an unknown link type, a corrupt
 * record); the caller then deletes it rather than keep a password.
 */
export async function scrubSaslCredentials(file: string, serverPort: number): Promise<ScrubStats> {
  const fh = await open(file, 'r+');
  try {
    const scrubber = new SaslScrubber(serverPort);
    const writes: [number, number][] = [];
    let recordAt = 24;
    const reader = new ClassicPcapReader({
      packet(p) {
        const dataAt = recordAt + 16;
        for (const [a, b] of scrubber.ranges(p)) writes.push([dataAt + a, b - a]);
        recordAt = dataAt + p.data.length;
      },
      // Only a cut last record warns: it is cut off below.
      warning() {},
    });
    let pos = 0;
    for (;;) {
      // A new buffer each time: the reader may keep a view of the end of the last one.
      const chunk = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      if (pos === 0) checkMagic(chunk.subarray(0, bytesRead));
      pos += bytesRead;
      try {
        reader.push(chunk.subarray(0, bytesRead));
      } catch (e) {
        throw e instanceof ScrubError ? e : new ScrubError((e as Error).message);
      }
      for (const [at, n] of writes) {
        await fh.write(Buffer.alloc(n), 0, n, at);
        scrubber.stats.bytes += n;
      }
      writes.length = 0;
    }
    if (pos === 0) return scrubber.stats; // tcpdump wrote nothing: nothing to hide
    try {
      reader.end();
    } catch (e) {
      throw new ScrubError((e as Error).message);
    }
    if (pos > recordAt) {
      await fh.truncate(recordAt);
      scrubber.stats.truncatedTail = pos - recordAt;
    }
    return scrubber.stats;
  } finally {
    await fh.close();
  }
}

function checkMagic(head: Uint8Array): void {
  if (head.length < 4) return; // end() says it is too short
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magics = [PCAP_MAGIC_US, PCAP_MAGIC_NS];
  if (!magics.includes(v.getUint32(0, false)) && !magics.includes(v.getUint32(0, true))) throw new ScrubError(t('not a classic pcap file'));
}
