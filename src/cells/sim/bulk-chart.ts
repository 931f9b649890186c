// The bulk mode's chart: CPU-saturated throughput by configuration (native, driver domain,
// guest; page flipping vs grant copy), receive and transmit, with the published figure as a tick
// where Menon et al. measured that configuration, and each bar marked as calibrated to the paper
// or emerging from the model, so a reader does not take an input for a result.
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../charts/common';
import type { BulkRow } from '../../sim/xen/bulk';
import { msg, t, tr } from '../../l10n';

/** The rows' direction as the table and chart show it (the result keeps the English id). */
export const DIRECTION_TEXT: Record<BulkRow['direction'], string> = { receive: msg('receive'), transmit: msg('transmit') };

export function bulkChartSpec(rows: readonly BulkRow[], opts: { title?: string; width?: number | 'container' } = {}): VegaLiteSpec {
  const calibrated = t('calibrated to the paper');
  const emerges = t('emerges from the model');
  const values = rows.map((r) => ({
    configuration: `${tr(DIRECTION_TEXT[r.direction])}: ${tr(r.configuration)}`,
    mbps: r.mbps,
    paperMbps: r.paperMbps ?? null,
    basis: r.basis === 'calibrated' ? calibrated : emerges,
    cpuUsPerPacket: r.cpuUsPerPacket,
  }));
  // One bar per configuration, receive rows first (in the rows' order), one axis.
  const y = { field: 'configuration', type: 'nominal', sort: null, title: null, axis: { labelLimit: 360 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(opts.title ? { title: opts.title } : {}),
    data: { values },
    width: opts.width ?? 'container',
    // A fixed height, not a row step: a container-wide chart is fitted, and Vega-Lite warns about
    // (and drops) fitting a step height.
    height: Math.max(1, values.length) * 22,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'mbps', type: 'quantitative', title: t("throughput (Mb/s, CPU-saturated, MTU packets); tick: ATC'06") },
          color: { field: 'basis', type: 'nominal', title: null, scale: { domain: [calibrated, emerges] } },
          tooltip: [
            { field: 'configuration', type: 'nominal' },
            { field: 'mbps', type: 'quantitative', title: t('model Mb/s') },
            { field: 'paperMbps', type: 'quantitative', title: "ATC'06 Mb/s" },
            { field: 'cpuUsPerPacket', type: 'quantitative', title: t('CPU µs per packet') },
            { field: 'basis', type: 'nominal' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.paperMbps !== null' }],
        mark: { type: 'tick', thickness: 2, color: 'black' },
        encoding: { y, x: { field: 'paperMbps', type: 'quantitative' } },
      },
    ],
  };
}
