/**
 * Latency for people: 4 significant digits, switching to µs below 1 ms and to s from 10 s so
 * the number stays short in tables and chart labels.
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0 ms';
  const us = roundSignificant(ms * 1000, 4);
  if (Math.abs(us) < 1000) return `${us} µs`;
  const rounded = roundSignificant(ms, 4);
  if (Math.abs(rounded) >= 10_000) return `${roundSignificant(ms / 1000, 4)} s`;
  return `${rounded} ms`;
}

/** Round to `digits` significant digits, to keep chart data small without visible loss. */
export function roundSignificant(v: number, digits = 5): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
