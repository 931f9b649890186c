// memcached text (and meta) protocol framing: command lines, data blocks counted by the length
// the line announced, multi-line replies (VALUE ... END, STAT ... END). Lines are parsed for
// their words; data blocks are skipped without being copied.
import type { StreamSink } from './reassembly';
import { keyHash, type MessageSink, type WireMessage } from './messages';

/** Longest command line we accept (keys are <= 250 bytes; a long multi-get may reach this). */
const MAX_LINE = 16 * 1024;
const STORAGE = new Set(['set', 'add', 'replace', 'append', 'prepend', 'cas']);
// Only protocol words reach a result: any other first word (a stream that is not memcached, a
// desynchronised one) could be payload, and is reported as `other`.
const COMMANDS = new Set([...STORAGE, 'get', 'gets', 'gat', 'gats', 'delete', 'incr', 'decr', 'touch', 'stats', 'version', 'verbosity', 'flush_all', 'quit', 'mg', 'ms', 'md', 'ma', 'mn', 'me', 'cache_memlimit', 'shutdown', 'lru_crawler', 'slabs', 'watch']);
const REPLIES = new Set(['STORED', 'NOT_STORED', 'EXISTS', 'NOT_FOUND', 'DELETED', 'TOUCHED', 'OK', 'END', 'ERROR', 'CLIENT_ERROR', 'SERVER_ERROR', 'VERSION', 'VALUE', 'STAT', 'VA', 'HD', 'EN', 'NF', 'NS', 'EX', 'MN', 'RESET', 'BUSY']);
const replyWord = (w: string) => (REPLIES.has(w) ? w : /^\d+$/.test(w) ? 'number' : 'other');
const enc = new TextDecoder('latin1');

export class TextParser implements StreamSink {
  private line = new Uint8Array(256);
  private lineLen = 0;
  /** Data-block bytes (value + CRLF) still to skip. */
  private skip = 0;
  private msg: WireMessage | undefined;
  /** A reply that runs until END (VALUE and STAT lists). */
  private untilEnd = false;
  private lost = false;

  constructor(private out: MessageSink, private side: 'request' | 'response') {}

