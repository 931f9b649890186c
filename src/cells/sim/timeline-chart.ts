import { STAGES, type Instant, type VcpuInterval } from '../../sim/xen/run-types';
import { formatMs } from '../../stats/format-ms';
import { VEGA_LITE_SCHEMA, stallThresholdLayers, titled, type VegaLiteSpec } from '../../charts/common';
import { STAGE_COLOR, requestLabel } from './stage-colors';
import { VCPU_STATE_COLOURS } from '../../charts/palette';
import { roundMs, type SlowRequest } from './requests';
import { vcpuWindows } from './vcpu-windows';
import { msg, t, tr } from '../../l10n';

export interface SimTimelineOptions {
  title?: string;
  stallThresholdMs?: number;
  /** Rows in the request panel; the slowest come first. Default 20. */
  maxRequests?: number;
  /** Upper bound on vCPU interval rows over all request windows. Default 2,000. */
  maxIntervalRows?: number;
  width?: number | 'container';
}

const ROW_STEP = 16;
/** Marked here, translated when a spec is built (the labels are data values the legend shows). */
const INSTANT_TEXT = { guestCapture: msg('guest capture'), appRead: msg('app read') } as const;
/** The instants marked by rules in the vCPU panel, as the reader's language names them. */
const ruleLabels = () => ({ arrive: t('arrive'), guestCapture: tr(INSTANT_TEXT.guestCapture), appRead: tr(INSTANT_TEXT.appRead) });
type RuleInstant = keyof ReturnType<typeof ruleLabels>;
/** The instants the stages run between, in path order (`arrive` is 0 by definition: not stored). */
const CHAIN: Instant[] = [...new Set(STAGES.flatMap((s) => [s.from, s.to]))];
const instantExpr = (k: Instant) => (k === 'arrive' ? '0' : `datum.${k}`);
/** A request's place among the stored vCPU rows (vcpu-windows.ts): its window and arrival in it. */
const PLACE_FIELDS = ['win', 't0'];

/**
 * Timeline of the slowest requests with the vCPU schedule beneath.
 *
 * Time axis: ms relative to each request's own arrival, not absolute simulated time. The
 * slowest requests are scattered over seconds or minutes of simulated time, so on an absolute
 * axis each would be a sliver; aligned at arrival, the rows compare directly (which stage
 * swallowed the time, and whether stalls share a 30 ms-quantised length).
 *
 * The vCPU panel shares that x scale, so it can only show one request's surroundings at a
 * time: the schedule of every vCPU around the shown requests is stored once per window of
 * overlapping requests (vcpu-windows.ts), and a point selection on the request rows (initially
 * the slowest one) picks the window and shifts it by the request's arrival in it. Clicking
 * another row shows its schedule; a static SVG shows the slowest.
 * Lined up like this, the guest vCPU's wait bar sits directly under the stalled stage, next to
 * the neighbour that was running on that pCPU meanwhile.
 */
