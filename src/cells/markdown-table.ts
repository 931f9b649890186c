import type { ResultSummary } from './types';
import { formatCount, formatMs } from '../stats/format-ms';
import { REPORTED_PERCENTILES } from '../stats/percentiles';
import { t } from '../l10n';

export interface SummaryRow {
  /** First column, e.g. a sweep value or a service name. */
  label?: string;
  summary: ResultSummary;
}

/**
 * GitHub-flavoured table of one summary per row: count, min, mean, p50…p99.99, max, stalls.
 * Latencies carry their unit in each cell (µs/ms/s picked per value) so a 40 µs minimum and a
 * 3 s stall are both legible; the header names the stall threshold of the first row.
 */
export function summaryTable(rows: SummaryRow[] | ResultSummary, labelHeader = ''): string {
  const list: SummaryRow[] = Array.isArray(rows) ? rows : [{ summary: rows }];
  if (list.length === 0) return '';
  const withLabel = list.some((r) => r.label !== undefined);
  const thresholds = new Set(list.map((r) => r.summary.stalls.thresholdMs));
  const stallHeader =
    thresholds.size === 1 ? t('stalls > {0}', formatMs(list[0].summary.stalls.thresholdMs)) : t('stalls > threshold');
  const header = [
    ...(withLabel ? [labelHeader] : []),
    t('count'),
    t('min'),
    t('mean'),
    ...REPORTED_PERCENTILES.map((p) => `p${p}`),
    t('max'),
    stallHeader,
  ];
  const align = header.map((_, i) => (withLabel && i === 0 ? ':--' : '--:'));
  const body = list.map(({ label, summary: s }) => [
    ...(withLabel ? [escapeCell(label ?? '')] : []),
    formatCount(s.count),
    formatMs(s.minMs),
    formatMs(s.meanMs),
    ...REPORTED_PERCENTILES.map((p) => formatMs(s.percentilesMs[p])),
    formatMs(s.maxMs),
    stallCell(s, thresholds.size > 1),
  ]);
  return [header, align, ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n') + '\n';
}

function stallCell(s: ResultSummary, showThreshold: boolean): string {
  const share = s.count > 0 ? (100 * s.stalls.count) / s.count : 0;
  const pct = s.stalls.count === 0 ? '' : ` (${share < 0.01 ? share.toPrecision(2) : share.toFixed(2)}%)`;
  const at = showThreshold ? ` > ${formatMs(s.stalls.thresholdMs)}` : '';
  return `${formatCount(s.stalls.count)}${pct}${at}`;
}

/** Text made safe for one Markdown table cell: pipes escaped, line breaks as spaces. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
