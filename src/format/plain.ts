// The file <-> VS Code NotebookData mapping, as plain objects so it is testable without VS Code.
// Everything VS Code has no slot for (cell ids, unknown fields) rides in metadata under
// `xenlat`, so file -> editor -> file is lossless. See docs/format.md, "Editor mapping".
import { t } from '../l10n';
import { FormatError } from './errors';
import { isValidCellId, newCellId } from './ids';
import { isJsonMime, isTextMime } from './mimes';
import { fromFileJson, isPlainObject, setOwn, toFileJson } from './samples-codec';
import type {
  CellExecution,
  CellOutput,
  Extra,
  NotebookCell,
  NotebookFile,
  OutputItem,
  PlainCell,
  PlainExecutionSummary,
  PlainNotebookData,
  PlainOutput,
} from './types';

/** The metadata key under which the mapping keeps what VS Code has no place for. */
export const XENLAT_META_KEY = 'xenlat';

const NOTEBOOK_RESERVED = [XENLAT_META_KEY];
const CELL_RESERVED = ['id', XENLAT_META_KEY];
const OUTPUT_RESERVED = [XENLAT_META_KEY];

const utf8 = new TextEncoder();
// ignoreBOM: a text output that starts with U+FEFF must keep it.
const fromUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Bytes of an output item as VS Code holds them (JSON items keep `$samples` encoded). */
export function encodeOutputItem(mime: string, value: unknown): Uint8Array {
  if (isJsonMime(mime)) return utf8.encode(JSON.stringify(toFileJson(value)));
  if (isTextMime(mime)) {
    if (typeof value !== 'string') throw new Error(`output item ${mime} must hold a string`);
    return utf8.encode(value);
  }
  if (!(value instanceof Uint8Array)) throw new Error(`output item ${mime} must hold a Uint8Array`);
  return value;
}

/** Inverse of encodeOutputItem; `$samples` objects are only decoded when asked to. */
export function decodeOutputItem(mime: string, data: Uint8Array, options: { decodeSamples?: boolean } = {}): unknown {
  if (isJsonMime(mime)) {
    let value: unknown;
    try {
      value = JSON.parse(fromUtf8.decode(data));
    } catch (e) {
      throw new FormatError(t('output item {0} does not hold valid JSON: {1}', mime, (e as Error).message));
    }
    return options.decodeSamples ? fromFileJson(value) : value;
  }
  if (isTextMime(mime)) return fromUtf8.decode(data);
  return data;
}

/**
 * Puts the file's metadata at the top level of the editor's metadata (where other extensions
 * and the user see it) with `extras` beside it under `xenlat`. If the file's metadata itself uses
 * a reserved key, it is nested whole under `xenlat.metadata` instead, so nothing is shadowed.
 */
function wrapMetadata(
  fileMeta: Record<string, unknown> | undefined,
  reserved: readonly string[],
  xen: Record<string, unknown>,
  head: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...head };
  const meta = fileMeta ?? {};
  if (reserved.some((k) => Object.prototype.hasOwnProperty.call(meta, k))) {
    xen = { ...xen, metadata: meta };
  } else {
    for (const key of Object.keys(meta)) setOwn(out, key, meta[key]);
  }
  if (Object.keys(xen).length > 0) out[XENLAT_META_KEY] = xen;
  return out;
}

function unwrapMetadata(
  plainMeta: Record<string, unknown> | undefined,
  reserved: readonly string[],
): { metadata: Record<string, unknown> | undefined; xen: Record<string, unknown> } {
  const pm = plainMeta ?? {};
  const xen = isPlainObject(pm[XENLAT_META_KEY]) ? (pm[XENLAT_META_KEY] as Record<string, unknown>) : {};
  const metadata: Record<string, unknown> = isPlainObject(xen.metadata) ? { ...xen.metadata } : {};
  for (const key of Object.keys(pm)) {
    if (!reserved.includes(key)) setOwn(metadata, key, pm[key]);
  }
  return { metadata: Object.keys(metadata).length > 0 ? metadata : undefined, xen };
}

function extraFrom(v: unknown): Extra | undefined {
  return isPlainObject(v) && Object.keys(v).length > 0 ? v : undefined;
}

export function notebookToPlain(file: NotebookFile): PlainNotebookData {
  return {
    metadata: wrapMetadata(file.metadata, NOTEBOOK_RESERVED, file.extra ? { extra: file.extra } : {}),
    cells: file.cells.map(cellToPlain),
  };
}

