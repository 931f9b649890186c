// Loading: JSON.parse for speed, then a strict structural check. Positions are only computed
// (by re-scanning the text) once something is wrong, so valid files pay nothing for them.
import { t as say } from '../l10n';
import { FormatError, pathToString, type PathSegment } from './errors';
import { isValidCellId } from './ids';
import { findSyntaxError, lineColumn, locatePath } from './json-positions';
import { isJsonMime, isTextMime } from './mimes';
import { fromFileJsonAt, isBase64, isPlainObject, setOwn } from './samples-codec';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type CellExecution,
  type CellOutput,
  type Extra,
  type NotebookCell,
  type NotebookFile,
  type OutputItem,
  type ParseOptions,
} from './types';

export const TOP_KEYS = ['format', 'version', 'metadata', 'cells'] as const;
export const CELL_KEYS = ['id', 'kind', 'language', 'metadata', 'source', 'execution', 'outputs'] as const;
export const EXECUTION_KEYS = ['order', 'success', 'startTime', 'endTime'] as const;
export const OUTPUT_KEYS = ['items', 'metadata'] as const;
export const ITEM_KEYS = ['mime', 'value'] as const;

export function emptyNotebook(): NotebookFile {
  return { metadata: {}, cells: [] };
}

/**
 * Parses a `.xenlat` file. Throws FormatError (with file, line, column and JSON path) when the
 * text is not a valid notebook or was written by a newer Xenlat. Empty or whitespace-only text
 * is an empty notebook, since VS Code creates new files empty.
 */
export function parseNotebook(text: string, fileName?: string, options: ParseOptions = {}): NotebookFile {
  // A BOM is tolerated (some editors add one) and is not written back.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^[ \t\r\n]*$/.test(body)) return emptyNotebook();
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (e) {
    throw syntaxError(body, e as Error, fileName);
  }
  try {
    return readNotebook(root, body, options.decodeSamples ?? true);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    e.file = fileName;
    if (e.segments && e.line === undefined) Object.assign(e, lineColumn(body, locatePath(body, e.segments)));
    throw e;
  }
}

function syntaxError(body: string, cause: Error, fileName: string | undefined): FormatError {
  const problem = findSyntaxError(body);
  let offset = problem?.offset;
  let message = problem?.message;
  if (offset === undefined) {
    const m = /at position (\d+)/.exec(cause.message);
    offset = m ? Number(m[1]) : body.length;
    message = cause.message;
  }
  const { line, column } = lineColumn(body, offset);
  return new FormatError(say('invalid JSON: {0}', String(message)), { file: fileName, line, column, code: 'syntax' });
}

function fail(message: string, segments: readonly PathSegment[]): never {
  throw new FormatError(message, { segments });
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return say('an array');
  if (typeof v === 'object') return say('an object');
  if (typeof v === 'string') return say('a string ({0})', JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v));
  return typeof v === 'number' ? say('a number ({0})', String(v)) : say('a boolean ({0})', String(v));
}

function expectObject(v: unknown, segments: readonly PathSegment[], what: string): Record<string, unknown> {
  if (!isPlainObject(v)) fail(say('{0} must be an object, found {1}', what, typeName(v)), segments);
  return v;
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function extrasOf(obj: Record<string, unknown>, known: readonly string[]): Extra | undefined {
  let extra: Extra | undefined;
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    extra ??= {};
    setOwn(extra, key, obj[key]);
  }
  return extra;
}

function optionalMetadata(obj: Record<string, unknown>, segments: readonly PathSegment[]): Record<string, unknown> | undefined {
  if (!has(obj, 'metadata')) return undefined;
  const m = expectObject(obj.metadata, [...segments, 'metadata'], '"metadata"');
  return Object.keys(m).length > 0 ? m : undefined;
}

function lines(v: unknown, segments: readonly PathSegment[], what: string): string {
  if (!Array.isArray(v)) fail(say('{0} must be an array of lines (strings), found {1}', what, typeName(v)), segments);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') fail(say('{0} line must be a string, found {1}', what, typeName(v[i])), [...segments, i]);
  }
  return (v as string[]).join('\n');
}

