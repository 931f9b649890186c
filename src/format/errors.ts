// One error type for everything that can be wrong with a `.xenlat` file, so the editor, the CLI
// and the tests can all show "file:line:col: what is wrong" without knowing where it came from.
import { t } from '../l10n';

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
  /** `newer-version`: the format version the file declares, and the one this Xenlat reads. */
  versions?: { found: string; reads: number };
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
  versions?: { found: string; reads: number };

  constructor(message: string, init: FormatErrorInit = {}) {
    super(message);
    this.name = 'FormatError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.segments = init.segments;
    this.path = init.segments ? pathToString(init.segments) : init.path;
    this.code = init.code ?? 'invalid';
    if (init.versions) this.versions = init.versions;
  }

  /** `file:line:col: message (at $.path)`; parts that are unknown are left out. */
  override toString(): string {
    let where = this.file ?? '';
    if (this.line !== undefined) {
      where += `${where ? ':' : ''}${this.line}`;
      if (this.column !== undefined) where += `:${this.column}`;
    }
    const what = this.path && this.path !== '$' ? t('{0} (at {1})', this.message, this.path) : this.message;
    return `${where ? `${where}: ` : ''}${what}`;
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
      const n = next + 1;
      const byKey: Record<string, () => string> = {
        cells: () => t('cell {0}', n),
        outputs: () => t('output {0}', n),
        items: () => t('item {0}', n),
        source: () => t('source line {0}', n),
      };
      words.push(Object.hasOwn(byKey, seg) ? byKey[seg]!() : t('"{0}" entry {1}', seg, n));
      i++;
    } else if (typeof seg === 'string') words.push(t('the "{0}" field', seg));
    else words.push(t('entry {0}', seg + 1));
  }
  // a list in the reader's punctuation (Chinese joins with a full-width comma)
  return words.length ? words.reduce((a, b) => t('{0}, {1}', a, b)) : '';
}

/**
 * The message the editor shows for a file it cannot open (it shows only the message, without the
 * file name): where, in words, and that the file was left alone. A newer file says what to do.
 * `position: false` leaves out "Line 3, column 14" for a caller that puts `file:3:14:` before it.
 */
export function describeFormatError(err: FormatError, opts: { position?: boolean } = {}): string {
  if (err.code === 'newer-version' && err.versions) {
    return t(
      'This notebook was made by a newer Xenlat (format version {0}); this version reads version {1}. Update the Xenlat extension to open it; the file was not changed.',
      err.versions.found,
      err.versions.reads,
    );
  }
  if (err.code === 'newer-version') {
    // Said whole rather than edited out of the message, whose wording depends on the language.
    return t('This notebook was made by a newer Xenlat. Update the Xenlat extension to open it; the file was not changed.');
  }
  const inWords = err.segments && err.segments.length ? pathInWords(err.segments) : '';
  if (err.line !== undefined && opts.position !== false) {
    const where = t('Line {0}, column {1}', err.line, err.column ?? 1);
    return inWords
      ? t('{0}: {1} (in {2}). The file was not changed.', where, err.message, inWords)
      : t('{0}: {1}. The file was not changed.', where, err.message);
  }
  return inWords ? t('{0} (in {1}). The file was not changed.', err.message, inWords) : t('{0}. The file was not changed.', err.message);
}
