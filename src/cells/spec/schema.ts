import { msg, tr } from '../../l10n';
import type { SpecKeyDoc } from '../types';

/**
 * A small declarative schema for cell specs. One description drives validation, hover and
 * completion, so the docs can't drift from what is accepted.
 */
export type FieldType =
  | { type: 'number'; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number; unit?: string }
  | { type: 'integer'; min?: number; max?: number; unit?: string }
  | { type: 'string'; nonEmpty?: boolean }
  /** A JavaScript regular expression (source text); `groups` = capture groups it must have. */
  | { type: 'regex'; groups?: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'boolean' }
  | { type: 'numberList'; min?: number; max?: number; minItems?: number; unit?: string }
  /** A duration: a number in ms, or text like `250us`, `10ms`, `2.5s`, `1m`; normalised to ms. */
  | { type: 'duration'; min?: number; max?: number }
  /** A rate: a number per second, or text like `5000/s`, `300/ms`, `120/min`; normalised to per second. */
  | { type: 'rate'; min?: number; max?: number }
  | { type: 'oneOf'; options: readonly FieldType[] }
  /**
   * A mapping. `dottedKeys`: its field names are dotted paths (`tcp.lossRate`), which may also be
   * written as nested mappings (`tcp: {lossRate: ...}`), as model keys are.
   */
  | { type: 'object'; fields: FieldMap; dottedKeys?: boolean }
  /** A block or flow sequence whose items are each of `items` (e.g. a name or a mapping). */
  | { type: 'list'; items: FieldType; minItems?: number };

export type FieldSpec = FieldType & {
  description: string;
  /** Applied when the key is absent; shown in hover. */
  default?: unknown;
  required?: boolean;
};

export type FieldMap = Record<string, FieldSpec>;

export interface SpecSchema {
  /** The cell language, e.g. `xenlat-data`; used in messages. */
  language: string;
  fields: FieldMap;
  /** Unknown keys are errors by default: a typo'd key silently ignored is a wrong experiment. */
  unknownKeys?: 'error' | 'warning';
}

/**
 * The type in words, in the current language (`local`), or in English (`local` false) for the
 * grammar of English messages ("a"/"an"/"one of" depends on the English words).
 */
export function typeText(t: FieldType, local = true): string {
  const say = (message: string, ...args: Array<string | number>) => fill(local ? tr(message) : message, args);
  switch (t.type) {
    case 'number':
    case 'integer': {
      const bounds: string[] = [];
      if (t.type === 'number' && t.exclusiveMin !== undefined) bounds.push(`> ${t.exclusiveMin}`);
      if (t.min !== undefined) bounds.push(`≥ ${t.min}`);
      if (t.type === 'number' && t.exclusiveMax !== undefined) bounds.push(`< ${t.exclusiveMax}`);
      if (t.max !== undefined) bounds.push(`≤ ${t.max}`);
      const base = t.type === 'integer' ? say(msg('integer')) : say(msg('number'));
      return [base, ...bounds].join(' ') + (t.unit ? ` (${t.unit})` : '');
    }
    case 'string':
      return say(msg('string'));
    case 'regex':
      return t.groups
        ? t.groups === 1
          ? say(msg('regular expression with a capture group'))
          : say(msg('regular expression with {0} capture groups'), t.groups)
        : say(msg('regular expression'));
    case 'enum':
      return t.values.join(' | ');
    case 'boolean':
      return 'true | false';
    case 'numberList':
      return t.unit ? say(msg('list of numbers ({0})'), t.unit) : say(msg('list of numbers'));
    case 'duration':
      return say(msg('duration (e.g. 250us, 10ms, 2s; a bare number is ms)'));
    case 'rate':
      return say(msg('rate (e.g. 5000/s, 20/ms; a bare number is per second)'));
    case 'oneOf': {
      const options = t.options.map((o) => typeText(o, local));
      return options.length ? options.reduce((a, b) => say(msg('{0} or {1}'), a, b)) : '';
    }
    case 'object':
      return say(msg('mapping'));
    case 'list': {
      const item = typeText(t.items, local);
      return say(msg('list of {0}'), item.includes(' ') ? `(${item})` : item);
    }
  }
}

/** `{0}`, `{1}`... of a (translated) message replaced by `args`. */
function fill(message: string, args: ReadonlyArray<string | number>): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

/** Literal values worth offering in completion. */
export function literalValues(t: FieldType): string[] | undefined {
  if (t.type === 'enum') return [...t.values];
  if (t.type === 'boolean') return ['true', 'false'];
  if (t.type === 'oneOf') {
    const all = t.options.flatMap((o) => literalValues(o) ?? []);
    return all.length ? all : undefined;
  }
  // A list's items are offered as its values (`- item`, `[a, b]`).
  if (t.type === 'list') return literalValues(t.items);
  return undefined;
}

/** The mappings a value may be: an object, an object among oneOf's options, a list's items'. */
function mappingsOf(t: FieldType): FieldMap[] {
  if (t.type === 'object') return [t.fields];
  if (t.type === 'oneOf') return t.options.flatMap(mappingsOf);
  if (t.type === 'list') return mappingsOf(t.items);
  return [];
}

/**
 * Flattened docs, nested keys as dotted paths (`scheduler.tsliceMs`). Keys of mappings inside a
 * list's items are under the list's key without an index (`hypotheses.preset`), as
 * src/cells/spec/context.ts names the cursor's path.
 */
export function keyDocs(schema: SpecSchema): SpecKeyDoc[] {
  const out: SpecKeyDoc[] = [];
  const walk = (fields: FieldMap, prefix: string) => {
    for (const [name, f] of Object.entries(fields)) {
      const key = prefix + name;
      const doc: SpecKeyDoc = { key, type: typeText(f), description: tr(f.description) };
      const values = literalValues(f);
      if (values) doc.values = values;
      if (f.default !== undefined) doc.default = typeof f.default === 'string' ? f.default : JSON.stringify(f.default);
      out.push(doc);
      for (const fields of mappingsOf(f)) walk(fields, `${key}.`);
    }
  };
  walk(schema.fields, '');
  return out;
}
