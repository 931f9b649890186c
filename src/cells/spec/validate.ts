import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { t as say } from '../../l10n';
import type { SourceRange, SpecDiagnostic } from '../types';
import { didYouMean, replaceWith } from './did-you-mean';
import { typeText, type FieldMap, type FieldType, type SpecSchema } from './schema';
import { parseDuration, parseRate } from './units';
import { documentStartRange, nodeRange, parseSpecSource, type SpecSource } from './yaml-source';

export interface SpecCheck {
  parsed: SpecSource;
  /** The document as written, as plain JSON (for provenance); undefined if it did not parse. */
  raw: unknown;
  /**
   * Valid fields, normalised (durations in ms, rates per second) with defaults applied for
   * absent keys. Invalid fields are left out, so callers must look at `ok` first.
   */
  value: Record<string, unknown>;
  diagnostics: SpecDiagnostic[];
  /** No error-severity diagnostics. */
  ok: boolean;
  /** Whether the key (dotted path) is written in the source. */
  has(path: string): boolean;
  /** Range of the key (dotted path) in the source, or the document start when absent. */
  keyRange(path: string): SourceRange;
  /** Range of the key's value, falling back to the key, then the document start. */
  valueRange(path: string): SourceRange;
}

interface Located {
  key?: SourceRange;
  value?: SourceRange;
}

/** Parses and validates a spec; never throws for user input. */
export function checkSpec(schema: SpecSchema, source: string): SpecCheck {
  const parsed = parseSpecSource(source);
  const diagnostics: SpecDiagnostic[] = [...parsed.diagnostics];
  const locations = new Map<string, Located>();
  const start = documentStartRange(source);
  let value: Record<string, unknown> = {};
  let raw: unknown;
  try {
    raw = parsed.doc.toJS({ maxAliasCount: 100 });
  } catch {
    raw = undefined;
  }

  const walker = new Walker(schema, parsed, diagnostics, locations);
  const contents = parsed.doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    value = walker.checkMap(undefined, schema.fields, '', start);
  } else if (isMap(contents)) {
    value = walker.checkMap(contents, schema.fields, '', start);
  } else {
    diagnostics.push({
      severity: 'error',
      message: say('a {0} spec is a mapping of "key: value" lines, but this is {1}', schema.language, describe(contents)),
      path: '',
      range: nodeRange(parsed, contents) ?? start,
    });
  }

  return {
    parsed,
    raw,
    value,
    diagnostics,
    ok: !diagnostics.some((d) => d.severity === 'error'),
    has: (path) => locations.has(path),
    keyRange: (path) => locations.get(path)?.key ?? start,
    valueRange: (path) => locations.get(path)?.value ?? locations.get(path)?.key ?? start,
  };
}

interface Checked {
  value?: unknown;
  /** The node is not even the right kind of thing (a list where a number belongs, …). */
  typeMismatch?: boolean;
}

class Walker {
  constructor(
    private readonly schema: SpecSchema,
    private readonly parsed: SpecSource,
    private readonly diagnostics: SpecDiagnostic[],
    private readonly locations: Map<string, Located>,
  ) {}

  checkMap(map: YAMLMap | undefined, fields: FieldMap, prefix: string, where: SourceRange, dotted = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.checkPairs(map, fields, prefix, where, dotted, '', out, seen);
    for (const [name, field] of Object.entries(fields)) {
      if (seen.has(name)) continue;
      if (field.required) {
        this.diagnostics.push({
          severity: 'error',
          message: say('missing required key "{0}" ({1})', prefix + name, typeText(field)),
          path: prefix + name,
          range: where,
        });
      } else if (field.default !== undefined) {
        out[name] = structuredClone(field.default);
      } else if (field.type === 'object') {
        const nested = this.checkMap(undefined, field.fields, `${prefix + name}.`, where);
        if (Object.keys(nested).length) out[name] = nested;
      }
    }
    return out;
  }