  data(b: Uint8Array, t: number, segStart: boolean): void {
    if (this.lost) {
      if (!segStart || !isLetter(b[0])) return;
      this.lost = false;
    }
    let i = 0;
    while (i < b.length) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, b.length - i);
        this.skip -= take;
        i += take;
        if (this.msg) this.msg.bytes += take;
        if (this.skip === 0 && !this.untilEnd) this.finish(t);
        continue;
      }
      if (!this.msg) this.msg = { kind: this.side, op: '', bytes: 0, firstT: t, lastT: t, missing: 0 };
      const nl = b.indexOf(10, i);
      const stop = nl < 0 ? b.length : nl + 1;
      this.appendLine(b, i, stop, t);
      this.msg!.bytes += stop - i;
      i = stop;
      if (this.lost) return;
      if (nl >= 0) this.onLine(t);
    }
  }

  gap(n: number, t: number): void {
    if (this.lost) return;
    if (this.skip > 0 && this.msg) {
      const take = Math.min(n, this.skip);
      this.skip -= take;
      this.msg.missing += take;
      this.msg.bytes += take;
      if (this.skip === 0 && !this.untilEnd) this.finish(t);
      if (n === take) return;
    }
    this.lose(t);
  }

  private appendLine(b: Uint8Array, from: number, to: number, t: number): void {
    const n = to - from;
    if (this.lineLen + n > MAX_LINE) {
      this.lose(t);
      return;
    }
    if (this.lineLen + n > this.line.length) {
      const bigger = new Uint8Array(Math.min(MAX_LINE, Math.max(this.line.length * 2, this.lineLen + n)));
      bigger.set(this.line.subarray(0, this.lineLen));
      this.line = bigger;
    }
    this.line.set(b.subarray(from, to), this.lineLen);
    this.lineLen += n;
  }

  private onLine(t: number): void {
    let end = this.lineLen - 1;
    if (end > 0 && this.line[end - 1] === 13) end--;
    const bytes = this.line.subarray(0, end);
    this.lineLen = 0;
    if (this.side === 'request') this.requestLine(bytes, t);
    else this.responseLine(bytes, t);
  }

  private requestLine(bytes: Uint8Array, t: number): void {
    const m = this.msg!;
    const words = splitWords(bytes);
    if (words.length === 0) return; // a bare CRLF: part of nothing
    const cmd = enc.decode(bytes.subarray(words[0][0], words[0][1])).toLowerCase();
    m.op = COMMANDS.has(cmd) ? cmd : 'other';
    const word = (k: number) => (k < words.length ? enc.decode(bytes.subarray(words[k][0], words[k][1])) : '');
    const last = word(words.length - 1);
    // The key hashed is the first one named; a multi-get's other keys only count in its size.
    const keyIdx = cmd === 'gat' || cmd === 'gats' ? 2 : 1;
    if (words.length > keyIdx && !['stats', 'version', 'verbosity', 'flush_all', 'quit', 'mn'].includes(cmd)) {
      m.keyHash = keyHash(bytes.subarray(words[keyIdx][0], words[keyIdx][1]));
    }
    if (STORAGE.has(cmd)) {
      m.quiet = last === 'noreply';
      this.skip = Number(word(4)) + 2;
    } else if (cmd === 'ms') {
      m.quiet = words.slice(3).some(([a, b2]) => b2 - a === 1 && bytes[a] === 0x71); // the q flag
      this.skip = Number(word(2)) + 2;
    } else {
      if (last === 'noreply') m.quiet = true;
      if (['mg', 'md', 'ma'].includes(cmd) && words.slice(2).some(([a, b2]) => b2 - a === 1 && bytes[a] === 0x71)) m.quiet = true;
    }
    if (!Number.isFinite(this.skip) || this.skip < 0) {
      this.lose(t);
      return;
    }
    if (this.skip === 0) this.finish(t);
  }

  private responseLine(bytes: Uint8Array, t: number): void {
    const m = this.msg!;
    const words = splitWords(bytes);
    const first = replyWord(words.length > 0 ? enc.decode(bytes.subarray(words[0][0], words[0][1])) : '');
    const word = (k: number) => (k < words.length ? enc.decode(bytes.subarray(words[k][0], words[k][1])) : '');
    if (first === 'VALUE') {
      this.untilEnd = true;
      m.values = (m.values ?? 0) + 1;
      m.op ||= 'VALUE';
      this.skip = Number(word(3)) + 2;
    } else if (first === 'STAT') {
      this.untilEnd = true;
      m.op ||= 'STAT';
    } else if (first === 'VA') {
      m.op = 'VA';
      m.status = 'VA';
      this.untilEnd = false;
      this.skip = Number(word(1)) + 2;
    } else {
      // END closes a VALUE/STAT list (or is a miss); any other word is a one-line reply.
      m.status = first === 'END' && m.values ? 'hit' : first === 'END' ? 'miss' : first;
      if (!m.op || first !== 'END') m.op = first;
      this.untilEnd = false;
      this.finish(t);
      return;
    }
    if (!Number.isFinite(this.skip) || this.skip < 0) this.lose(t);
  }

  private finish(t: number): void {
    const m = this.msg!;
    m.lastT = t;
    this.msg = undefined;
    this.out.message(m);
  }

  private lose(t: number): void {
    this.lost = true;
    this.msg = undefined;
    this.lineLen = 0;
    this.skip = 0;
    this.untilEnd = false;
    this.out.desync(t);
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function splitWords(b: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < b.length) {
    while (i < b.length && b[i] === 32) i++;
    const s = i;
    while (i < b.length && b[i] !== 32) i++;
    if (i > s) out.push([s, i]);
  }
  return out;
}
