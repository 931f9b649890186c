import { STAGES } from '../../sim/xen/run-types';
import { formatMs } from '../../stats/format-ms';

/** Stage ids in path order: the colour domain of every sim chart, so a stage keeps its colour. */
export const STAGE_IDS: string[] = STAGES.map((s) => s.id);

/**
 * One categorical colour per stage. The domain is fixed (not taken from the data) so that the
 * timeline and the breakdown agree even when a stage is absent from one of them; `tableau20`
 * because there are 11 stages and the theme's own categorical range has only 6 colours.
 */
export const STAGE_COLOR = {
  field: 'stage',
  type: 'nominal',
  title: 'stage',
  scale: { domain: STAGE_IDS, scheme: 'tableau20' },
  legend: { orient: 'bottom', columns: 4, symbolType: 'square' },
} as const;

/** Label of a request row: its number and latency, e.g. `#1234 · 312.4 ms`. */
export function requestLabel(index: number, latencyMs: number, failure?: string): string {
  return `#${index} · ${formatMs(latencyMs)}${failure ? ` (${failure})` : ''}`;
}
