import { CONFIG_DOCS, DEFAULT_CONFIG, mergeConfig, validateConfig, type SimConfig } from '../../sim/xen/config';
import { estimateRun, SWEEP_BUDGET_EVENTS } from '../../sim/xen/run-budget';
import { t } from '../../l10n';
import { checkSpec, type SpecCheck } from '../spec/validate';
import type { SpecSchema } from '../spec/schema';
import type { CheckedSpec, SpecDiagnostic } from '../types';
import { applyValues, combinations } from '../../sim/sweep/sweep-point';
import { presetInfos, presetOverrides } from './model-api';
import { cellFields, simSchema } from './schema';
import { checkSweep, valuesByKey, type SweepAxis } from './sweep-spec';

/** The cell-level keys after validation (defaults applied). Model keys end up in `config`. */
export interface SimCellSpec {
  title?: string;
  preset?: string;
  mode: 'latency' | 'bulk';
  seed: number;
  slowest: number;
  sweepPercentile: '50' | '90' | '99' | '99.9' | '99.99';
}

export interface SimSpecCheck extends CheckedSpec {
  check: SpecCheck;
  spec: SimCellSpec;
  /** Preset (or model defaults) with every model key the spec writes applied. */
  config: SimConfig;
  /** What the spec itself sets, as a nested partial config (for the result's provenance). */
  overrides: Record<string, unknown>;
  axes: SweepAxis[];
  diagnostics: SpecDiagnostic[];
  ok: boolean;
}

let cachedSchema: SpecSchema | undefined;
export function currentSimSchema(): SpecSchema {
  cachedSchema ??= simSchema(presetInfos());
  return cachedSchema;
}

export function checkSimSpec(source: string): SimSpecCheck {
  const schema = currentSimSchema();
  const check = checkSpec(schema, source);
  // The walker sees `sweep` as a mapping with no known keys; checkSweep owns everything inside.
  const diagnostics = check.diagnostics.filter((d) => !d.path.startsWith('sweep.'));
  const sweep = checkSweep(check.parsed, CONFIG_DOCS);
  diagnostics.push(...sweep.diagnostics);
  const err = (path: string, message: string, severity: SpecDiagnostic['severity'] = 'error') =>
    diagnostics.push({ severity, message, path, range: check.keyRange(path) });

  const cellKeys = new Set(Object.keys(cellFields([])));
  const value = check.value;
  const spec = Object.fromEntries(Object.entries(value).filter(([k]) => cellKeys.has(k))) as unknown as SimCellSpec;
  const overrides: Record<string, unknown> = Object.fromEntries(Object.entries(value).filter(([k]) => !cellKeys.has(k)));
  if (check.has('rate') && check.has('ratePerSec')) {
    err('rate', t('rate: use either "rate" or "ratePerSec", not both'));
    err('ratePerSec', t('ratePerSec: use either "rate" or "ratePerSec", not both'));
  } else if (typeof value.rate === 'number') {
    overrides.ratePerSec = value.rate;
  }

  for (const axis of sweep.axes) {
    const written = axis.path === 'ratePerSec' ? ['rate', 'ratePerSec'] : [axis.path];
    for (const key of written.filter((k) => check.has(k))) {
      err(key, t('{0}: replaced by each value of sweep.{1} in turn', key, axis.key), 'info');
    }
  }

  const base = spec.preset ? mergeConfig(DEFAULT_CONFIG, presetOverrides(spec.preset)) : structuredClone(DEFAULT_CONFIG);
  let config = base;
  const schemaOk = !diagnostics.some((d) => d.severity === 'error');
  if (schemaOk) {
    try {
      config = mergeConfig(base, overrides);
    } catch (e) {
      err('', t('internal error merging the configuration: {0}', (e as Error).message));
    }
    // Rules that span keys (guest.evtchnVcpu < guest.vcpus, ...), for the spec as written and
    // for each sweep combination, so a bad combination fails before hours of other runs.
    // `rate` is how a spec writes ratePerSec: an issue with the rate points at it.
    const where = (path: string) => (check.has(path) ? path : path === 'ratePerSec' && check.has('rate') ? 'rate' : spec.preset ? 'preset' : '');
    for (const issue of validateConfig(config)) err(where(issue.path), issue.message);
    if (!diagnostics.some((d) => d.severity === 'error') && sweep.axes.length) {
      const reported = new Set<string>();
      let sweepEvents = 0;
      for (const combo of combinations(sweep.axes)) {
        const c = applyValues(config, combo);
        sweepEvents += estimateRun(c).events;
        for (const issue of validateConfig(c)) {
          const axis = sweep.axes.find((a) => a.path === issue.path) ?? sweep.axes[0]!;
          const values = Object.entries(valuesByKey(sweep.axes, combo)).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
          const text = t('with {0}: {1}', values, issue.message);
          if (reported.has(issue.message)) continue;
          reported.add(issue.message);
          diagnostics.push({ severity: 'error', message: `sweep.${axis.key}: ${text}`, path: `sweep.${axis.key}`, range: axis.keyRange });
        }
      }
      // Every combination may fit and the sweep still not: it is their sum that runs.
      if (reported.size === 0 && sweepEvents > SWEEP_BUDGET_EVENTS) {
        const n = combinations(sweep.axes).length;
        err(
          'sweep',
          t(
            'sweep: {0} combinations of about {1} M events each would not finish in the sweep budget ({2} G events, minutes on two cores): sweep fewer values or lower requests',
            n,
            (sweepEvents / n / 1e6).toPrecision(3),
            SWEEP_BUDGET_EVENTS / 1e9,
          ),
        );
      }
    }
  }
  return { check, spec, config, overrides, axes: sweep.axes, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw };
}
