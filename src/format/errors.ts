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
