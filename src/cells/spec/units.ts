// Text forms of durations and rates accepted in specs. Kept strict (number + known unit) so
// that `10 mins` is an error rather than a silent guess.

const DURATION_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const PER_SECOND: Record<string, number> = { ns: 1e9, us: 1e6, 'µs': 1e6, ms: 1000, s: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600 };

export const DURATION_UNITS = Object.keys(DURATION_MS);

/** Milliseconds, or undefined when the text is not `<number><unit>`. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-zµ]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = DURATION_MS[m[2]];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** Events per second, or undefined when the text is not `<number>/<unit>`. */
export function parseRate(text: string): number | undefined {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*\/\s*([a-zµ]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = PER_SECOND[m[2]];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}
