// A minimal JSON scanner, used only after something went wrong: JSON.parse is far faster for the
// happy path but reports neither paths nor (in every Node version) positions. This scanner finds
// the first syntax error, and the source offset of the value at a JSON path.
import { t as say } from '../l10n';
import type { PathSegment } from './errors';

export interface JsonSyntaxProblem {
  offset: number;
  message: string;
}

class ScanError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function describe(ch: string | undefined): string {
  return ch === undefined ? say('end of file') : JSON.stringify(ch);
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  fail(message: string, at = this.pos): never {
    throw new ScanError(message, at);
  }

  /**
   * Consumes one value (whitespace before it must already be skipped) and returns the offset of
   * the deepest value along `target` that exists in it (the value itself if none deeper).
   */
  value(target: readonly PathSegment[], depth: number): number {
    const start = this.pos;
    const ch = this.text[start];
    const seg = depth < target.length ? target[depth] : undefined;
    let found = start;
    if (ch === '{') {
      this.pos++;
      this.ws();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return start;
      }
      for (;;) {
        if (this.text[this.pos] !== '"') {
          this.fail(say('expected a property name (a double-quoted string), found {0}', describe(this.text[this.pos])));
        }
        const key = this.string();
        this.ws();
        if (this.text[this.pos] !== ':') this.fail(say("expected ':' after property name, found {0}", describe(this.text[this.pos])));
        this.pos++;
        this.ws();
        // The last duplicate wins, as in JSON.parse.
        if (key === seg) found = this.value(target, depth + 1);
        else this.value(target, target.length);
        this.ws();
        const c = this.text[this.pos];
        if (c === ',') {
          this.pos++;
          this.ws();
          continue;
        }
        if (c === '}') {
          this.pos++;
          return found;
        }
        this.fail(say("expected ',' or '}' after property value, found {0}", describe(c)));
      }
    }
    if (ch === '[') {
      this.pos++;
      this.ws();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return start;
      }
      for (let i = 0; ; i++) {
        if (i === seg) found = this.value(target, depth + 1);
        else this.value(target, target.length);
        this.ws();
        const c = this.text[this.pos];
        if (c === ',') {
          this.pos++;
          this.ws();
          continue;
        }
        if (c === ']') {
          this.pos++;
          return found;
        }
        this.fail(say("expected ',' or ']' after array element, found {0}", describe(c)));
      }
    }
    if (ch === '"') {
      this.string();
      return start;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      this.number();
      return start;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (this.text.startsWith(lit, start)) {
        this.pos += lit.length;
        return start;
      }
    }
    this.fail(say('expected a value, found {0}', describe(ch)));
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    let simple = true;
    for (;;) {
      if (p >= t.length) this.fail(say('unterminated string'), start);
      const c = t.charCodeAt(p);
      if (c === 34) break;
      if (c < 0x20) this.fail(say('control character in string (write it as an escape such as \\n)'), p);
      if (c === 92) {
        simple = false;
        const e = t[p + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(p + 2, p + 6))) this.fail(say('invalid \\u escape in string'), p);
          p += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(say('invalid escape {0} in string', describe('\\' + (e ?? ''))), p);
        p += 2;
        continue;
      }
      p++;
    }
    this.pos = p + 1;
    return simple ? t.slice(start + 1, p) : (JSON.parse(t.slice(start, p + 1)) as string);
  }

  private number(): void {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (!r || r[0] === '-') this.fail(say('invalid number'));
    this.pos += r[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail(say('invalid number'));
  }

  document(target: readonly PathSegment[]): number {
    this.ws();
    const found = this.value(target, 0);
    this.ws();
    if (this.pos < this.text.length) this.fail(say('unexpected {0} after the end of the JSON value', describe(this.text[this.pos])));
    return found;
  }
}

/** The first syntax error in `text`, or undefined if it is valid JSON. */
export function findSyntaxError(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).document([]);
    return undefined;
  } catch (e) {
    if (e instanceof ScanError) return { offset: e.offset, message: e.message };
    return undefined; // e.g. a stack overflow on absurd nesting: let the caller fall back
  }
}

/**
 * Offset of the value at `path`, or of its deepest existing ancestor when the path leads to a
 * missing key (so "cell is missing id" points at the cell).
 */
export function locatePath(text: string, path: readonly PathSegment[]): number {
  try {
    return new Scanner(text).document(path);
  } catch {
    return 0;
  }
}

/** 1-based line and column (UTF-16 code units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Offset of the `index`-th character (UTF-16 unit) of the JSON string literal starting at `at`,
 * stepping over escapes, so a position inside a decoded string maps back to the file.
 * Offsets that are not a string literal come back unchanged.
 */
export function offsetInStringLiteral(text: string, at: number, index: number): number {
  if (text[at] !== '"') return at;
  let i = at + 1;
  for (let k = 0; k < index && i < text.length && text[i] !== '"'; k++) {
    i += text[i] !== '\\' ? 1 : text[i + 1] === 'u' ? 6 : 2;
  }
  return i;
}