export function checkVersion(version: unknown, segments: readonly PathSegment[]): void {
  let major: number | undefined;
  if (typeof version === 'number' && Number.isFinite(version)) major = Math.floor(version);
  else if (typeof version === 'string' && /^[0-9]+(\.[0-9]+)*$/.test(version)) major = parseInt(version, 10);
  if (major !== undefined && major > FORMAT_VERSION) {
    throw new FormatError(
      say('made by a newer Xenlat (format version {0}); this version reads version {1} — update Xenlat', String(version), FORMAT_VERSION),
      { segments, code: 'newer-version', versions: { found: String(version), reads: FORMAT_VERSION } },
    );
  }
  if (version !== FORMAT_VERSION) {
    fail(say('unsupported format version {0}; this version reads version {1} (an integer)', String(JSON.stringify(version)), FORMAT_VERSION), segments);
  }
}

function readNotebook(root: unknown, body: string, decode: boolean): NotebookFile {
  if (!isPlainObject(root)) fail(say('a Xenlat notebook must be a JSON object, found {0}', typeName(root)), []);
  if (!has(root, 'format')) fail(say('not a Xenlat notebook: missing "format": "{0}"', FORMAT_NAME), ['format']);
  if (root.format !== FORMAT_NAME) {
    fail(say('not a Xenlat notebook: "format" is {0}, expected "{1}"', String(JSON.stringify(root.format)), FORMAT_NAME), ['format']);
  }
  if (!has(root, 'version')) fail(say('missing "version"'), ['version']);
  checkVersion(root.version, ['version']);
  const metadata = has(root, 'metadata') ? expectObject(root.metadata, ['metadata'], '"metadata"') : {};
  if (!has(root, 'cells')) fail(say('missing "cells"'), ['cells']);
  if (!Array.isArray(root.cells)) fail(say('"cells" must be an array, found {0}', typeName(root.cells)), ['cells']);
  const firstUse = new Map<string, number>();
  const cells = root.cells.map((c: unknown, i: number) => {
    const cell = readCell(c, ['cells', i], decode);
    const first = firstUse.get(cell.id);
    if (first !== undefined) {
      const { line } = lineColumn(body, locatePath(body, ['cells', first, 'id']));
      fail(say('duplicate cell id "{0}" (also used by {1} at line {2})', cell.id, pathToString(['cells', first]), line), ['cells', i, 'id']);
    }
    firstUse.set(cell.id, i);
    return cell;
  });
  const nb: NotebookFile = { metadata, cells };
  const extra = extrasOf(root, TOP_KEYS);
  if (extra) nb.extra = extra;
  return nb;
}

function readCell(v: unknown, at: readonly PathSegment[], decode: boolean): NotebookCell {
  const c = expectObject(v, at, say('a cell'));
  if (!has(c, 'id')) fail(say('cell is missing "id"'), [...at, 'id']);
  if (!isValidCellId(c.id)) {
    fail(say('invalid cell id {0}: use 1-64 characters A-Z a-z 0-9 _ -', typeof c.id === 'string' ? JSON.stringify(c.id) : typeName(c.id)), [...at, 'id']);
  }
  if (c.kind !== 'markdown' && c.kind !== 'code') {
    fail(has(c, 'kind') ? say('cell "kind" must be "markdown" or "code", found {0}', typeName(c.kind)) : say('cell is missing "kind"'), [...at, 'kind']);
  }
  const kind = c.kind;
  let language = 'markdown';
  if (has(c, 'language') || kind === 'code') {
    if (typeof c.language !== 'string' || c.language === '') {
      fail(has(c, 'language') ? say('cell "language" must be a non-empty string, found {0}', typeName(c.language)) : say('code cell is missing "language"'), [...at, 'language']);
    }
    language = c.language;
  }
  const metadata = optionalMetadata(c, at);
  if (!has(c, 'source')) fail(say('cell is missing "source"'), [...at, 'source']);
  const source = lines(c.source, [...at, 'source'], '"source"');
  const cell: NotebookCell = { id: c.id, kind, language, source, outputs: [] };
  if (metadata) cell.metadata = metadata;
  if (kind === 'markdown') {
    for (const key of ['execution', 'outputs']) if (has(c, key)) fail(say('markdown cells have no "{0}"', key), [...at, key]);
  }
  if (has(c, 'execution')) cell.execution = readExecution(c.execution, [...at, 'execution']);
  if (has(c, 'outputs')) {
    if (!Array.isArray(c.outputs)) fail(say('"outputs" must be an array, found {0}', typeName(c.outputs)), [...at, 'outputs']);
    cell.outputs = c.outputs.map((o: unknown, i: number) => readOutput(o, [...at, 'outputs', i], decode));
  }
  const extra = extrasOf(c, CELL_KEYS);
  if (extra) cell.extra = extra;
  return cell;
}

