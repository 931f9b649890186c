// One error type for everything that can be wrong with a `.xenlat` file, so the editor, the CLI
// and the tests can all show "file:line:col: what is wrong" without knowing where it came from.

export interface FormatErrorInit {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, in UTF-16 code units (what VS Code and most editors count). */
  column?: number;
  /** JSON path such as `$.cells[2].source`. */
  path?: string;
  /** The same path as segments; takes precedence over `path` and lets the loader find line/column. */
  segments?: readonly PathSegment[];
  code?: FormatErrorCode;
}

/**
 * - `syntax`: not valid JSON.
 * - `invalid`: valid JSON, but not a valid Xenlat notebook.
 * - `newer-version`: written by a newer Xenlat; must not be edited or rewritten by this one.
 */
export type FormatErrorCode = 'syntax' | 'invalid' | 'newer-version';

export class FormatError extends Error {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  segments?: readonly PathSegment[];
  code: FormatErrorCode;

  constructor(message: string, init: FormatErrorInit = {}) {
    super(message);
    this.name = 'FormatError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.segments = init.segments;
    this.path = init.segments ? pathToString(init.segments) : init.path;
    this.code = init.code ?? 'invalid';
  }

  /** `file:line:col: message (at $.path)`; parts that are unknown are left out. */
  override toString(): string {
    let where = this.file ?? '';
    if (this.line !== undefined) {
      where += `${where ? ':' : ''}${this.line}`;
      if (this.column !== undefined) where += `:${this.column}`;
    }
    const at = this.path && this.path !== '$' ? ` (at ${this.path})` : '';
    return `${where ? `${where}: ` : ''}${this.message}${at}`;
  }
}

export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function pathToString(path: readonly PathSegment[]): string {
  let s = '$';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (IDENT.test(seg)) s += `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/** `$.cells[2].outputs[0]` in words: `cell 3, output 1`; `$.version`: `the "version" field`. */
export function pathInWords(segments: readonly PathSegment[]): string {
  const words: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const next = segments[i + 1];
    if (typeof seg === 'string' && typeof next === 'number') {
      const noun = { cells: 'cell', outputs: 'output', items: 'item', source: 'source line' }[seg] ?? `"${seg}" entry`;
      words.push(`${noun} ${next + 1}`);
      i++;
    } else if (typeof seg === 'string') words.push(`the "${seg}" field`);
    else words.push(`entry ${seg + 1}`);
  }
  return words.join(', ');
}

/**
 * The message the editor shows for a file it cannot open (it shows only the message, without the
 * file name): where, in words, and that the file was left alone. A newer file says what to do.
 */
export function describeFormatError(err: FormatError): string {
  if (err.code === 'newer-version') {
    return `This notebook was ${err.message.replace(/ — update Xenlat$/, '')}. Update the Xenlat extension to open it; the file was not changed.`;
  }
  const where = err.line !== undefined ? `Line ${err.line}, column ${err.column ?? 1}` : '';
  const inWords = err.segments && err.segments.length ? ` (in ${pathInWords(err.segments)})` : '';
  return `${where ? `${where}: ` : ''}${err.message}${inWords}. The file was not changed.`;
}
