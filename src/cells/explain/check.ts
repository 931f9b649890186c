// Validation of an explain spec beyond the declarative schema: exactly one source of the
// observation, and the `hypotheses:` list (preset names, or {preset, fit}) checked against the
// presets and the model's keys, each fit value tried on the preset so a bad one fails before runs.
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { CONFIG_DOCS, validateConfig } from '../../sim/xen/config';
import { configFor } from '../../sim/xen/preset-config';
import { applyValues, combinations } from '../../sim/sweep/sweep-point';
import { didYouMean } from '../spec/did-you-mean';
import { checkSpec, describe, type SpecCheck } from '../spec/validate';
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
  const diagnostics = check.diagnostics.filter((d) => !(d.path === 'hypotheses' || d.path.startsWith('hypotheses.') || d.path.startsWith('hypotheses[')));
  const spec = check.value as unknown as ExplainSpec;
  const hasData = DATA_KEYS.some((k) => check.has(k));
  const parsedOk = !check.diagnostics.some((d) => d.message.startsWith('YAML'));
  if (check.has('observed') && hasData) {
    for (const k of ['observed', ...DATA_KEYS.filter((k) => check.has(k))]) {
      diagnostics.push({ severity: 'error', message: `${k}: use either "observed: <cell id>" or the data keys (samples, file, ...), not both`, path: k, range: check.keyRange(k) });
    }
  } else if (!check.has('observed') && parsedOk) {
    diagnostics.push(...checkSampleSource(check, spec as unknown as SampleSourceSpec, 'missing the observation: add "observed: <cell id>" (a data or probe cell of this notebook), or "samples: [..]" / "file: <path>" as in a data cell'));
  }
  const hyp = checkHypotheses(check);
  diagnostics.push(...hyp.diagnostics);
  if (spec.expect && !hyp.hypotheses.some((h) => h.preset === spec.expect)) {
    diagnostics.push({ severity: 'error', message: `expect: "${spec.expect}" is not among the hypotheses`, path: 'expect', range: check.valueRange('expect') });
  }
  return { check, spec, hypotheses: hyp.hypotheses, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw };
}

function checkHypotheses(check: SpecCheck): { hypotheses: HypothesisSpec[]; diagnostics: SpecDiagnostic[] } {
  const diagnostics: SpecDiagnostic[] = [];
  const names = presetNames();
  const all = names.map((preset) => ({ preset }));
  const parsed = check.parsed;
  const contents = parsed.doc.contents as YamlNode | null;
  if (!isMap(contents)) return { hypotheses: all, diagnostics };
  const pair = (contents.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === 'hypotheses');
  if (!pair) return { hypotheses: all, diagnostics };
  const keyRange = nodeRange(parsed, pair.key as YamlNode) ?? check.keyRange('hypotheses');
  const resolve = (n: unknown) => (isAlias(n) ? n.resolve(parsed.doc) : n) as YamlNode | null;
  const node = resolve(pair.value);
  const err = (path: string, range: SourceRange | undefined, message: string, severity: SpecDiagnostic['severity'] = 'error') =>
    diagnostics.push({ severity, message, path, range: range ?? keyRange });
  if (!isSeq(node) || node.items.length === 0) {
    err('hypotheses', nodeRange(parsed, node), `hypotheses: expected a list of presets (e.g. [vcpu-contention, loss-rto]) or {preset, fit} items, got ${describe(node)}`);
    return { hypotheses: [], diagnostics };
  }
  const out: HypothesisSpec[] = [];
  const seen = new Set<string>();
  node.items.forEach((raw, i) => {
    const item = resolve(raw);
    const path = `hypotheses[${i}]`;
    const range = nodeRange(parsed, item);
    let name: unknown;
    let fitNode: YamlNode | null | undefined;
    let nameRange = range;
    if (isScalar(item)) name = item.value;
    else if (isMap(item)) {
      for (const p of item.items as Pair<unknown, unknown>[]) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        if (k === 'preset') {
          const v = resolve(p.value);
          name = isScalar(v) ? v.value : undefined;
          nameRange = nodeRange(parsed, v) ?? range;
        } else if (k === 'fit') fitNode = resolve(p.value);
        else err(`${path}.${k}`, nodeRange(parsed, p.key as YamlNode), `${path}: unknown key "${k}" (an item has "preset" and optionally "fit")`);
      }
    } else {
      err(path, range, `${path}: expected a preset name or {preset, fit}, got ${describe(item)}`);
      return;
    }
    if (typeof name !== 'string' || !names.includes(name)) {
      const s = typeof name === 'string' ? didYouMean(name, names) : undefined;
      err(path, nameRange, `${path}: ${typeof name === 'string' ? `"${name}" is not a preset` : 'missing "preset"'}${s ? `: did you mean "${s}"?` : ` (presets: ${names.join(', ')})`}`);
      return;
    }
    if (seen.has(name)) {
      err(path, nameRange, `${path}: "${name}" is listed twice`, 'warning');
      return;
    }
    seen.add(name);
    const fit = fitNode === undefined ? undefined : checkFit(fitNode, name, `${path}.fit`);
    if (fitNode !== undefined && !fit) return;
    out.push({ preset: name, ...(fit ? { fit } : {}) });
  });

  function checkFit(n: YamlNode | null, preset: string, path: string): FitRanges | undefined {
    if (!isMap(n)) {
      err(path, nodeRange(parsed, n), `${path}: expected a mapping of model keys to lists, e.g. {neighbours.cpuBound: [1, 2, 3]}, got ${describe(n)}`);
      return undefined;
    }
    const docs = new Set(CONFIG_DOCS.map((d) => d.path));
    const fit: FitRanges = {};
    let bad = false;
    for (const p of n.items as Pair<unknown, unknown>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const kr = nodeRange(parsed, p.key as YamlNode);
      const v = resolve(p.value);
      if (!docs.has(key)) {
        const s = didYouMean(key, [...docs]);
        err(`${path}.${key}`, kr, `${path}: unknown model key "${key}"${s ? `: did you mean "${s}"?` : ' (see docs/sim.md)'}`);
        bad = true;
        continue;
      }
      if (!isSeq(v) || v.items.length === 0) {
        err(`${path}.${key}`, nodeRange(parsed, v) ?? kr, `${path}.${key}: expected a non-empty list of values, got ${describe(v)}`);
        bad = true;
        continue;
      }
      fit[key] = v.toJSON() as unknown[];
    }
    if (bad) return undefined;
    const combos = combinations(Object.entries(fit).map(([p, values]) => ({ path: p, values })));
    if (combos.length > MAX_FIT_POINTS) {
      err(path, nodeRange(parsed, n), `${path}: ${combos.length} combinations is too many for one hypothesis (at most ${MAX_FIT_POINTS})`);
      return undefined;
    }
    // Each value on the preset: wrong types and cross-key rules fail here, not after minutes of runs.
    const base = configFor(preset);
    for (const c of combos) {
      let problem: string | undefined;
      try {
        const cfg = applyValues(base, c);
        problem = validateConfig(cfg)[0]?.message;
      } catch (e) {
        problem = (e as Error).message;
      }
      if (problem) {
        err(path, nodeRange(parsed, n), `${path}: with ${Object.entries(c).map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join(', ')}: ${problem}`);
        return undefined;
      }
    }
    return fit;
  }
  return { hypotheses: out, diagnostics };
}

/** The fit grid a hypothesis runs: its own, else the preset's default. */
export function fitOf(h: HypothesisSpec): FitRanges {
  return h.fit ?? defaultFit(h.preset);
}
