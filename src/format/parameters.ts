// Notebook parameters: `metadata.parameters` declares them (name, default, description), any cell
// spec refers to one as `${name}` (or `${name:-fallback}`), and a run supplies values (`xenlat run
// --param name=value`, the editor's "Set Parameters..."). The `${NAME:-default}` syntax is the
// one probe targets already use for environment variables (src/probe/target-env.ts uses this
// parser): a reference to a name that is not a declared parameter is left as it is, for the cell,
// which reports it (src/cells/spec/parameters.ts) unless the key reads the environment.

import { t } from '../l10n';

/** `${name}` or `${name:-fallback}`. */
export const REF_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

/**
 * Replaces each `${name[:-fallback]}` by what `resolve` returns; `undefined` keeps the text as
 * written.
 */
export function replaceRefs(text: string, resolve: (name: string, fallback: string | undefined) => string | undefined): string {
  return text.replace(REF_PATTERN, (whole, name: string, fallback: string | undefined) => resolve(name, fallback) ?? whole);
}

/** A `${name}` in a spec: where it is (0-based line, columns) and the YAML key of its line. */
export interface ParameterReference {
  name: string;
  fallback?: string;
  line: number;
  startCol: number;
  endCol: number;
  /** The key the line starts with (`target` in `target: ${host}:11211`, `- rate: ...` too). */
  key?: string;
}

const LINE_KEY = /^\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:(?:\s|$)/;
/** A YAML comment starts with `#` at the line start or after a space. */
const COMMENT = /(?:^|\s)#/;

/** Every `${name}` of a spec outside comments, in order. */
export function findReferences(source: string): ParameterReference[] {
  const refs: ParameterReference[] = [];
  source.split(/\r?\n/).forEach((text, line) => {
    const comment = text.search(COMMENT);
    const key = LINE_KEY.exec(text)?.[1];
    for (const m of text.matchAll(REF_PATTERN)) {
      if (comment >= 0 && m.index > comment) break;
      refs.push({ name: m[1]!, ...(m[2] !== undefined ? { fallback: m[2] } : {}), line, startCol: m.index, endCol: m.index + m[0].length, ...(key ? { key } : {}) });
    }
  });
  return refs;
}

export interface NotebookParameter {
  name: string;
  default?: string;
  description?: string;
}

/** The declared parameters of a notebook (`metadata.parameters`), checked. */
export function readParameters(metadata: Record<string, unknown>): NotebookParameter[] {
  const raw = metadata.parameters;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ParameterError(t('metadata.parameters must be a list of {0}', '{name, default, description}'));
  const seen = new Set<string>();
  return raw.map((p, i) => {
    const where = `metadata.parameters[${i}]`;
    if (!p || typeof p !== 'object' || Array.isArray(p)) throw new ParameterError(t('{0} must be an object with a name', where));
    const { name, default: def, description } = p as Record<string, unknown>;
    if (typeof name !== 'string' || !NAME.test(name)) throw new ParameterError(t('{0}: the name must be letters, digits and _ (not starting with a digit), got {1}', where, String(JSON.stringify(name))));
    if (seen.has(name)) throw new ParameterError(t('{0}: the parameter "{1}" is declared twice', where, name));
    seen.add(name);
    if (def !== undefined && typeof def !== 'string' && typeof def !== 'number' && typeof def !== 'boolean') throw new ParameterError(t('{0}: the default of "{1}" must be a string or a number', where, name));
    if (description !== undefined && typeof description !== 'string') throw new ParameterError(t('{0}: the description of "{1}" must be a string', where, name));
    return { name, ...(def !== undefined ? { default: String(def) } : {}), ...(description !== undefined ? { description } : {}) };
  });
}

/** A run's values: every declared parameter, `null` when it has neither a given value nor a default. */
export type ParameterValues = Record<string, string | null>;

export function resolveParameters(declared: readonly NotebookParameter[], given: Record<string, string>): ParameterValues {
  const names = new Set(declared.map((p) => p.name));
  const unknown = Object.keys(given).filter((k) => !names.has(k));
  if (unknown.length) {
    const list = unknown.map((u) => `"${u}"`).join(', ');
    const one = unknown.length === 1;
    throw new ParameterError(
      declared.length
        ? one
          ? t('unknown parameter {0}; the notebook declares {1}', list, declared.map((p) => p.name).join(', '))
          : t('unknown parameters {0}; the notebook declares {1}', list, declared.map((p) => p.name).join(', '))
        : one
          ? t('unknown parameter {0}; the notebook declares none (metadata.parameters)', list)
          : t('unknown parameters {0}; the notebook declares none (metadata.parameters)', list),
    );
  }
  for (const [k, v] of Object.entries(given)) if (/[\r\n]/.test(v)) throw new ParameterError(t('the value of parameter "{0}" must be one line', k));
  return Object.fromEntries(declared.map((p) => [p.name, given[p.name] ?? p.default ?? null]));
}

/** `name=value` (as `--param` takes it) → [name, value]. */
export function parseParameterArg(arg: string): [string, string] {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  if (eq < 0 || !NAME.test(name)) throw new ParameterError(t('--param wants name=value, got "{0}"', arg));
  return [name, arg.slice(eq + 1)];
}

/**
 * A cell's source with its parameters put in, and the values it used (for the result's
 * provenance). A declared parameter without a value is an error naming it, unless the reference
 * gives its own fallback.
 */
export function substituteParameters(source: string, values: ParameterValues): { source: string; used: Record<string, string> } {
  const used: Record<string, string> = {};
  const out = replaceRefs(source, (name, fallback) => {
    if (!Object.hasOwn(values, name)) return undefined;
    const v = values[name] ?? fallback;
    if (v === undefined || v === null) throw new ParameterError(t('the parameter "{0}" has no value: give it one (xenlat run --param {0}=..., or "Xenlat: Set Parameters...") or a default in metadata.parameters', name));
    used[name] = v;
    return v;
  });
  return { source: out, used };
}

/**
 * The source as checking should see it: the declared defaults put in, references without one left
 * as written. For diagnostics only (the editor's, `xenlat check`): a malformed declaration puts nothing in.
 */
export function withDefaults(source: string, metadata: Record<string, unknown>): string {
  let declared: NotebookParameter[];
  try {
    declared = readParameters(metadata);
  } catch {
    return source;
  }
  const defaults = Object.fromEntries(declared.flatMap((p) => (p.default !== undefined ? [[p.name, p.default]] : [])));
  return substituteParameters(source, defaults).source;
}