function readExecution(v: unknown, at: readonly PathSegment[]): CellExecution {
  const e = expectObject(v, at, '"execution"');
  const ex: CellExecution = {};
  if (has(e, 'order')) {
    if (typeof e.order !== 'number' || !Number.isSafeInteger(e.order) || e.order < 0) {
      fail(say('"order" must be a non-negative integer, found {0}', typeName(e.order)), [...at, 'order']);
    }
    ex.order = e.order;
  }
  if (has(e, 'success')) {
    if (typeof e.success !== 'boolean') fail(say('"success" must be true or false, found {0}', typeName(e.success)), [...at, 'success']);
    ex.success = e.success;
  }
  if (has(e, 'startTime') !== has(e, 'endTime')) {
    fail(say('"startTime" and "endTime" go together'), [...at, has(e, 'startTime') ? 'endTime' : 'startTime']);
  }
  for (const key of ['startTime', 'endTime'] as const) {
    if (!has(e, key)) continue;
    const t = e[key];
    if (typeof t !== 'string' || !Number.isFinite(Date.parse(t))) {
      fail(say('"{0}" must be an ISO-8601 date-time string, found {1}', key, typeName(t)), [...at, key]);
    }
    ex[key] = t;
  }
  const extra = extrasOf(e, EXECUTION_KEYS);
  if (extra) ex.extra = extra;
  return ex;
}

function readOutput(v: unknown, at: readonly PathSegment[], decode: boolean): CellOutput {
  const o = expectObject(v, at, say('an output'));
  if (!has(o, 'items')) fail(say('output is missing "items"'), [...at, 'items']);
  if (!Array.isArray(o.items)) fail(say('"items" must be an array, found {0}', typeName(o.items)), [...at, 'items']);
  const out: CellOutput = { items: o.items.map((it: unknown, i: number) => readItem(it, [...at, 'items', i], decode)) };
  const metadata = optionalMetadata(o, at);
  if (metadata) out.metadata = metadata;
  const extra = extrasOf(o, OUTPUT_KEYS);
  if (extra) out.extra = extra;
  return out;
}

function readItem(v: unknown, at: readonly PathSegment[], decode: boolean): OutputItem {
  const it = expectObject(v, at, say('an output item'));
  if (typeof it.mime !== 'string' || it.mime === '') {
    fail(has(it, 'mime') ? say('"mime" must be a non-empty string, found {0}', typeName(it.mime)) : say('output item is missing "mime"'), [...at, 'mime']);
  }
  const mime = it.mime;
  const vat = [...at, 'value'];
  if (!has(it, 'value')) fail(say('output item is missing "value"'), vat);
  let value: unknown;
  let valueExtra: Extra | undefined;
  if (isJsonMime(mime)) {
    value = fromFileJsonAt(it.value, vat, decode);
  } else if (isTextMime(mime)) {
    value = lines(it.value, vat, say('"value" of a {0} item', mime));
  } else {
    const b = it.value;
    if (!isPlainObject(b) || typeof b.base64 !== 'string') {
      fail(say('"value" of a {0} item must be {1}, found {2}', mime, '{ "base64": "..." }', typeName(b)), vat);
    }
    if (!isBase64(b.base64)) fail(say('invalid base64'), [...vat, 'base64']);
    value = new Uint8Array(Buffer.from(b.base64, 'base64'));
    valueExtra = extrasOf(b, ['base64']);
  }
  const item: OutputItem = { mime, value };
  if (valueExtra) item.valueExtra = valueExtra;
  const extra = extrasOf(it, ITEM_KEYS);
  if (extra) item.extra = extra;
  return item;
}
