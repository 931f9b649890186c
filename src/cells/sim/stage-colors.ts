import { STAGES } from '../../sim/xen/run-types';
import { formatMs } from '../../stats/format-ms';
import { stageColourScale } from '../../charts/palette';

/** Stage ids in path order: the colour domain of every sim chart, so a stage keeps its colour. */
export const STAGE_IDS: string[] = STAGES.map((s) => s.id);

/**
 * One categorical colour per stage. The domain is fixed (not taken from the data) so that the
 * timeline and the breakdown agree even when a stage is absent from one of them; colours from
 * the shared palette (src/charts/palette.ts), the same in every kind, theme and the report.
 */
export const STAGE_COLOR = {
  field: 'stage',
  type: 'nominal',
  title: 'stage',
  scale: stageColourScale(STAGE_IDS),
  legend: { orient: 'bottom', columns: 4, symbolType: 'square' },
} as const;

/** Label of a request row: its number and latency, e.g. `#1234 · 312.4 ms`. */
export function requestLabel(index: number, latencyMs: number, failure?: string): string {
  return `#${index} · ${formatMs(latencyMs)}${failure ? ` (${failure})` : ''}`;
}
