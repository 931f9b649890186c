// `mode: bulk` of the xenlat-sim cell: the bulk-throughput model (src/sim/xen/bulk.ts) as a cell
// result, a chart and a table. A bulk run has no request latencies, so its latency summary is
// empty (count 0) and the throughput rows are the result.
import { bulkRows, simulateBulk, type BulkResult, type BulkRow } from '../../sim/xen/bulk';
import type { SimConfig } from '../../sim/xen/config';
import { emptySummary } from '../../stats/summarize';
import { CellError, type CellOutcome, type CellResult } from '../types';
import { bulkChartSpec, DIRECTION_TEXT } from './bulk-chart';
import type { SimSpecCheck } from './check';
import { t, tr } from '../../l10n';

export interface SimBulkResult extends CellResult {
  kind: 'xenlat-sim';
  mode: 'bulk';
  preset?: string;
  config: SimConfig;
  bulk: { rows: BulkRow[]; ratios: BulkResult['ratios'] };
}

export function runBulkCell(checked: SimSpecCheck): CellOutcome {
  const { spec, config, axes } = checked;
  if (axes.length) throw new CellError(t('mode: bulk does not sweep; run one bulk cell per configuration, or sweep in latency mode'));
  const r = simulateBulk(config);
  const rows = bulkRows(r);
  const result: SimBulkResult = {
    kind: 'xenlat-sim',
    mode: 'bulk',
    ...(spec.preset ? { preset: spec.preset } : {}),
    config,
    summary: emptySummary(0),
    bulk: { rows, ratios: r.ratios },
  };
  const title = `${spec.title ? `${spec.title}: ` : ''}${t('bulk throughput by configuration')}`;
  const table = [
    t("| direction | configuration | model Mb/s | ATC'06 Mb/s | CPU µs/packet | basis |"),
    '| :-- | :-- | --: | --: | --: | :-- |',
    // `basis` stays the id ("calibrated"/"emerges"): the sentence above the table explains it by that name.
    ...rows.map((x) => `| ${tr(DIRECTION_TEXT[x.direction])} | ${tr(x.configuration)} | ${x.mbps} | ${x.paperMbps ?? '–'} | ${x.cpuUsPerPacket} | ${x.basis} |`),
  ].join('\n');
  const markdown =
    `${spec.title ? `**${spec.title}**\n\n` : ''}${t('Bulk mode: CPU-saturated streams of MTU packets. "calibrated" rows reproduce the paper\'s figure by choice of inputs; "emerges" rows are predictions. Xen 3.0, which the papers measured, received by page flipping.')}\n\n` +
    table +
    '\n';
  return { result, charts: [{ id: 'bulk', title, spec: bulkChartSpec(rows, { title }) }], markdown };
}
