// What the file readers hand to the decoders: one captured frame, its link type and its time.
// `data` is a view into the reader's buffer and the object itself is reused for the next
// packet, both valid only during the callback: whoever keeps anything copies it (the analysis
// never keeps payload, only header fields and sizes).

export interface RawPacket {
  /** LINKTYPE_* value of the interface the frame was captured on. */
  linkType: number;
  /** Capture time: whole seconds since the epoch and the nanoseconds within that second. */
  sec: number;
  nsec: number;
  /** Bytes on the wire (may exceed data.length when the snaplen cut the frame). */
  origLen: number;
  data: Uint8Array;
  /** pcapng interface index (0 for classic pcap). */
  iface: number;
}

export interface InterfaceDrops {
  /** Section number (0-based) and interface index within it. */
  section: number;
  iface: number;
  /** Packets dropped by the interface / the OS, as the interface statistics block reported. */
  ifDrop?: number;
  osDrop?: number;
  received?: number;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

/** Thrown for input that is not a capture at all (or is broken beyond reading on). */
export class CaptureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}

export interface ReaderSink {
  packet(p: RawPacket): void;
  warning(message: string): void;
}

/** A streaming reader: feed it chunks in file order, then call end(). */
export interface CaptureReader {
  readonly format: CaptureFormat;
  push(chunk: Uint8Array): void;
  end(): void;
  drops(): InterfaceDrops[];
}

/** Largest frame we accept; beyond it the length field is garbage, not a jumbo frame. */
export const MAX_FRAME = 256 * 1024;