function cellToPlain(cell: NotebookCell): PlainCell {
  const xen: Record<string, unknown> = {};
  if (cell.extra) xen.extra = cell.extra;
  if (cell.execution?.extra) xen.execution = cell.execution.extra;
  const plain: PlainCell = {
    kind: cell.kind === 'markdown' ? 'markup' : 'code',
    value: cell.source,
    languageId: cell.language || 'markdown',
    metadata: wrapMetadata(cell.metadata, CELL_RESERVED, xen, { id: cell.id }),
    outputs: cell.kind === 'code' ? cell.outputs.map(outputToPlain) : [],
  };
  if (cell.kind === 'code' && cell.execution) plain.executionSummary = executionToPlain(cell.execution);
  return plain;
}

function executionToPlain(e: CellExecution): PlainExecutionSummary {
  const s: PlainExecutionSummary = {};
  if (e.order !== undefined) s.executionOrder = e.order;
  if (e.success !== undefined) s.success = e.success;
  if (e.startTime !== undefined && e.endTime !== undefined) {
    s.timing = { startTime: Date.parse(e.startTime), endTime: Date.parse(e.endTime) };
  }
  return s;
}

/** One output in the editor's shape; also how the controller hands fresh run outputs to VS Code. */
export function outputToPlain(o: CellOutput): PlainOutput {
  const xen: Record<string, unknown> = {};
  if (o.extra) xen.extra = o.extra;
  if (o.items.some((it) => it.extra)) xen.items = o.items.map((it) => it.extra ?? null);
  if (o.items.some((it) => it.valueExtra)) xen.itemValues = o.items.map((it) => it.valueExtra ?? null);
  return {
    items: o.items.map((it) => ({ mime: it.mime, data: encodeOutputItem(it.mime, it.value) })),
    metadata: wrapMetadata(o.metadata, OUTPUT_RESERVED, xen),
  };
}

/**
 * Editor data back to the file shape. Cells without a valid id, or repeating an earlier cell's
 * id (VS Code copies metadata on copy/paste), get a fresh one. JSON output items are parsed but
 * their `$samples` stay encoded, so saving writes them back verbatim.
 */
export function plainToNotebook(data: PlainNotebookData): NotebookFile {
  const { metadata, xen } = unwrapMetadata(data.metadata, NOTEBOOK_RESERVED);
  const file: NotebookFile = { metadata: metadata ?? {}, cells: [] };
  const extra = extraFrom(xen.extra);
  if (extra) file.extra = extra;

  const taken = new Set<string>();
  for (const c of data.cells) {
    const id = c.metadata?.id;
    if (isValidCellId(id)) taken.add(id);
  }
  const used = new Set<string>();
  for (const c of data.cells) {
    const given = c.metadata?.id;
    let id: string;
    if (isValidCellId(given) && !used.has(given)) {
      id = given;
    } else {
      id = newCellId(taken);
      taken.add(id);
    }
    used.add(id);
    file.cells.push(plainToCell(c, id));
  }
  return file;
}

function plainToCell(c: PlainCell, id: string): NotebookCell {
  const { metadata, xen } = unwrapMetadata(c.metadata, CELL_RESERVED);
  const isCode = c.kind === 'code';
  const cell: NotebookCell = {
    id,
    kind: isCode ? 'code' : 'markdown',
    language: c.languageId || (isCode ? 'plaintext' : 'markdown'),
    source: c.value,
    outputs: isCode ? (c.outputs ?? []).map(plainToOutput) : [],
  };
  if (metadata) cell.metadata = metadata;
  const execExtra = extraFrom(xen.execution);
  if (isCode && (c.executionSummary || execExtra)) {
    const s = c.executionSummary ?? {};
    const e: CellExecution = {};
    if (s.executionOrder !== undefined) e.order = s.executionOrder;
    if (s.success !== undefined) e.success = s.success;
    if (s.timing) {
      e.startTime = new Date(s.timing.startTime).toISOString();
      e.endTime = new Date(s.timing.endTime).toISOString();
    }
    if (execExtra) e.extra = execExtra;
    cell.execution = e;
  }
  const extra = extraFrom(xen.extra);
  if (extra) cell.extra = extra;
  return cell;
}

function plainToOutput(o: PlainOutput): CellOutput {
  const { metadata, xen } = unwrapMetadata(o.metadata, OUTPUT_RESERVED);
  const itemExtras = Array.isArray(xen.items) ? xen.items : [];
  const valueExtras = Array.isArray(xen.itemValues) ? xen.itemValues : [];
  const out: CellOutput = {
    items: o.items.map((it, i): OutputItem => {
      const item: OutputItem = { mime: it.mime, value: decodeOutputItem(it.mime, it.data) };
      const extra = extraFrom(itemExtras[i]);
      if (extra) item.extra = extra;
      const valueExtra = extraFrom(valueExtras[i]);
      if (valueExtra && !isJsonMime(it.mime) && !isTextMime(it.mime)) item.valueExtra = valueExtra;
      return item;
    }),
  };
  if (metadata) out.metadata = metadata;
  const extra = extraFrom(xen.extra);
  if (extra) out.extra = extra;
  return out;
}
