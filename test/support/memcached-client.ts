// A minimal memcached client over one raw socket for recording captures: binary or text
// requests written exactly as given (split writes included), answers counted by framing.
import { connect, type Socket } from 'node:net';

export function binaryRequest(opcode: number, key: string, value = '', opaque = 0, extras = Buffer.alloc(0)): Buffer {
  const k = Buffer.from(key);
  const v = Buffer.from(value);
  const h = Buffer.alloc(24);
  h[0] = 0x80;
  h[1] = opcode;
  h.writeUInt16BE(k.length, 2);
  h[4] = extras.length;
  h.writeUInt32BE(extras.length + k.length + v.length, 8);
  h.writeUInt32BE(opaque, 12);
  return Buffer.concat([h, extras, k, v]);
}

export const setExtras = () => Buffer.alloc(8);

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private constructor(readonly sock: Socket) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(port: number, noDelay = true): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.setNoDelay(noDelay);
      s.once('error', reject);
    });
  }

  write(b: Buffer | string): void {
    this.sock.write(b);
  }

  private async until(pred: () => number): Promise<void> {
    for (;;) {
      const n = pred();
      if (n > 0) {
        this.buf = this.buf.subarray(n);
        return;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Waits for `count` binary responses. */
  async binaryResponses(count = 1): Promise<void> {
    for (let i = 0; i < count; i++) await this.until(() => (this.buf.length >= 24 && this.buf.length >= 24 + this.buf.readUInt32BE(8) ? 24 + this.buf.readUInt32BE(8) : 0));
  }

  /** Waits until the text reply ending with `terminator` (e.g. "END\r\n", "STORED\r\n") arrived. */
  async textReply(terminator: string): Promise<void> {
    await this.until(() => {
      const i = this.buf.indexOf(terminator);
      return i < 0 ? 0 : i + terminator.length;
    });
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.sock.once('close', () => r());
      this.sock.end();
    });
  }
}
