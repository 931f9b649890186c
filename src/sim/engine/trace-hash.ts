// A 64-bit fingerprint of a stream of numbers, for checking that two runs are byte-identical
// (the same seed must give the same hash on any machine). Two 32-bit FNV-1a lanes over the exact
// IEEE-754 bits of each number; not cryptographic, only meant to catch divergence.

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class TraceHash {
  private a = 0x811c9dc5 | 0;
  private b = 0x050c5d1f | 0; // a different offset basis makes the second lane independent
  /** Numbers hashed so far. */
  count = 0;

  /** Adds the exact bits of x (so 0 and -0, or two NaN payloads, hash differently). */
  add(x: number): this {
    f64[0] = x;
    let a = this.a;
    let b = this.b;
    // Bytes in little-endian order regardless of platform, so the hash is portable.
    for (let k = 0; k < 8; k++) {
      const byte = u8[LITTLE ? k : 7 - k];
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b ^ byte, 0x01000193);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    this.count++;
    return this;
  }

  /** 16 hex digits. */
  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
