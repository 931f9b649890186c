// What every export reads out of a notebook: per code cell its result object, summary table,
// charts (spec + stored SVG) and error/text outputs, by MIME type and role. The exports
// (Markdown, CSV, trace, Jupyter) read results by their shape, never by cell kind, so a new
// kind's outputs export without touching them.
import { MIME_CHART, MIME_ERROR, MIME_MARKDOWN, MIME_RESULT, MIME_STDERR, MIME_STDOUT, MIME_SVG, MIME_TEXT, type CellOutput, type NotebookCell, type NotebookFile } from '../format';
import { findUrlReferences } from '../charts/url-guard';
import { t } from '../l10n';

export interface ExportedChart {
  /** The chart's id in its cell (output metadata `xenlat.chart`), else `chart-<n>`. */
  id: string;
  title: string;
  spec?: Record<string, unknown>;
  /** The stored SVG, if any. */
  svg?: string;
}

export interface ExportedOutput {
  /** The result object (samples decoded when the notebook was parsed with decoding on). */
  result?: Record<string, unknown>;
  markdown?: string;
  chart?: ExportedChart;
  error?: { name?: string; message?: string; stack?: string };
  text?: string;
}

export function readOutput(output: CellOutput, index: number): ExportedOutput {
  const item = (mime: string) => output.items.find((i) => i.mime === mime)?.value;
  const chart = item(MIME_CHART) as { title?: string; spec?: Record<string, unknown> } | undefined;
  const svg = item(MIME_SVG);
  const out: ExportedOutput = {};
  if (chart || typeof svg === 'string') {
    const meta = (output.metadata?.xenlat as { chart?: unknown } | undefined)?.chart;
    out.chart = {
      id: typeof meta === 'string' ? meta : `chart-${index + 1}`,
      title: chart?.title ?? 'chart',
      ...(chart?.spec ? { spec: chart.spec } : {}),
      ...(typeof svg === 'string' ? { svg } : {}),
    };
  }
  const result = item(MIME_RESULT);
  if (result && typeof result === 'object') out.result = result as Record<string, unknown>;
  const markdown = item(MIME_MARKDOWN);
  if (typeof markdown === 'string') out.markdown = markdown;
  const error = item(MIME_ERROR);
  if (error && typeof error === 'object') out.error = error as ExportedOutput['error'];
  for (const mime of [MIME_STDOUT, MIME_STDERR, MIME_TEXT]) {
    const text = item(mime);
    if (typeof text === 'string') out.text = (out.text ?? '') + text;
  }
  return out;
}

export function cellOutputs(cell: NotebookCell): ExportedOutput[] {
  return cell.outputs.map(readOutput);
}

/** The result object of a code cell, if it has one. */
export function cellResult(cell: NotebookCell): Record<string, unknown> | undefined {
  for (const o of cellOutputs(cell)) if (o.result) return o.result;
  return undefined;
}

/**
 * What running a cell again gave back beyond its stored result (a re-run that gave the stored
 * result again: src/runner/samples-again.ts): the samples a file leaves out, and every request's
 * record when the re-run was asked to keep them (`everyRequest`, in request order).
 */
export interface Regenerated {
  samples?: Float64Array;
  everyRequest?: unknown[];
}

/** The stored result with what a re-run gave back (samples only where the file left them out). */
export function withRegenerated(stored: Record<string, unknown>, again: Regenerated | undefined): Record<string, unknown> {
  if (!again) return stored;
  return {
    ...stored,
    ...(again.samples && stored.samples === undefined ? { samples: again.samples } : {}),
    ...(again.everyRequest ? { everyRequest: again.everyRequest } : {}),
  };
}

export type SvgRenderer = (spec: Record<string, unknown>) => Promise<string>;

/**
 * The chart's SVG: the stored one, else drawn from its spec (never one that loads a URL). A chart
 * that cannot be drawn is undefined (the export names it) rather than failing the whole export.
 */
export async function chartSvg(chart: ExportedChart, render?: SvgRenderer): Promise<string | undefined> {
  if (chart.svg) return chart.svg;
  if (!chart.spec || !render || findUrlReferences(chart.spec).length > 0) return undefined;
  return render(chart.spec).catch(() => undefined);
}

export function codeCells(notebook: NotebookFile): NotebookCell[] {
  return notebook.cells.filter((c) => c.kind === 'code');
}

/** A file-name-safe stem: cell ids already are ([A-Za-z0-9_-]), chart ids are checked here. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** The chart specs without a stored SVG (what an export must draw), each once. */
export function chartsToDraw(notebook: NotebookFile): Record<string, unknown>[] {
  const specs: Record<string, unknown>[] = [];
  for (const cell of codeCells(notebook)) {
    for (const o of cellOutputs(cell)) if (o.chart?.spec && !o.chart.svg && findUrlReferences(o.chart.spec).length === 0) specs.push(o.chart.spec);
  }
  return specs;
}

/** A renderer answering from SVGs drawn beforehand (in one batch, elsewhere), by spec identity. */
export function drawnSvgs(specs: readonly Record<string, unknown>[], svgs: readonly (string | undefined)[]): SvgRenderer {
  const bySpec = new Map(specs.map((s, i) => [s, svgs[i]]));
  return async (spec) => {
    const svg = bySpec.get(spec);
    if (svg === undefined) throw new Error('chart not drawn');
    return svg;
  };
}

/** "Ran <start> in <s> s with Xenlat <version>": how the HTML report and the Markdown export say when a result was made. */
export function ranLine(startTime: string, endTime: string | undefined, version: string): string {
  if (!endTime) return t('Ran {0} with Xenlat {1}', startTime, version);
  return t('Ran {0} in {1} s with Xenlat {2}', startTime, ((Date.parse(endTime) - Date.parse(startTime)) / 1000).toFixed(2), version);
}
