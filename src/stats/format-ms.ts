/**
 * Latency for people: 4 significant digits, switching to µs below 1 ms and to s from 10 s so
 * the number stays short in tables and chart labels.
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${trim(ms * 1000)} µs`;
  if (abs >= 10_000) return `${trim(ms / 1000)} s`;
  return `${trim(ms)} ms`;
}

function trim(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return v.toFixed(digits).replace(/\.?0+$/, '');
}

/** Round to `digits` significant digits, to keep chart data small without visible loss. */
export function roundSignificant(v: number, digits = 5): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