  /** Checks the pairs of `map` against `fields`; `group` is the dotted prefix of a nested mapping of dotted keys. */
  private checkPairs(map: YAMLMap | undefined, fields: FieldMap, prefix: string, where: SourceRange, dotted: boolean, group: string, out: Record<string, unknown>, seen: Set<string>) {
    for (const pair of (map?.items ?? []) as Pair<unknown, unknown>[]) {
      const keyNode = pair.key as YamlNode | null;
      const written = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const name = group + written;
      const path = prefix + written;
      const keyRange = nodeRange(this.parsed, keyNode) ?? where;
      const valueNode = pair.value as YamlNode | null;
      const valueRange = nodeRange(this.parsed, valueNode);
      this.locations.set(path, { key: keyRange, value: valueRange && !isEmpty(valueNode) ? valueRange : undefined });
      const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!field && dotted && isMap(valueNode) && Object.keys(fields).some((k) => k.startsWith(`${name}.`))) {
        // `tcp:\n  lossRate: ...` is `tcp.lossRate: ...` written nested
        this.checkPairs(valueNode, fields, `${path}.`, valueRange ?? keyRange, dotted, `${name}.`, out, seen);
        continue;
      }
      if (!field) {
        const names = Object.keys(fields).filter((k) => k.startsWith(group)).map((k) => k.slice(group.length));
        const suggestion = didYouMean(written, names);
        this.diagnostics.push({
          severity: this.schema.unknownKeys ?? 'error',
          message: suggestion
            ? say('unknown key "{0}": did you mean "{1}"?', path, prefix + suggestion)
            : prefix
              ? say('unknown key "{0}" (known keys under {1}: {2})', path, prefix.slice(0, -1), names.join(', '))
              : say('unknown key "{0}" (known keys: {1})', path, names.join(', ')),
          path,
          range: keyRange,
          ...(suggestion ? { fix: replaceWith(suggestion) } : {}),
        });
        continue;
      }
      seen.add(name);
      const checked = this.checkValue(valueNode, field, path, valueRange ?? keyRange);
      if (checked.value !== undefined) out[name] = checked.value;
    }
  }

  checkValue(node: YamlNode | null, t: FieldType, path: string, range: SourceRange): Checked {
    if (isAlias(node)) node = node.resolve(this.parsed.doc) as YamlNode | null;
    if (isEmpty(node)) {
      this.error(path, range, say('{0}: no value given (expected {1})', path, typeText(t)));
      return { typeMismatch: true };
    }
    const scalar = isScalar(node) ? node.value : undefined;
    switch (t.type) {
      case 'number':
      case 'integer': {
        if (typeof scalar !== 'number') return this.mismatch(path, range, t, node);
        return this.checkNumber(scalar, t, path, range);
      }
      case 'string':
        if (typeof scalar !== 'string') return this.mismatch(path, range, t, node);
        if (t.nonEmpty && scalar.trim() === '') return this.fail(path, range, say('{0}: must not be empty', path));
        return { value: scalar };
      case 'regex': {
        if (typeof scalar !== 'string') return this.mismatch(path, range, t, node);
        let re: RegExp;
        try {
          re = new RegExp(scalar);
        } catch (e) {
          return this.fail(path, range, say('{0}: not a valid regular expression: {1}', path, (e as Error).message));
        }
        const groups = new RegExp(`${re.source}|`).exec('')!.length - 1;
        if (t.groups && groups < t.groups) {
          const example = 'took (\\d+(?:\\.\\d+)?) ms';
          return this.fail(
            path,
            range,
            t.groups === 1
              ? say('{0}: needs a capture group ( … ) around the value, e.g. "{1}"', path, example)
              : say('{0}: needs {1} capture groups ( … ) around the value, e.g. "{2}"', path, t.groups, example),
          );
        }
        return { value: scalar };
      }
      case 'enum': {
        if (typeof scalar !== 'string' && typeof scalar !== 'number' && typeof scalar !== 'boolean') {
          return this.mismatch(path, range, t, node);
        }
        // A number is matched as written: `version: 4.10` is "4.10", not the float 4.1.
        const text = typeof scalar === 'number' && isScalar(node) && typeof node.source === 'string' ? node.source : String(scalar);
        if (t.values.includes(text)) return { value: text };
        const suggestion = didYouMean(text, t.values);
        const quote = isScalar(node) && (node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '');
        this.diagnostics.push({
          severity: 'error',
          message: suggestion
            ? say('{0}: "{1}" is not one of {2} (did you mean "{3}"?)', path, text, t.values.join(', '), suggestion)
            : say('{0}: "{1}" is not one of {2}', path, text, t.values.join(', ')),
          path,
          range,
          ...(suggestion ? { fix: replaceWith(suggestion, quote || '') } : {}),
        });
        return {};
      }
      case 'boolean':
        if (typeof scalar !== 'boolean') return this.mismatch(path, range, t, node);
        return { value: scalar };
      case 'numberList': {
        if (!isSeq(node)) return this.mismatch(path, range, t, node);
        const out: number[] = [];
        let bad = false;
        node.items.forEach((item, i) => {
          const itemNode = (isAlias(item) ? item.resolve(this.parsed.doc) : item) as YamlNode | null;
          const itemPath = `${path}[${i}]`;
          const itemRange = nodeRange(this.parsed, itemNode) ?? range;
          const v = isScalar(itemNode) ? itemNode.value : undefined;
          if (typeof v !== 'number') {
            bad = true;
            this.error(itemPath, itemRange, say('{0}: expected a number, got {1}', itemPath, describe(itemNode)));
            return;
          }
          const c = this.checkNumber(v, { type: 'number', min: t.min, max: t.max }, itemPath, itemRange);
          if (c.value === undefined) bad = true;
          else out.push(v);
        });
        if (bad) return {};
        if (t.minItems !== undefined && out.length < t.minItems) {
          const message =
            t.minItems === 1
              ? say('{0}: needs at least {1} value (got {2})', path, t.minItems, out.length)
              : say('{0}: needs at least {1} values (got {2})', path, t.minItems, out.length);
          return this.fail(path, range, message);
        }
        return { value: out };
      }
      case 'duration':
      case 'rate': {
        let v: number | undefined;
        if (typeof scalar === 'number') v = scalar;
        else if (typeof scalar === 'string') v = t.type === 'duration' ? parseDuration(scalar) : parseRate(scalar);
        else return this.mismatch(path, range, t, node);
        if (v === undefined) return this.fail(path, range, say('{0}: "{1}" is not a {2}', path, String(scalar), typeText(t)));
        const unit = t.type === 'duration' ? 'ms' : '/s';
        return this.checkNumber(v, { type: 'number', min: t.min, max: t.max, unit }, path, range);
      }
      case 'oneOf': {
        const attempts = t.options.map((option) => {
          const sink: SpecDiagnostic[] = [];
          const w = new Walker(this.schema, this.parsed, sink, new Map());
          return { result: w.checkValue(node, option, path, range), sink };
        });
        const success = attempts.find((a) => !a.sink.some((d) => d.severity === 'error'));
        if (success) {
          this.diagnostics.push(...success.sink);
          return success.result;
        }
        // Prefer the explanation of an option that had the right shape but a bad value.
        const closest = attempts.find((a) => !a.result.typeMismatch);
        if (closest) {
          this.diagnostics.push(...closest.sink);
          return {};
        }
        return this.mismatch(path, range, t, node);
      }
      case 'object': {
        if (!isMap(node)) return this.mismatch(path, range, t, node);
        return { value: this.checkMap(node, t.fields, `${path}.`, range, t.dottedKeys) };
      }
      case 'list': {
        if (!isSeq(node)) return this.mismatch(path, range, t, node);
        const out: unknown[] = [];
        let bad = false;
        node.items.forEach((item, i) => {
          const itemNode = item as YamlNode | null;
          const c = this.checkValue(itemNode, t.items, `${path}[${i}]`, nodeRange(this.parsed, itemNode) ?? range);
          if (c.value === undefined) bad = true;
          else out.push(c.value);
        });
        if (bad) return {};
        if (t.minItems !== undefined && out.length < t.minItems) {
          const message =
            t.minItems === 1
              ? say('{0}: needs at least {1} item (got {2})', path, t.minItems, out.length)
              : say('{0}: needs at least {1} items (got {2})', path, t.minItems, out.length);
          return this.fail(path, range, message);
        }
        return { value: out };
      }
    }
  }

  private checkNumber(
    v: number,
    t: { type: 'number' | 'integer'; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number; unit?: string },
    path: string,
    range: SourceRange,
  ): Checked {
    const unit = t.unit ? ` ${t.unit}` : '';
    if (!Number.isFinite(v)) return this.fail(path, range, say('{0}: must be a finite number (got {1})', path, v));
    if (t.type === 'integer' && !Number.isInteger(v)) return this.fail(path, range, say('{0}: must be a whole number (got {1})', path, v));
    if (t.min !== undefined && v < t.min) return this.fail(path, range, say('{0}: must be ≥ {1} (got {2})', path, `${t.min}${unit}`, v));
    if (t.exclusiveMin !== undefined && v <= t.exclusiveMin) {
      return this.fail(path, range, say('{0}: must be > {1} (got {2})', path, `${t.exclusiveMin}${unit}`, v));
    }
    if (t.max !== undefined && v > t.max) return this.fail(path, range, say('{0}: must be ≤ {1} (got {2})', path, `${t.max}${unit}`, v));
    if (t.exclusiveMax !== undefined && v >= t.exclusiveMax) {
      return this.fail(path, range, say('{0}: must be < {1} (got {2})', path, `${t.exclusiveMax}${unit}`, v));
    }
    return { value: v };
  }

  private mismatch(path: string, range: SourceRange, t: FieldType, node: YamlNode | null): Checked {
    const quotable = (t.type === 'string' || t.type === 'regex') && isScalar(node) && node.value !== null;
    const message = quotable
      ? say('{0}: expected {1}, got {2} (put it in quotes to make it text: "{3}")', path, article(t), describe(node), String((node as { value: unknown }).value))
      : say('{0}: expected {1}, got {2}', path, article(t), describe(node));
    this.error(path, range, message);
    return { typeMismatch: true };
  }

  private fail(path: string, range: SourceRange, message: string): Checked {
    this.error(path, range, message);
    return {};
  }

  private error(path: string, range: SourceRange, message: string) {
    this.diagnostics.push({ severity: 'error', message, path, range });
  }
}

function isEmpty(node: YamlNode | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** "an integer", "a list of numbers", "one of a, b": decided on the English words, said in the current language. */
function article(t: FieldType): string {
  const english = typeText(t, false);
  const text = typeText(t);
  if (english.includes('|') && !english.startsWith('list of')) return say('one of {0}', text.replace(/ \| /g, ', '));
  return /^[aeiou]/i.test(english) ? say('an {0}', text) : say('a {0}', text);
}

export function describe(node: unknown): string {
  if (isAlias(node)) return say('an alias');
  if (isSeq(node)) return say('a list');
  if (isMap(node)) return say('a mapping');
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return say('nothing');
    if (typeof v === 'string') return say('the text "{0}"', v.length > 40 ? `${v.slice(0, 40)}…` : v);
    if (typeof v === 'number') return say('the number {0}', v);
    if (typeof v === 'boolean') return `${v}`;
    return String(v);
  }
  return say('nothing');
}
