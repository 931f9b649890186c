import { formatMs } from '../stats/format-ms';
import { msg, t } from '../l10n';

export type VegaLiteSpec = Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Marked here (a constant), shown with tr() where a chart is built. */
export const LATENCY_AXIS_TITLE = msg('latency (ms, log scale)');

/** Fixed height; width follows the output area (`container`) and is made concrete for SVG. */
export const CHART_HEIGHT = 240;

export interface LatencyChartOptions {
  title?: string;
  stallThresholdMs?: number;
  /** `container` in the editor/HTML; a number where there is no container (static SVG). */
  width?: number | 'container';
}

/**
 * The stall threshold as a dashed vertical rule with a label. No colour is set so the rule
 * takes the theme's mark colour (readable on light and dark backgrounds); the dash and the
 * label tell it apart from the data.
 */
export function stallThresholdLayers(thresholdMs: number | undefined): VegaLiteSpec[] {
  if (thresholdMs === undefined || !(thresholdMs > 0)) return [];
  const data = { values: [{ thresholdMs, label: t('stall > {0}', formatMs(thresholdMs)) }] };
  return [
    {
      data,
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: {
        x: { field: 'thresholdMs', type: 'quantitative' },
        tooltip: [{ field: 'label', type: 'nominal', title: t('threshold') }],
      },
    },
    {
      data,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 2, y: 0 },
      encoding: {
        x: { field: 'thresholdMs', type: 'quantitative' },
        text: { field: 'label', type: 'nominal' },
      },
    },
  ];
}

export function titled(title: string | undefined): VegaLiteSpec {
  return title ? { title: { text: title } } : {};
}

/**
 * A tooltip field, titled only when the title says something else than the field name (a
 * translated title): the English spec stays what it was, field alone.
 */
export function tip(field: string, title: string): { field: string; title?: string } {
  return title === field ? { field } : { field, title };
}
