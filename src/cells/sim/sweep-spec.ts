// `sweep:` is the one part of a sim spec the declarative schema cannot describe (a mapping of
// arbitrary model keys to lists of values of that key's type), so it is checked here, against
// the same CONFIG_DOCS, with diagnostics on the offending key or list item.
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { SweepAxis as ModelSweepAxis } from '../../sim/sweep/sweep-point';
import type { ConfigKeyDoc } from '../../sim/xen/config';
import { didYouMean, replaceWith } from '../spec/did-you-mean';
import { parseRate } from '../spec/units';
import { describe } from '../spec/validate';
import { nodeRange, type SpecSource } from '../spec/yaml-source';
import type { SourceRange, SpecDiagnostic } from '../types';
import { msg, t, tr } from '../../l10n';

export type SweepValue = number | string | boolean | number[];

/**
 * One swept key: the model's axis (config `path` and its values, what the sweep pool runs) plus
 * how the spec names it. Combinations are the model's (`combinations` in src/sim/sweep), keyed by
 * path; `valuesByKey` names them as the spec does, for the result and the text.
 */
export interface SweepAxis extends ModelSweepAxis {
  /** The key as the spec names it, dotted (`scheduler.tsliceMs`, or `rate`). */
  key: string;
  /** The model's config path it sets (`rate` sets `ratePerSec`). */
  path: string;
  values: SweepValue[];
  keyRange: SourceRange;
}

export const MAX_SWEEP_KEYS = 2;
/** Each combination is a full run; more than this is a batch job, not a notebook cell. */
export const MAX_COMBINATIONS = 100;

/** The `rate` alias: sweepable like a model key, with rate text (`500/s`) accepted. */
const RATE_DOC: ConfigKeyDoc = {
  path: 'ratePerSec',
  type: 'number',
  unit: '1/s',
  default: undefined,
  description: 'Poisson arrival rate',
  min: 0.001,
};

/** Cell keys that are not model settings, so sweeping them has no meaning. */
const NOT_SWEEPABLE: Record<string, string> = {
  seed: msg('run the cell again with another seed instead'),
  preset: msg('use one cell per preset'),
  title: msg('it only labels the charts'),
  slowest: msg('it only changes what the result lists'),
  sweepPercentile: msg('it only changes the chart'),
  sweep: msg('sweeps do not nest'),
};

export interface SweepCheck {
  axes: SweepAxis[];
  diagnostics: SpecDiagnostic[];
}

