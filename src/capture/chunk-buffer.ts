// The one buffering trick both file formats share: records are parsed straight out of the
// chunk the stream delivered, and only a record cut by the chunk boundary is copied (joined
// with the next chunk). That keeps the parse at memcpy speed with memory bounded by one chunk.

export class ChunkBuffer {
  buf: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(this.buf.buffer);
  pos = 0;
  /** Bytes consumed before `buf` started: for messages that name a file offset. */
  base = 0;

  append(chunk: Uint8Array): void {
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.base += this.buf.length;
      this.buf = chunk;
    } else {
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.buf.subarray(this.pos));
      joined.set(chunk, rest);
      this.base += this.pos;
      this.buf = joined;
    }
    this.pos = 0;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  available(): number {
    return this.buf.length - this.pos;
  }

  offset(): number {
    return this.base + this.pos;
  }
}
