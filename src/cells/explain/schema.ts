// The xenlat-explain spec: what was observed (another cell's stored result, or the data-cell
// keys so the cell runs alone), which hypotheses with which fit ranges, and the run settings.
import { CONFIG_DOCS, type ConfigKeyDoc } from '../../sim/xen/config';
import { PRESETS } from '../../sim/xen/presets';
import { sampleSourceFields } from '../samples/source';
import { configFieldType } from '../spec/config-field';
import type { FieldMap, FieldSpec, SpecSchema } from '../spec/schema';
import { msg, t, tr } from '../../l10n';
import { DEFAULT_FITS } from './default-fits';

export const EXPLAIN_LANGUAGE = 'xenlat-explain';

export const DEFAULT_REQUESTS = 40_000;

/** Preset names, read when asked: a preset added to the simulator is a hypothesis at once. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

function fitText(name: string): string {
  const fit = DEFAULT_FITS[name];
  if (!fit) return t('its own values');
  const keys = Object.entries(fit);
  return keys.length ? keys.map(([k, v]) => `${k} ∈ [${v.join(', ')}]`).join(', ') : t('its own values');
}

function presetList(names: readonly string[]): string {
  return names.map((n) => `• ${n}: ${t('{0} Default fit: {1}.', tr((PRESETS as Record<string, { summary: string }>)[n]!.summary), fitText(n))}`).join('\n');
}

/** `fit:` keys: every model key (dotted, or nested as in a sim spec), each with a list of values to try. */
function fitFields(docs: readonly ConfigKeyDoc[] = CONFIG_DOCS): FieldMap {
  return Object.fromEntries(
    docs.map((d): [string, FieldSpec] => [
      d.path,
      { type: 'list', items: configFieldType(d), minItems: 1, description: t('Values of {0} to try (every combination with the other fit keys): {1}', d.path, tr(d.description)) },
    ]),
  );
}

export function explainSchema(): SpecSchema {
  const names = presetNames();
  const d = sampleSourceFields;
  return {
    language: EXPLAIN_LANGUAGE,
    fields: {
      title: { type: 'string', description: msg('Title shown on the charts and in reports.') },
      observed: {
        type: 'string',
        nonEmpty: true,
        description:
          msg('Id of the data, probe or capture cell of this notebook whose stored result is the observation (its samples; a probe result also says which stalls were its own pauses; a capture cell\'s wire latencies are compared with what a capture inside the client guest would see of each hypothesis). Run that cell first. Instead of `observed`, the data-cell keys (`samples`, or `file` with `column`/`pattern`, `unit`) read the samples directly.'),
      },
      samples: d.samples,
      file: d.file,
      format: d.format,
      column: d.column,
      pattern: d.pattern,
      unit: d.unit,
      hypotheses: {
        type: 'list',
        minItems: 1,
        items: {
          type: 'oneOf',
          options: [
            { type: 'enum', values: names },
            {
              type: 'object',
              fields: {
                preset: { type: 'enum', values: names, required: true, description: t('The hypothesis: a preset of the simulator.') + '\n' + presetList(names) },
                fit: {
                  type: 'object',
                  dottedKeys: true,
                  fields: fitFields(),
                  description: msg('Model keys to search and the values to try, e.g. `neighbours.cpuBound: [1, 2, 3]` (every combination is a candidate). Without `fit`, the preset\'s default ranges.'),
                },
              },
            },
          ],
        },
        description:
          t('The hypotheses to rank: a list of preset names, or items `{preset: name, fit: {key: [values]}}` giving the model keys to search. Default: every preset with its default fit ranges:') +
          '\n' +
          names.map((n) => `• ${n}: ${fitText(n)}`).join('\n'),
      },
      stallThresholdMs: {
        type: 'number',
        exclusiveMin: 0,
        unit: 'ms',
        description: msg('Requests slower than this are stalls. Default: 4 × the observed median, at least 10 ms.'),
      },
      seed: { type: 'integer', min: 0, max: 2 ** 32 - 2, default: 1, description: msg('Seed of every candidate run (the best of each hypothesis is rerun with seed + 1 to measure its noise). Same spec and seed, same ranking.') },
      requests: { type: 'integer', min: 1000, max: 1_000_000, default: DEFAULT_REQUESTS, description: msg('Simulated requests per candidate (each hypothesis × each fit-grid point).') },
      expect: {
        type: 'enum',
        values: names,
        description: msg('The hypothesis you expect first. The cell fails (and `xenlat run` exits non-zero) when the ranking no longer puts it first or tied first, so CI guards the conclusion.'),
      },
    },
  };
}

export interface ExplainSpec {
  title?: string;
  observed?: string;
  stallThresholdMs?: number;
  seed: number;
  requests: number;
  expect?: string;
}
