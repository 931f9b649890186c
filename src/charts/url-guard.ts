// Pure: finds every place where a chart spec asks Vega to load something from a URL.
// Xenlat charts carry their data inline; a `url` anywhere (data.url, nested layers/concat/facet,
// a lookup's `from.data.url`, an image mark's `url` channel, Vega's `data[].url`, ...) is refused
// before the spec reaches vega-embed. No DOM, no vega imports: testable in plain Node.

import { msg } from '../l10n';

/** Keys whose contents are inline data rows, not instructions: never walked. */
const INLINE_DATA_KEYS = new Set(['values']);

export interface UrlReference {
  /** JSON-path-like location, e.g. `layer[1].data.url`. */
  path: string;
  /** The value found there, as short text (for the message). */
  value: string;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 120 ? value.slice(0, 117) + '...' : value;
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? s.slice(0, 117) + '...' : s;
  } catch {
    return String(value);
  }
}

/**
 * Every `url` key in the spec (at any depth), except inside inline rows (`values`, top-level
 * `datasets`), where a column may legitimately be called "url" without loading anything.
 * Cycles are tolerated (a spec parsed from JSON has none, but a hand-built object might).
 */
export function findUrlReferences(spec: unknown): UrlReference[] {
  const found: UrlReference[] = [];
  const seen = new Set<object>();
  // Breadth-first with an explicit queue: no depth limit, so nesting cannot hide a url.
  const queue: Array<{ node: unknown; path: string; top: boolean }> = [{ node: spec, path: '', top: true }];
  for (let i = 0; i < queue.length; i++) {
    const { node, path, top } = queue[i]!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((child, j) => queue.push({ node: child, path: `${path}[${j}]`, top: false }));
      continue;
    }
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key === 'url') {
        found.push({ path: childPath, value: describe(child) });
        continue;
      }
      if (INLINE_DATA_KEYS.has(key)) continue;
      if (key === 'datasets' && top) continue;
      queue.push({ node: child, path: childPath, top: false });
    }
  }
  return found;
}

/** Marked here; the renderer shows it (with tr() once it speaks the user's language). */
export const URL_REFUSED_MESSAGE = msg('This chart asks to load data from a URL; Xenlat only draws inline data');

/** A copy of the spec without `usermeta.embedOptions` (which could override our embed options). */
export function stripEmbedOptions<T>(spec: T): T {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const s = spec as Record<string, unknown>;
  const usermeta = s.usermeta;
  if (usermeta === null || typeof usermeta !== 'object' || !('embedOptions' in (usermeta as object))) return spec;
  const { embedOptions: _dropped, ...rest } = usermeta as Record<string, unknown>;
  return { ...s, usermeta: rest } as T;
}
