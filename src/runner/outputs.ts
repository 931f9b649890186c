import type { CellOutcome } from '../cells/types';
import { MIME_CHART, MIME_ERROR, MIME_MARKDOWN, MIME_RESULT, MIME_STDOUT, MIME_SVG } from '../format/mimes';
import { toFileJson, type CellOutput } from '../format';
import { renderSvg } from '../charts/svg';
import type { RunError, RunOutput } from './types';

/** The outputs of a successful (or partial) run, in the order docs/format.md gives. */
export async function outcomeToOutputs(outcome: CellOutcome): Promise<{ outputs: RunOutput[]; result: Record<string, unknown> }> {
  const result = toFileJson(outcome.result) as Record<string, unknown>;
  const outputs: RunOutput[] = [
    {
      items: [
        { mime: MIME_RESULT, value: result },
        { mime: MIME_MARKDOWN, value: outcome.markdown },
      ],
      metadata: { xenlat: { role: 'result' } },
    },
  ];
  for (const chart of outcome.charts) {
    // The SVG is the chart for readers without the renderer (HTML export, other viewers).
    const svg = await renderSvg(chart.spec);
    outputs.push({
      items: [
        { mime: MIME_CHART, value: { title: chart.title, spec: chart.spec } },
        { mime: MIME_SVG, value: svg },
      ],
      metadata: { xenlat: { role: 'chart', chart: chart.id } },
    });
  }
  return { outputs, result };
}

export function errorToOutputs(error: RunError): RunOutput[] {
  // Kinds usually list their problems in the message already; add only what it lacks.
  const missing = (error.details ?? []).filter((d) => !error.message.includes(d.message));
  const stack = [error.message, ...missing.map((d) => `  line ${d.line}, column ${d.column}: ${d.message}`)].join('\n');
  return [{ items: [{ mime: MIME_ERROR, value: { name: error.name, message: error.message, stack } }] }];
}

export function progressOutput(message: string): RunOutput {
  return { items: [{ mime: MIME_STDOUT, value: message.endsWith('\n') ? message : message + '\n' }] };
}

/** Run outputs in the file's shape: what `xenlat run` stores and what the editor saves. */
export function toCellOutputs(outputs: RunOutput[]): CellOutput[] {
  return outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, value: i.value })), ...(o.metadata ? { metadata: o.metadata } : {}) }));
}