export function checkSweep(parsed: SpecSource, docs: readonly ConfigKeyDoc[]): SweepCheck {
  const diagnostics: SpecDiagnostic[] = [];
  const axes: SweepAxis[] = [];
  const contents = parsed.doc.contents as YamlNode | null;
  if (!isMap(contents)) return { axes, diagnostics };
  const pair = (contents.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === 'sweep');
  if (!pair) return { axes, diagnostics };
  const sweepKeyRange = nodeRange(parsed, pair.key as YamlNode)!;
  let node = pair.value as YamlNode | null;
  if (isAlias(node)) node = node.resolve(parsed.doc) as YamlNode | null;
  // Anything but a mapping is already reported by the schema walker (`sweep` is an object there).
  if (!isMap(node)) return { axes, diagnostics };

  const byPath = new Map(docs.map((d) => [d.path, d]));
  const candidates = [...byPath.keys(), 'rate'];
  const err = (path: string, range: SourceRange, message: string, severity: SpecDiagnostic['severity'] = 'error') =>
    diagnostics.push({ severity, message, path, range });

  const leaves: { key: string; keyRange: SourceRange; value: YamlNode | null }[] = [];
  const collect = (map: YAMLMap, prefix: string) => {
    for (const p of map.items as Pair<unknown, unknown>[]) {
      const keyNode = p.key as YamlNode | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const key = prefix + name;
      const keyRange = nodeRange(parsed, keyNode) ?? sweepKeyRange;
      let value = p.value as YamlNode | null;
      if (isAlias(value)) value = value.resolve(parsed.doc) as YamlNode | null;
      // `scheduler: {tsliceMs: [..]}` is the nested spelling of `scheduler.tsliceMs: [..]`.
      if (isMap(value) && !byPath.has(key)) collect(value, `${key}.`);
      else leaves.push({ key, keyRange, value });
    }
  };
  collect(node, '');

  if (leaves.length === 0) {
    err('sweep', sweepKeyRange, t('sweep: add one or two keys with lists of values, e.g. "neighbours.cpuBound: [0, 1, 2, 3]"'));
    return { axes, diagnostics };
  }
  const seen = new Set<string>();
  for (const leaf of leaves) {
    const path = `sweep.${leaf.key}`;
    const doc = leaf.key === 'rate' ? RATE_DOC : byPath.get(leaf.key);
    if (!doc) {
      const group = [...byPath.keys()].filter((p) => p.startsWith(`${leaf.key}.`));
      if (NOT_SWEEPABLE[leaf.key]) err(path, leaf.keyRange, t('{0}: "{1}" cannot be swept: {2}', path, leaf.key, tr(NOT_SWEEPABLE[leaf.key]!)));
      else if (group.length) {
        err(path, leaf.keyRange, t('{0}: "{1}" is a group of keys; sweep one of them, e.g. "{2}" ({3})', path, leaf.key, group[0]!, `${group.slice(0, 6).join(', ')}${group.length > 6 ? ', …' : ''}`));
      } else {
        const suggestion = didYouMean(leaf.key, candidates);
        const message = suggestion
          ? t('{0}: unknown model key "{1}": did you mean "{2}"?', path, leaf.key, suggestion)
          : t('{0}: unknown model key "{1}" (see docs/sim.md for the keys)', path, leaf.key);
        diagnostics.push({ severity: 'error', message, path, range: leaf.keyRange, ...(suggestion ? { fix: replaceWith(suggestion) } : {}) });
      }
      continue;
    }
    if (seen.has(doc.path)) {
      err(path, leaf.keyRange, t('{0}: swept twice (this key is already in the sweep)', path));
      continue;
    }
    seen.add(doc.path);
    if (axes.length >= MAX_SWEEP_KEYS) {
      err(path, leaf.keyRange, t('{0}: a sweep takes at most {1} keys (their combinations are run); split it into several cells', path, MAX_SWEEP_KEYS));
      continue;
    }
    const values = checkList(parsed, leaf.value, doc, path, leaf.keyRange, err);
    if (values) axes.push({ key: leaf.key, path: doc.path, values, keyRange: leaf.keyRange });
  }
  const combinations = axes.reduce((n, a) => n * a.values.length, 1);
  if (axes.length && combinations > MAX_COMBINATIONS) {
    err('sweep', sweepKeyRange, t('sweep: {0} combinations is too many for one cell (at most {1}); shorten the lists', combinations, MAX_COMBINATIONS));
  }
  return { axes, diagnostics };
}

type Report = (path: string, range: SourceRange, message: string, severity?: SpecDiagnostic['severity']) => void;

function checkList(
  parsed: SpecSource,
  node: YamlNode | null,
  doc: ConfigKeyDoc,
  path: string,
  keyRange: SourceRange,
  err: Report,
): SweepValue[] | undefined {
  const range = nodeRange(parsed, node) ?? keyRange;
  if (!isSeq(node)) {
    err(path, range, t('{0}: expected a list of values to sweep, e.g. [{1}], got {2}', path, example(doc), describe(node)));
    return undefined;
  }
  if (node.items.length === 0) {
    err(path, range, t('{0}: the list is empty; give at least one value', path));
    return undefined;
  }
  const values: SweepValue[] = [];
  const texts = new Set<string>();
  let bad = false;
  node.items.forEach((raw, i) => {
    const item = (isAlias(raw) ? raw.resolve(parsed.doc) : raw) as YamlNode | null;
    const itemPath = `${path}[${i}]`;
    const itemRange = nodeRange(parsed, item) ?? range;
    const checked = checkItem(parsed, item, doc);
    if ('error' in checked) {
      bad = true;
      err(itemPath, itemRange, `${itemPath}: ${checked.error}`);
      return;
    }
    const text = JSON.stringify(checked.value);
    if (texts.has(text)) err(itemPath, itemRange, t('{0}: {1} is already in the list (it would run twice)', itemPath, text), 'warning');
    texts.add(text);
    values.push(checked.value);
  });
  return bad ? undefined : values;
}

