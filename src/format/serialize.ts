// Saving: build objects whose key insertion order is the file's key order, then pretty-print
// them (pretty-json.ts). One line per source line keeps diffs to one hunk per edit.
import { isValidCellId } from './ids';
import { prettyJson } from './pretty-json';
import { isJsonMime, isTextMime } from './mimes';
import { CELL_KEYS, EXECUTION_KEYS, ITEM_KEYS, OUTPUT_KEYS, TOP_KEYS } from './parse';
import { isPlainObject, setOwn, toFileJson } from './samples-codec';
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type CellExecution,
  type CellOutput,
  type Extra,
  type NotebookCell,
  type NotebookFile,
  type OutputItem,
} from './types';

export function serializeNotebook(nb: NotebookFile): string {
  const doc: Record<string, unknown> = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    metadata: nb.metadata ?? {},
    cells: cellsToFile(nb.cells),
  };
  addExtra(doc, nb.extra, TOP_KEYS);
  return `${prettyJson(doc)}\n`;
}

/** Known keys always win: an in-memory `extra` can never shadow or reorder them. */
function addExtra(target: Record<string, unknown>, extra: Extra | undefined, known: readonly string[]): void {
  if (!extra) return;
  for (const key of Object.keys(extra)) {
    if (!known.includes(key)) setOwn(target, key, extra[key]);
  }
}

function nonEmpty(m: Record<string, unknown> | undefined): m is Record<string, unknown> {
  return m !== undefined && Object.keys(m).length > 0;
}

/** Sources and text outputs: `[]` for the empty string, so new cells stay one line. */
export function toLines(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

/** Windows line breaks become `\n`; a run of CRs before an LF goes with it (idempotent). */
export function normalizeSource(text: string): string {
  return text.includes('\r') ? text.replace(/\r+\n/g, '\n') : text;
}

function cellsToFile(cells: readonly NotebookCell[]): unknown[] {
  const seen = new Set<string>();
  return cells.map((cell, i) => {
    // Refuse to write what the loader would refuse to read.
    if (!isValidCellId(cell.id)) throw new Error(`cell ${i} has an invalid id ${JSON.stringify(cell.id)}`);
    if (seen.has(cell.id)) throw new Error(`cell ${i} has a duplicate id ${JSON.stringify(cell.id)}`);
    seen.add(cell.id);
    if (cell.kind !== 'code' && cell.kind !== 'markdown') throw new Error(`cell ${i} has an invalid kind ${JSON.stringify(cell.kind)}`);
    const out: Record<string, unknown> = { id: cell.id, kind: cell.kind };
    if (cell.kind === 'code') {
      if (!cell.language) throw new Error(`code cell ${i} has no language`);
      out.language = cell.language;
    } else if (cell.language && cell.language !== 'markdown') {
      out.language = cell.language;
    }
    if (nonEmpty(cell.metadata)) out.metadata = cell.metadata;
    // `\r+\n`, not `\r\n`: "\r\r\n" would otherwise become "\r\n" and change again on the next save.
    out.source = toLines(normalizeSource(cell.source));
    if (cell.kind === 'markdown') {
      if (cell.execution || cell.outputs?.length) throw new Error(`markdown cell ${i} cannot have execution or outputs`);
    } else {
      if (cell.execution) out.execution = executionToFile(cell.execution);
      if (cell.outputs?.length) out.outputs = cell.outputs.map(outputToFile);
    }
    addExtra(out, cell.extra, CELL_KEYS);
    return out;
  });
}

function executionToFile(e: CellExecution): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.order !== undefined) out.order = e.order;
  if (e.success !== undefined) out.success = e.success;
  if (e.startTime !== undefined) out.startTime = e.startTime;
  if (e.endTime !== undefined) out.endTime = e.endTime;
  addExtra(out, e.extra, EXECUTION_KEYS);
  return out;
}

function outputToFile(o: CellOutput): Record<string, unknown> {
  const out: Record<string, unknown> = { items: o.items.map(itemToFile) };
  if (nonEmpty(o.metadata)) out.metadata = o.metadata;
  addExtra(out, o.extra, OUTPUT_KEYS);
  return out;
}

function itemToFile(item: OutputItem): Record<string, unknown> {
  const value = itemValueToFile(item.mime, item.value);
  if (item.valueExtra && isPlainObject(value) && typeof value.base64 === 'string') addExtra(value, item.valueExtra, ['base64']);
  return addExtraReturning({ mime: item.mime, value }, item.extra, ITEM_KEYS);
}

function addExtraReturning(target: Record<string, unknown>, extra: Extra | undefined, known: readonly string[]) {
  addExtra(target, extra, known);
  return target;
}

export function itemValueToFile(mime: string, value: unknown): unknown {
  if (isJsonMime(mime)) {
    if (value === undefined) throw new Error(`output item ${mime} has no value`);
    return toFileJson(value);
  }
  if (isTextMime(mime)) {
    if (typeof value !== 'string') throw new Error(`output item ${mime} must hold a string`);
    return toLines(value);
  }
  if (!(value instanceof Uint8Array)) {
    throw new Error(`output item ${mime} must hold a Uint8Array${isPlainObject(value) ? ' (is its MIME type meant to end in +json?)' : ''}`);
  }
  return { base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
}
