import { parseCsv } from './csv';
import { t } from '../../l10n';

export interface Extracted {
  /** Values in the spec's unit, in file order. */
  values: Float64Array;
  /** Non-blank lines (text) or records (CSV, header included) read. */
  lines: number;
  /** Lines/records that gave no value: no `pattern` match or an empty CSV field. */
  skipped: number;
  /** The CSV header, when the first record was one. */
  header?: string[];
}

/** A problem with the file's contents, tied to a 1-based line of it. */
export class SampleFileError extends Error {
  constructor(readonly line: number | undefined, readonly detail: string) {
    super(detail);
    this.name = 'SampleFileError';
  }
}

/** How often long loops let the event loop run, so an abort can arrive and be honoured. */
const YIELD_EVERY = 100_000;

async function checkpoint(i: number, signal: AbortSignal | undefined): Promise<void> {
  if (i > 0 && i % YIELD_EVERY === 0) {
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  }
}

/** Strict number parsing: `Number('')` is 0 and `parseFloat('12ms')` is 12, both wrong here. */
export function parseSample(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

function checked(raw: string, line: number, where: string): number {
  const v = parseSample(raw);
  if (v === undefined) throw new SampleFileError(line, t('{0}"{1}" is not a number', where, shorten(raw)));
  if (v < 0) throw new SampleFileError(line, t('{0}{1} is negative; latencies must be ≥ 0', where, v));
  return v;
}

export async function extractCsv(text: string, column: number | string | undefined, signal?: AbortSignal): Promise<Extracted> {
  const records = parseCsv(text);
  if (records.length === 0) return { values: new Float64Array(0), lines: 0, skipped: 0 };
  const first = records[0];
  let index: number;
  let header: string[] | undefined;
  if (typeof column === 'string') {
    header = first.fields.map((f) => f.trim());
    index = header.indexOf(column.trim());
    if (index < 0) index = header.findIndex((h) => h.toLowerCase() === column.trim().toLowerCase());
    if (index < 0) {
      throw new SampleFileError(
        first.line,
        t('column "{0}" is not in the header (columns: {1})', column, header.map((h) => `"${shorten(h)}"`).join(', ')),
      );
    }
  } else {
    index = column ?? 0;
    if (parseSample(first.fields[index] ?? '') === undefined) header = first.fields.map((f) => f.trim());
  }
  const name = header ? `"${shorten(header[index])}"` : `${index}`;
  const values = new Float64Array(records.length);
  let count = 0;
  let skipped = 0;
  for (let r = header ? 1 : 0; r < records.length; r++) {
    await checkpoint(r, signal);
    const { fields, line } = records[r];
    if (index >= fields.length) {
      throw new SampleFileError(line, fields.length === 1 ? t('has {0} field, so no column {1}', fields.length, name) : t('has {0} fields, so no column {1}', fields.length, name));
    }
    if (fields[index].trim() === '') {
      skipped++;
      continue;
    }
    values[count++] = checked(fields[index], line, t('column {0}: ', name));
  }
  return { values: values.slice(0, count), lines: records.length, skipped, header };
}

export async function extractLines(text: string, pattern: string | undefined, signal?: AbortSignal): Promise<Extracted> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const re = pattern === undefined ? undefined : new RegExp(pattern);
  const all = text.split(/\r?\n/);
  const values = new Float64Array(all.length);
  let count = 0;
  let lines = 0;
  let skipped = 0;
  for (let i = 0; i < all.length; i++) {
    await checkpoint(i, signal);
    const text = all[i];
    if (text.trim() === '') continue;
    lines++;
    if (!re) {
      if (parseSample(text) === undefined) {
        throw new SampleFileError(
          i + 1,
          t('"{0}" is not a number (to pick values out of log lines, add a `pattern:` whose first capture group is the value)', shorten(text.trim())),
        );
      }
      values[count++] = checked(text, i + 1, '');
      continue;
    }
    const m = re.exec(text);
    if (!m || m[1] === undefined) {
      skipped++;
      continue;
    }
    values[count++] = checked(m[1], i + 1, t('the captured value '));
  }
  return { values: values.slice(0, count), lines, skipped };
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