function checkItem(parsed: SpecSource, node: YamlNode | null, doc: ConfigKeyDoc): { value: SweepValue } | { error: string } {
  const scalar = isScalar(node) ? node.value : undefined;
  switch (doc.type) {
    case 'integer':
    case 'number': {
      let v = scalar;
      if (doc === RATE_DOC && typeof scalar === 'string') {
        v = parseRate(scalar);
        if (v === undefined) return { error: t('"{0}" is not a rate (e.g. 500/s, 2/ms; a bare number is per second)', scalar) };
      }
      if (typeof v !== 'number') return { error: doc.type === 'integer' ? t('expected a whole number, got {0}', describe(node)) : t('expected a number, got {0}', describe(node)) };
      return checkNumber(v, doc);
    }
    case 'boolean':
      return typeof scalar === 'boolean' ? { value: scalar } : { error: t('expected true or false, got {0}', describe(node)) };
    case 'enum': {
      const allowed = doc.allowed ?? [];
      // A number is matched as written: `4.10` is "4.10", not the float 4.1.
      const source = typeof scalar === 'number' && isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
      const text = source ?? (typeof scalar === 'string' || typeof scalar === 'number' || typeof scalar === 'boolean' ? String(scalar) : undefined);
      if (text !== undefined && allowed.includes(text)) return { value: text };
      if (text === undefined) return { error: t('expected one of {0}, got {1}', allowed.join(', '), describe(node)) };
      const suggestion = didYouMean(text, allowed);
      return {
        error: suggestion ? t('"{0}" is not one of {1} (did you mean "{2}"?)', text, allowed.join(', '), suggestion) : t('"{0}" is not one of {1}', text, allowed.join(', ')),
      };
    }
    case 'number[]':
    case 'integer[]': {
      if (!isSeq(node)) return { error: t('expected a list of numbers (each swept value of {0} is itself a list, e.g. [0, 1]), got {1}', doc.path, describe(node)) };
      const list: number[] = [];
      for (const raw of node.items) {
        const item = (isAlias(raw) ? raw.resolve(parsed.doc) : raw) as YamlNode | null;
        const v = isScalar(item) ? item.value : undefined;
        if (typeof v !== 'number') return { error: t('expected numbers in the list, got {0}', describe(item)) };
        const c = checkNumber(v, { ...doc, type: doc.type === 'integer[]' ? 'integer' : 'number' });
        if ('error' in c) return c;
        list.push(v);
      }
      return { value: list };
    }
  }
}

function checkNumber(v: number, doc: ConfigKeyDoc): { value: number } | { error: string } {
  const unit = doc.unit && doc.unit !== 'index' && doc.unit !== 'count' ? ` ${doc.unit}` : '';
  if (!Number.isFinite(v)) return { error: t('must be a finite number (got {0})', v) };
  if (doc.type === 'integer' && !Number.isInteger(v)) return { error: t('must be a whole number (got {0})', v) };
  if (doc.min !== undefined && v < doc.min) return { error: t('must be ≥ {0}{1} (got {2})', doc.min, unit, v) };
  if (doc.max !== undefined && v > doc.max) return { error: t('must be ≤ {0}{1} (got {2})', doc.max, unit, v) };
  return { value: v };
}

function example(doc: ConfigKeyDoc): string {
  if (doc === RATE_DOC) return '500/s, 1000/s';
  switch (doc.type) {
    case 'boolean':
      return 'true, false';
    case 'enum':
      return (doc.allowed ?? []).slice(0, 2).join(', ');
    case 'number[]':
    case 'integer[]':
      return '[0], [0, 1]';
    default:
      return doc.type === 'integer' ? '0, 1, 2' : '1, 5, 30';
  }
}

/** A combination (config path → value) as the spec names its keys. */
export function valuesByKey(axes: readonly SweepAxis[], combo: Record<string, unknown>): Record<string, SweepValue> {
  return Object.fromEntries(axes.map((a) => [a.key, combo[a.path] as SweepValue]));
}

/**
 * The combination the detail charts show: the highest percentile, and of equals the first in the
 * spec's order, whatever order the workers finished in (so the result is the same every run).
 */
export function worstPoint<P extends { index: number; p: number }>(points: readonly P[]): P | undefined {
  let worst: P | undefined;
  for (const point of points) if (!worst || point.p > worst.p || (point.p === worst.p && point.index < worst.index)) worst = point;
  return worst;
}
