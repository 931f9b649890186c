import { latencyCharts } from '../../charts/latency-charts';
import { formatCount } from '../../stats/format-ms';
import { sortedCopy } from '../../stats/sorted';
import { summarizeSorted } from '../../stats/summarize';
import { summaryTable } from '../markdown-table';
import { checkSpec, type SpecCheck } from '../spec/validate';
import { keyDocs } from '../spec/schema';
import { defineCellKind } from '../define-kind';
import type { CellContext, CellOutcome, CellResult, CheckedSpec, SpecDiagnostic } from '../types';
import { checkSampleSource, readSamples } from '../samples/source';
import { DATA_LANGUAGE, dataSchema, type DataSpec } from './schema';
import { msg, t } from '../../l10n';

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

/** Schema validation plus the rules that span the sample keys (src/cells/samples/source.ts). */
export function checkDataSpec(source: string): DataSpecCheck {
  const check = checkSpec(dataSchema, source);
  const spec = check.value as unknown as DataSpec;
  const diagnostics = [
    ...check.diagnostics,
    ...checkSampleSource(check, spec, t('missing the samples: add "samples: [..]" (inline values) or "file: <path>" (CSV or text, relative to the notebook)')),
  ];
  return { check, spec, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw };
}

async function runData({ check, spec }: DataSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();

  const extracted = await readSamples(spec, check, ctx);
  const samples = extracted.values;

  ctx.progress({ message: t('summarizing {0} samples', formatCount(samples.length)), fraction: 0.5 });
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
  templateIntro: msg('**Data**: latencies you already have, written inline, from a CSV column, or picked out of log lines with a regular expression.'),
});
