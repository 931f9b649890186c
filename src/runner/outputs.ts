import type { CellOutcome } from '../cells/types';
import { MIME_CHART, MIME_ERROR, MIME_MARKDOWN, MIME_RESULT, MIME_STDOUT } from '../format/mimes';
import { toFileJson, type CellOutput } from '../format';
import type { RunError, RunOutput } from './types';
import { t } from '../l10n';

/**
 * The outputs of a successful (or partial) run, in the order docs/format.md gives. What a reader
 * needs is stored; what can be made again is not (docs/format.md, "What is stored"):
 * - no static SVG beside a chart: every export draws it from the stored Vega-Lite spec (they made
 *   up ~40% of a simulation cell, and the editor draws the spec itself);
 * - no raw samples when the kind reproduces its result byte for byte from the spec (and seed):
 *   `samplesOmitted` says how many there were; a re-run gives them back (the CSV export does).
 */
export async function outcomeToOutputs(outcome: CellOutcome, options: { keepSamples?: boolean } = {}): Promise<{ outputs: RunOutput[]; result: Record<string, unknown> }> {
  let stored = outcome.result;
  if (outcome.regenerable && stored.samples && !options.keepSamples) {
    const { samples, ...rest } = stored;
    stored = { ...rest, samplesOmitted: { count: samples.length, why: 'reproducible: running the cell again gives them' } };
  }
  const result = toFileJson(stored) as Record<string, unknown>;
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
    outputs.push({
      items: [{ mime: MIME_CHART, value: { title: chart.title, spec: chart.spec } }],
      metadata: { xenlat: { role: 'chart', chart: chart.id } },
    });
  }
  return { outputs, result };
}

export function errorToOutputs(error: RunError): RunOutput[] {
  // Kinds usually list their problems in the message already; add only what it lacks.
  const missing = (error.details ?? []).filter((d) => !error.message.includes(d.message));
  const stack = wrapLines([error.message, ...missing.map((d) => `  ${t('line {0}, column {1}: {2}', d.line, d.column, d.message)}`)].join('\n'));
  return [{ items: [{ mime: MIME_ERROR, value: { name: error.name, message: error.message, stack } }] }];
}

/**
 * The editor shows an error's `stack` as preformatted text, unwrapped: a one-sentence cause ran
 * off the right edge ("No server reachable at ...: is the server running ..." cut mid-word).
 * Lines are wrapped at spaces to `width` columns; continuation lines keep the line's indent.
 */
export function wrapLines(text: string, width = 100): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const indent = /^\s*/.exec(line)![0] + (line.startsWith('  line ') ? '  ' : '');
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= indent.length) break;
        out.push(rest.slice(0, cut));
        rest = indent + rest.slice(cut + 1);
      }
      out.push(rest);
      return out;
    })
    .join('\n');
}

/**
 * A cell the shell did not let run. Declined by the user: a plain line, not an error (not a
 * failure of the cell). Refused (e.g. a secret not stored): an error that names the cause; its
 * message is the whole of it, so no `stack` (the editor then shows `NotRun: <message>`).
 */
export function notRunOutputs(message: string, declined: boolean): RunOutput[] {
  if (declined) return [progressOutput(message)];
  return [{ items: [{ mime: MIME_ERROR, value: { name: 'NotRun', message } }] }];
}

export function progressOutput(message: string): RunOutput {
  return { items: [{ mime: MIME_STDOUT, value: message.endsWith('\n') ? message : message + '\n' }] };
}

/** Run outputs in the file's shape: what `xenlat run` stores and what the editor saves. */
export function toCellOutputs(outputs: RunOutput[]): CellOutput[] {
  return outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, value: i.value })), ...(o.metadata ? { metadata: o.metadata } : {}) }));
}
