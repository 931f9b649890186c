import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { latencyCharts } from '../../charts/latency-charts';
import { formatCount } from '../../stats/format-ms';
import { sortedCopy } from '../../stats/sorted';
import { summarizeSorted } from '../../stats/summarize';
import { summaryTable } from '../markdown-table';
import { checkSpec, type SpecCheck } from '../spec/validate';
import { keyDocs } from '../spec/schema';
import { defineCellKind } from '../define-kind';
import { CellError, type CellContext, type CellOutcome, type CellResult, type CheckedSpec, type SpecDiagnostic } from '../types';
import { extractCsv, extractLines, SampleFileError, type Extracted } from './extract';
import { DATA_LANGUAGE, UNIT_TO_MS, dataSchema, type DataSpec } from './schema';

export interface DataResult extends CellResult {
  kind: 'xenlat-data';
  samples: Float64Array;
  source: { file?: string; lines: number; skipped: number };
}

export interface DataSpecCheck extends CheckedSpec {
  check: SpecCheck;
  spec: DataSpec;
  diagnostics: SpecDiagnostic[];
  ok: boolean;
}

/** Schema validation plus the rules that span keys (exactly one source, keys that don't apply). */
export function checkDataSpec(source: string): DataSpecCheck {
  const check = checkSpec(dataSchema, source);
  const diagnostics = [...check.diagnostics];
  const spec = check.value as unknown as DataSpec;
  const hasSamples = check.has('samples');
  const hasFile = check.has('file');
  if (hasSamples && hasFile) {
    for (const key of ['samples', 'file']) {
      diagnostics.push({
        severity: 'error',
        message: `${key}: use either "samples" or "file", not both`,
        path: key,
        range: check.keyRange(key),
      });
    }
  } else if (!hasSamples && !hasFile && !check.diagnostics.some((d) => d.message.startsWith('YAML'))) {
    diagnostics.push({
      severity: 'error',
      message: 'missing the samples: add "samples: [..]" (inline values) or "file: <path>" (CSV or text, relative to the notebook)',
      path: '',
      range: check.keyRange(''),
    });
  }
  if (hasSamples) {
    for (const key of ['format', 'column', 'pattern']) {
      if (check.has(key)) diagnostics.push(notApplicable(check, key, 'only applies to "file:"'));
    }
  } else if (hasFile) {
    const format = effectiveFormat(spec);
    if (format === 'csv' && check.has('pattern')) {
      diagnostics.push(notApplicable(check, 'pattern', 'only applies to text files (format: lines); CSV values come from "column:"'));
    }
    if (format === 'lines' && check.has('column')) {
      diagnostics.push(notApplicable(check, 'column', 'only applies to CSV files (format: csv); text lines use "pattern:"'));
    }
  }
  return { check, spec, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw };
}

function notApplicable(check: SpecCheck, key: string, why: string): SpecDiagnostic {
  return { severity: 'warning', message: `${key}: ignored here: ${why}`, path: key, range: check.keyRange(key) };
}

function effectiveFormat(spec: DataSpec): 'csv' | 'lines' {
  if (spec.format) return spec.format;
  return spec.file && extname(spec.file).toLowerCase() === '.csv' ? 'csv' : 'lines';
}

async function loadFile(spec: DataSpec, check: SpecCheck, ctx: CellContext): Promise<Extracted> {
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
    const message = `file: cannot read "${file}" (resolved to ${abs}): ${why}`;
    throw new CellError(message, [{ severity: 'error', message, path: 'file', range: where }]);
  }
  ctx.signal.throwIfAborted();
  try {
    return effectiveFormat(spec) === 'csv'
      ? await extractCsv(text, spec.column, ctx.signal)
      : await extractLines(text, spec.pattern, ctx.signal);
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

async function runData({ check, spec }: DataSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();

  let extracted: Extracted;
  if (spec.samples) {
    extracted = { values: Float64Array.from(spec.samples), lines: spec.samples.length, skipped: 0 };
  } else {
    ctx.progress({ message: `reading ${basename(spec.file!)}` });
    extracted = await loadFile(spec, check, ctx);
  }
  ctx.signal.throwIfAborted();

  if (extracted.values.length === 0) {
    const why = spec.pattern
      ? `no line matched pattern ${spec.pattern}`
      : extracted.lines === 0
        ? 'the file is empty'
        : 'every value is empty';
    const message = `file: no samples in "${spec.file}" (${formatCount(extracted.lines)} lines read, ${formatCount(extracted.skipped)} skipped: ${why})`;
    throw new CellError(message, [{ severity: 'error', message, path: 'file', range: check.valueRange('file') }]);
  }

  const factor = UNIT_TO_MS[spec.unit];
  const samples = extracted.values;
  if (factor !== 1) for (let i = 0; i < samples.length; i++) samples[i] *= factor;

  ctx.progress({ message: `summarizing ${formatCount(samples.length)} samples`, fraction: 0.5 });
  const sorted = sortedCopy(samples);
  const summary = summarizeSorted(sorted, spec.stallThresholdMs);
  ctx.signal.throwIfAborted();
  // Headed by the title, else the file the samples came from (mid-scroll, "latency histogram" alone says nothing).
  const charts = latencyCharts({ sortedMs: sorted, summary, title: spec.title ?? spec.file });

  const result: DataResult = {
    kind: DATA_LANGUAGE,
    summary,
    samples,
    source: {
      ...(spec.file !== undefined ? { file: spec.file } : {}),
      lines: extracted.lines,
      skipped: extracted.skipped,
    },
  };
  const heading = spec.title ? `**${spec.title}**\n\n` : '';
  return { result, charts, markdown: heading + summaryTable(summary) };
}

/** The cell a new notebook starts with. */
const TEMPLATE = ['title: latencies from a log', 'samples: [0.8, 0.9, 1.1, 1.0, 0.95, 102.4, 1.2, 0.85]', 'unit: ms', 'stallThresholdMs: 50'].join('\n');

export const dataCell = defineCellKind<DataSpecCheck>({
  language: DATA_LANGUAGE,
  check: checkDataSpec,
  keyDocs: () => keyDocs(dataSchema).map((d) => ({ ...d, docs: 'docs/data.md#spec-keys' })),
  runChecked: runData,
  template: TEMPLATE,
  templateIntro: '**Data**: latencies you already have, written inline, from a CSV column, or picked out of log lines with a regular expression.',
});