export function simTimelineSpec(
  requests: readonly SlowRequest[],
  intervals: readonly VcpuInterval[],
  options: SimTimelineOptions = {},
): VegaLiteSpec {
  const shown = [...requests].sort((a, b) => b.latencyMs - a.latencyMs || a.index - b.index).slice(0, options.maxRequests ?? 20);
  const labels = shown.map((r) => requestLabel(r.index, r.latencyMs, r.failure));
  const label = new Map(shown.map((r, i) => [r.index, labels[i]!]));

  const windows = vcpuWindows(shown, intervals, options.maxIntervalRows ?? 2000);
  const placed = windows.rows.length > 0;
  // One row per request holds all the chart knows of it: its label, main cause, place among the
  // vCPU rows and its instants (ms since arrival; one a failed request never reached is left
  // out). The stage bars and the instant marks are made from these rows by the chart: stored as
  // one row per stage and per instant they were 10 to 14 rows per request, 23 KB of a stored
  // 50,000-request cell.
  const perRequest = shown.map((r) => ({
    req: r.index,
    row: label.get(r.index),
    cause: r.cause,
    ...windows.place.get(r.index),
    ...Object.fromEntries(CHAIN.filter((k) => k !== 'arrive' && r.instantsMs[k] !== undefined).map((k) => [k, r.instantsMs[k]])),
  }));
  const stageBars = [
    // Each stage runs from its `from` instant to its `to` instant: parallel arrays, one row each.
    { calculate: JSON.stringify(STAGES.map((s) => s.id)), as: 'stage' },
    { calculate: `[${STAGES.map((s) => instantExpr(s.from)).join(', ')}]`, as: 'from' },
    { calculate: `[${STAGES.map((s) => instantExpr(s.to)).join(', ')}]`, as: 'to' },
    { flatten: ['stage', 'from', 'to'] },
    { filter: 'isValid(datum.from) && isValid(datum.to) && datum.to > datum.from' },
  ];
  const RULE_LABELS = ruleLabels();
  const instantsOf = (keys: RuleInstant[]) => [
    { calculate: '0', as: 'arrive' },
    { fold: keys, as: ['key', 'at'] },
    { filter: 'isValid(datum.at)' },
    // A new field, not `key` relabelled in place: a formula that overwrote its own input would
    // give another answer each time the dataflow re-ran it.
    { calculate: `${JSON.stringify(RULE_LABELS)}[datum.key]`, as: 'instant' },
  ];

  const x = { field: 'from', type: 'quantitative', title: t('ms since the request arrived') };
  const y = { field: 'row', type: 'nominal', title: null, sort: labels };
  const requestPanel: VegaLiteSpec = {
    width: options.width ?? 'container',
    height: { step: ROW_STEP },
    title: { text: t('{0} slowest requests: time per stage', shown.length), anchor: 'start', fontSize: 12 },
    layer: [
      {
        data: { name: 'requests' },
        transform: [...stageBars, { calculate: 'round((datum.to - datum.from) * 1000) / 1000', as: 'ms' }],
        params: [
          {
            name: 'pick',
            // toggle/clear off: the vCPU panel always shows exactly one request. The picked
            // request's window and arrival in it come along: the vCPU panel reads them.
            select: { type: 'point', fields: ['req', ...(placed ? PLACE_FIELDS : [])], on: 'click', toggle: false, clear: false },
            ...(shown.length ? { value: [{ req: shown[0]!.index, ...windows.place.get(shown[0]!.index) }] } : {}),
          },
        ],
        mark: { type: 'bar', height: { band: 0.8 } },
        encoding: {
          x,
          x2: { field: 'to' },
          y,
          color: { ...STAGE_COLOR, title: t('stage') },
          opacity: { condition: { param: 'pick', empty: false, value: 1 }, value: 0.65 },
          tooltip: [
            { field: 'row', type: 'nominal', title: t('request') },
            { field: 'stage', type: 'nominal' },
            { field: 'ms', type: 'quantitative', title: t('stage (ms)'), format: ',.3~f' },
            { field: 'from', type: 'quantitative', title: t('from (ms)'), format: ',.3~f' },
            { field: 'cause', type: 'nominal', title: t('main cause') },
          ],
        },
      },
      {
        data: { name: 'requests' },
        transform: instantsOf(['guestCapture', 'appRead']),
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x: { field: 'at', type: 'quantitative' },
          y,
          shape: {
            field: 'instant',
            type: 'nominal',
            title: t('instant'),
            scale: { domain: [RULE_LABELS.guestCapture, RULE_LABELS.appRead], range: ['triangle-down', 'diamond'] },
            legend: { orient: 'bottom' },
          },
          tooltip: [
            { field: 'row', type: 'nominal', title: t('request') },
            { field: 'instant', type: 'nominal' },
            { field: 'at', type: 'quantitative', title: t('at (ms)'), format: ',.3~f' },
          ],
        },
      },
      ...stallThresholdLayers(options.stallThresholdMs),
    ],
  };

  if (!placed) {
    // Alone, a container-wide panel is fitted to its width, and Vega-Lite warns about (and drops)
    // fitting a row-step height: the same rows as a fixed height draw identically, silently.
    const height = requestPanel.width === 'container' ? { height: Math.max(1, shown.length) * ROW_STEP } : {};
    return { $schema: VEGA_LITE_SCHEMA, ...titled(options.title), datasets: { requests: perRequest }, ...requestPanel, ...height, title: options.title ?? requestPanel.title };
  }
  const vcpus = sortVcpus([...new Set(windows.rows.map((v) => v.vcpu as string))]);
  // The x domain covers every request and every request's vCPU window, not just the picked
  // request's: otherwise a click re-fits the shared axis and the request rows jump under the
  // reader. A joined window reaches beyond a request's own: the bars are clipped to the domain.
  const ends = [0, ...shown.flatMap((r) => [...CHAIN.map((k) => r.instantsMs[k] ?? 0), ...(windows.extent.get(r.index) ?? [])])];
  const xScale = { domain: [roundMs(Math.min(0, ...ends)), roundMs(Math.max(...ends))], nice: false };
  Object.assign(x, { scale: xScale });
  const picked = { filter: { param: 'pick', empty: false } };
  // The picked request's window, re-based on its arrival (`pick` holds the selected values).
  const inPicked = [
    { filter: 'isArray(pick.win) && datum.win === pick.win[0]' },
    { calculate: 'datum.from - pick.t0[0]', as: 'start' },
    { calculate: 'datum.to - pick.t0[0]', as: 'end' },
  ];
  const vcpuPanel: VegaLiteSpec = {
    width: options.width ?? 'container',
    height: { step: ROW_STEP },
    title: {
      // No "click" here: the same spec is the static SVG of the HTML report, where nothing can be
      // clicked. The editor's renderer shows usermeta.xenlatHint (below) above the chart instead.
      text: t('vCPUs around the selected request (at first the slowest)'),
      subtitle: t('run = on a pCPU, wait = runnable but not scheduled; gaps = blocked/idle'),
      anchor: 'start',
      fontSize: 12,
    },
    layer: [
      {
        data: { values: windows.rows },
        transform: inPicked,
        mark: { type: 'bar', height: { band: 0.7 }, clip: true },
        encoding: {
          x: { field: 'start', type: 'quantitative', title: t('ms since the request arrived'), scale: xScale },
          x2: { field: 'end' },
          y: { field: 'vcpu', type: 'nominal', title: null, sort: vcpus },
          color: { field: 'state', type: 'nominal', title: 'vCPU', scale: { domain: ['run', 'wait'], range: [VCPU_STATE_COLOURS.run, VCPU_STATE_COLOURS.wait] }, legend: { orient: 'bottom' } },
          tooltip: [
            { field: 'vcpu', type: 'nominal' },
            { field: 'state', type: 'nominal' },
            { field: 'pcpu', type: 'quantitative', title: 'pCPU' },
            { field: 'start', type: 'quantitative', title: t('from (ms)'), format: ',.3~f' },
            { field: 'end', type: 'quantitative', title: t('to (ms)'), format: ',.3~f' },
          ],
        },
      },
      {
        data: { name: 'requests' },
        transform: [...instantsOf(['arrive', 'guestCapture', 'appRead']), picked],
        mark: { type: 'rule', strokeDash: [3, 3] },
        encoding: {
          x: { field: 'at', type: 'quantitative' },
          tooltip: [
            { field: 'instant', type: 'nominal' },
            { field: 'at', type: 'quantitative', title: t('at (ms)'), format: ',.3~f' },
          ],
        },
      },
      // Capture and read are often a few µs apart on a slow request: their labels go on
      // opposite sides of the rules so they never print over each other.
      ...(['left', 'right'] as const).map((align) => ({
        data: { name: 'requests' },
        transform: [...instantsOf(['arrive', 'guestCapture', 'appRead']), { filter: `(datum.key === 'guestCapture') === ${align === 'right'}` }, picked],
        mark: { type: 'text', align, baseline: 'bottom', dx: align === 'left' ? 3 : -3, y: 0, fontSize: 10 },
        encoding: { x: { field: 'at', type: 'quantitative' }, text: { field: 'instant', type: 'nominal' } },
      })),
    ],
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(options.title),
    // Tables used by several layers are stored once (the spec is stored in the notebook).
    datasets: { requests: perRequest },
    vconcat: [requestPanel, vcpuPanel],
    usermeta: { xenlatHint: t('Click a request row to show its vCPUs below.') },
    spacing: 24,
    // x shared: the vCPU bars line up under the request's stages; colour independent because
    // run/wait are not stages.
    resolve: { scale: { x: 'shared', color: 'independent' }, legend: { color: 'independent', shape: 'independent' } },
  };
}

/** guest.*, dom0.*, then neighbours, numbers in numeric order: the story reads top-down. */
function sortVcpus(names: string[]): string[] {
  const group = (n: string) => (n.startsWith('guest') ? 0 : n.startsWith('dom0') ? 1 : 2);
  return names.sort((a, b) => group(a) - group(b) || a.localeCompare(b, 'en', { numeric: true }));
}

/** Short text for the chart title: e.g. `slowest 20 of 50,000 requests (max 312 ms)`. */
export function timelineTitle(shown: number, total: number, maxMs: number): string {
  return t('slowest {0} of {1} requests (max {2})', shown, total.toLocaleString('en-US'), formatMs(maxMs));
}
