// Validation of an explain spec beyond the declarative schema: exactly one source of the
// observation, and what the schema cannot say about the `hypotheses:` list (duplicates, fit
// values tried on the preset so a bad one fails before runs).
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { validateConfig } from '../../sim/xen/config';
import { configFor } from '../../sim/xen/preset-config';
import { applyValues, combinations } from '../../sim/sweep/sweep-point';
import { t } from '../../l10n';
import { checkSpec, type SpecCheck } from '../spec/validate';
import { nodeRange } from '../spec/yaml-source';
import type { CheckedSpec, SourceRange, SpecDiagnostic } from '../types';
import { checkSampleSource, SAMPLE_SOURCE_KEYS, type SampleSourceSpec } from '../samples/source';
import { defaultFit, type FitRanges } from './default-fits';
import type { HypothesisSpec } from './explain';
import { explainSchema, presetNames, type ExplainSpec } from './schema';

export const DATA_KEYS: readonly string[] = SAMPLE_SOURCE_KEYS;
/** Fit grids run every combination; more than this per hypothesis is a batch job. */
export const MAX_FIT_POINTS = 36;

export interface ExplainCheck extends CheckedSpec {
  check: SpecCheck;
  spec: ExplainSpec & Partial<SampleSourceSpec>;
  hypotheses: HypothesisSpec[];
  diagnostics: SpecDiagnostic[];
  ok: boolean;
}

export function checkExplainSpec(source: string): ExplainCheck {
  const check = checkSpec(explainSchema(), source);
  // The schema checks the shape of `hypotheses:` (preset names, fit keys, value types); checkHypotheses the rest.
  const diagnostics = [...check.diagnostics];
  const spec = check.value as unknown as ExplainSpec;
  const hasData = DATA_KEYS.some((k) => check.has(k));
  const parsedOk = !check.diagnostics.some((d) => d.message.startsWith('YAML'));
  if (check.has('observed') && hasData) {
    for (const k of ['observed', ...DATA_KEYS.filter((k) => check.has(k))]) {
      diagnostics.push({ severity: 'error', message: t('{0}: use either "observed: <cell id>" or the data keys (samples, file, ...), not both', k), path: k, range: check.keyRange(k) });
    }
  } else if (!check.has('observed') && parsedOk) {
    diagnostics.push(...checkSampleSource(check, spec as unknown as SampleSourceSpec, t('missing the observation: add "observed: <cell id>" (a data, probe or capture cell of this notebook), or "samples: [..]" / "file: <path>" as in a data cell')));
  }
  const hyp = checkHypotheses(check);
  diagnostics.push(...hyp.diagnostics);
  if (spec.expect && !hyp.hypotheses.some((h) => h.preset === spec.expect)) {
    diagnostics.push({ severity: 'error', message: t('expect: "{0}" is not among the hypotheses', spec.expect), path: 'expect', range: check.valueRange('expect') });
  }
  return { check, spec, hypotheses: hyp.hypotheses, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw };
}

const underHypotheses = (path: string) => path === 'hypotheses' || path.startsWith('hypotheses.') || path.startsWith('hypotheses[');

/**
 * What the schema cannot say about `hypotheses:` (its shape, names and value types are checked by
 * the schema, src/cells/explain/schema.ts): a preset listed twice, too many fit combinations, and
 * each combination applied to the preset, so a bad value fails before minutes of runs.
 */
function checkHypotheses(check: SpecCheck): { hypotheses: HypothesisSpec[]; diagnostics: SpecDiagnostic[] } {
  const diagnostics: SpecDiagnostic[] = [];
  if (!check.has('hypotheses')) return { hypotheses: presetNames().map((preset) => ({ preset })), diagnostics };
  // Shape errors are already reported; nothing is run from a spec with errors.
  if (check.diagnostics.some((d) => d.severity === 'error' && underHypotheses(d.path))) return { hypotheses: [], diagnostics };
  const items = (check.value.hypotheses ?? []) as (string | { preset: string; fit?: FitRanges })[];
  const ranges = itemRanges(check);
  const out: HypothesisSpec[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const path = `hypotheses[${i}]`;
    const name = typeof item === 'string' ? item : item.preset;
    const range = ranges[i] ?? check.valueRange('hypotheses');
    if (seen.has(name)) {
      diagnostics.push({ severity: 'warning', message: t('{0}: "{1}" is listed twice', path, name), path, range: typeof item === 'string' ? range : check.valueRange(`${path}.preset`) });
      return;
    }
    seen.add(name);
    const fit = typeof item === 'string' ? undefined : item.fit;
    if (fit !== undefined) {
      const problem = fitProblem(fit, name);
      if (problem) {
        diagnostics.push({ severity: 'error', message: `${path}.fit: ${problem}`, path: `${path}.fit`, range: check.valueRange(`${path}.fit`) });
        return;
      }
    }
    out.push({ preset: name, ...(fit !== undefined ? { fit } : {}) });
  });
  return { hypotheses: out, diagnostics };
}

/** Source ranges of the items of `hypotheses:` (a scalar item has no key of its own to look up). */
function itemRanges(check: SpecCheck): (SourceRange | undefined)[] {
  const contents = check.parsed.doc.contents as YamlNode | null;
  if (!isMap(contents)) return [];
  const pair = (contents.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === 'hypotheses');
  const node = pair?.value as YamlNode | null | undefined;
  if (!isSeq(node)) return [];
  return node.items.map((item) => nodeRange(check.parsed, item as YamlNode));
}

function fitProblem(fit: FitRanges, preset: string): string | undefined {
  const combos = combinations(Object.entries(fit).map(([p, values]) => ({ path: p, values })));
  if (combos.length > MAX_FIT_POINTS) return t('{0} combinations is too many for one hypothesis (at most {1})', combos.length, MAX_FIT_POINTS);
  const base = configFor(preset);
  for (const c of combos) {
    let problem: string | undefined;
    try {
      problem = validateConfig(applyValues(base, c))[0]?.message;
    } catch (e) {
      problem = (e as Error).message;
    }
    if (problem) return t('with {0}: {1}', Object.entries(c).map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join(', '), problem);
  }
  return undefined;
}

/** The fit grid a hypothesis runs: its own, else the preset's default. */
export function fitOf(h: HypothesisSpec): FitRanges {
  return h.fit ?? defaultFit(h.preset);
}
