// JSON.stringify(value, null, 2) with one difference that matters for result files: flat data stays
// on one line. An array of numbers/booleans/nulls is written `[1, 2, 3]`, and an object of
// primitives that is an element of an array (a chart's data row) is written `{"lo": 1, "count": 3}`.
// Chart data then costs a line per row instead of a line per number (files shrink ~2-3x), while
// arrays of strings (cell sources, text outputs) keep one element per line for one-hunk diffs.

export function prettyJson(value: unknown): string {
  return write(value, '', false);
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';
}

function write(value: unknown, indent: string, inArray: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), indent, inArray);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean')) {
      return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    }
    return `[\n${value.map((v) => inner + (v === undefined || typeof v === 'function' ? 'null' : write(v, inner, true))).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return '{}';
  if (inArray && entries.every(([, v]) => isPrimitive(v))) {
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, false)}`).join(',\n')}\n${indent}}`;
}
