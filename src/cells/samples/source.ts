// Samples a spec brings in itself: inline `samples`, or a CSV column / log lines of a `file`, in a
// `unit`. Shared by the kinds that read samples (the data cell; the explain cell when it runs
// alone), so the keys, their checks, their docs and their error messages are the same in both.
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { formatCount } from '../../stats/format-ms';
import type { FieldMap } from '../spec/schema';
import type { SpecCheck } from '../spec/validate';
import { CellError, type CellContext, type SpecDiagnostic } from '../types';
import { extractCsv, extractLines, SampleFileError, type Extracted } from './extract';
import { msg, t } from '../../l10n';

export const SAMPLE_SOURCE_KEYS = ['samples', 'file', 'format', 'column', 'pattern', 'unit'] as const;

export const sampleSourceFields: FieldMap = {
  samples: {
    type: 'numberList',
    min: 0,
    minItems: 1,
    unit: 'in `unit`',
    description: msg('Latency samples written inline, e.g. `[1.2, 0.9, 35]`. Use either `samples` or `file`.'),
  },
  file: {
    type: 'string',
    nonEmpty: true,
    description: msg('Path of a CSV or text file with the samples, relative to the notebook. Use either `samples` or `file`.'),
  },
  format: {
    type: 'enum',
    values: ['csv', 'lines'],
    description: msg(
      'How to read `file`: `csv` (one column holds the values) or `lines` (one value per line, or picked out by `pattern`). Default: `csv` for `.csv` files, else `lines`.',
    ),
  },
  column: {
    type: 'oneOf',
    options: [
      { type: 'integer', min: 0 },
      { type: 'string', nonEmpty: true },
    ],
    description: msg('CSV column holding the values: a header name or a 0-based index. Default: the first column.'),
  },
  pattern: {
    type: 'regex',
    groups: 1,
    description: msg(
      'Regular expression applied to each line of a `lines` file; its first capture group is the value. Lines that do not match are skipped (and counted).',
    ),
  },
  unit: {
    type: 'enum',
    values: ['us', 'ms', 's'],
    default: 'ms',
    description: msg('Unit of the values in `samples` or `file`; results are always in ms.'),
  },
};

/** The sample-source keys after validation, with defaults applied. */
export interface SampleSourceSpec {
  samples?: number[];
  file?: string;
  format?: 'csv' | 'lines';
  column?: number | string;
  pattern?: string;
  unit: 'us' | 'ms' | 's';
}

export const UNIT_TO_MS: Record<SampleSourceSpec['unit'], number> = { us: 1e-3, ms: 1, s: 1000 };

/** The rules that span the sample keys (exactly one source, keys that don't apply). */
export function checkSampleSource(check: SpecCheck, spec: SampleSourceSpec, missingMessage: string): SpecDiagnostic[] {
  const diagnostics: SpecDiagnostic[] = [];
  const hasSamples = check.has('samples');
  const hasFile = check.has('file');
  if (hasSamples && hasFile) {
    for (const key of ['samples', 'file']) {
      diagnostics.push({ severity: 'error', message: t('{0}: use either "samples" or "file", not both', key), path: key, range: check.keyRange(key) });
    }
  } else if (!hasSamples && !hasFile && !check.diagnostics.some((d) => d.message.startsWith('YAML'))) {
    diagnostics.push({ severity: 'error', message: missingMessage, path: '', range: check.keyRange('') });
  }
  if (hasSamples) {
    for (const key of ['format', 'column', 'pattern']) {
      if (check.has(key)) diagnostics.push(notApplicable(check, key, t('only applies to "file:"')));
    }
  } else if (hasFile) {
    const format = effectiveFormat(spec);
    if (format === 'csv' && check.has('pattern')) {
      diagnostics.push(notApplicable(check, 'pattern', t('only applies to text files (format: lines); CSV values come from "column:"')));
    }
    if (format === 'lines' && check.has('column')) {
      diagnostics.push(notApplicable(check, 'column', t('only applies to CSV files (format: csv); text lines use "pattern:"')));
    }
  }
  return diagnostics;
}

function notApplicable(check: SpecCheck, key: string, why: string): SpecDiagnostic {
  return { severity: 'warning', message: t('{0}: ignored here: {1}', key, why), path: key, range: check.keyRange(key) };
}

function effectiveFormat(spec: SampleSourceSpec): 'csv' | 'lines' {
  if (spec.format) return spec.format;
  return spec.file && extname(spec.file).toLowerCase() === '.csv' ? 'csv' : 'lines';
}

async function loadFile(spec: SampleSourceSpec, check: SpecCheck, ctx: CellContext): Promise<Extracted> {
  const file = spec.file!;
  const abs = resolve(ctx.notebookDir, file);
  const where = check.valueRange('file');
  let text: string;
  try {
    text = await readFile(abs, { encoding: 'utf8', signal: ctx.signal });
  } catch (e) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const err = e as NodeJS.ErrnoException;
    const why = err.code ? `${err.code}${describeErrno(err)}` : err.message;
    const message = t('file: cannot read "{0}" (resolved to {1}): {2}', file, abs, why);
    throw new CellError(message, [{ severity: 'error', message, path: 'file', range: where }]);
  }
  ctx.signal.throwIfAborted();
  try {
    return effectiveFormat(spec) === 'csv' ? await extractCsv(text, spec.column, ctx.signal) : await extractLines(text, spec.pattern, ctx.signal);
  } catch (e) {
    if (!(e instanceof SampleFileError)) throw e;
    const message = `${file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.detail}`;
    throw new CellError(message, [{ severity: 'error', message, path: 'file', range: where }]);
  }
}

function describeErrno(err: NodeJS.ErrnoException): string {
  // Node's message repeats the code and the path ("ENOENT: no such file or directory, open '…'").
  const m = /^[A-Z]+: ([^,]+)/.exec(err.message);
  return m ? ` (${m[1]})` : '';
}

/** The samples in ms, with how many lines were read and skipped; a CellError when there are none. */
export async function readSamples(spec: SampleSourceSpec, check: SpecCheck, ctx: CellContext): Promise<Extracted> {
  let extracted: Extracted;
  if (spec.samples) {
    extracted = { values: Float64Array.from(spec.samples), lines: spec.samples.length, skipped: 0 };
  } else {
    ctx.progress({ message: t('reading {0}', basename(spec.file!)) });
    extracted = await loadFile(spec, check, ctx);
  }
  ctx.signal.throwIfAborted();
  if (extracted.values.length === 0) {
    const why = spec.pattern ? t('no line matched pattern {0}', spec.pattern) : extracted.lines === 0 ? t('the file is empty') : t('every value is empty');
    const message = t('file: no samples in "{0}" ({1} lines read, {2} skipped: {3})', String(spec.file), formatCount(extracted.lines), formatCount(extracted.skipped), why);
    throw new CellError(message, [{ severity: 'error', message, path: 'file', range: check.valueRange('file') }]);
  }
  const factor = UNIT_TO_MS[spec.unit];
  const samples = extracted.values;
  if (factor !== 1) for (let i = 0; i < samples.length; i++) samples[i] *= factor;
  return extracted;
}
