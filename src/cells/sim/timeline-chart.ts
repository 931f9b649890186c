import { STAGES, type VcpuInterval } from '../../sim/xen/run-types';
import { formatMs } from '../../stats/format-ms';
import { VEGA_LITE_SCHEMA, stallThresholdLayers, titled, type VegaLiteSpec } from '../../charts/common';
import { STAGE_COLOR, requestLabel } from './stage-colors';
import { VCPU_STATE_COLOURS } from '../../charts/palette';
import { roundMs, type SlowRequest } from './requests';
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
/** Approximate plot width in px: intervals narrower than one pixel are merged. */
const PLOT_PX = 600;
/** Marked here, translated when a spec is built (the labels are data values the legend shows). */
const INSTANT_TEXT = { guestCapture: msg('guest capture'), appRead: msg('app read') } as const;

/**
 * Timeline of the slowest requests with the vCPU schedule beneath.
 *
 * Time axis: ms relative to each request's own arrival, not absolute simulated time. The
 * slowest requests are scattered over seconds or minutes of simulated time, so on an absolute
 * axis each would be a sliver; aligned at arrival, the rows compare directly (which stage
 * swallowed the time, and whether stalls share a 30 ms-quantised length).
 *
 * The vCPU panel shares that x scale, so it can only show one request's surroundings at a
 * time: the intervals of every vCPU around each shown request are stored re-based on that
 * request's arrival, and a point selection on the request rows (initially the slowest one)
 * filters the panel. Clicking another row shows its schedule; a static SVG shows the slowest.
 * Lined up like this, the guest vCPU's wait bar sits directly under the stalled stage, next to
 * the neighbour that was running on that pCPU meanwhile.
 */
export function simTimelineSpec(
  requests: readonly SlowRequest[],
  intervals: readonly VcpuInterval[],
  options: SimTimelineOptions = {},
): VegaLiteSpec {
  const shown = [...requests].sort((a, b) => b.latencyMs - a.latencyMs || a.index - b.index).slice(0, options.maxRequests ?? 20);
  const INSTANT_LABELS = { guestCapture: tr(INSTANT_TEXT.guestCapture), appRead: tr(INSTANT_TEXT.appRead) };
  const labels = shown.map((r) => requestLabel(r.index, r.latencyMs, r.failure));
  const label = new Map(shown.map((r, i) => [r.index, labels[i]!]));

  const spans: Record<string, unknown>[] = [];
  const marks: Record<string, unknown>[] = [];
  for (const r of shown) {
    for (const s of STAGES) {
      const from = r.instantsMs[s.from];
      const to = r.instantsMs[s.to];
      if (from === undefined || to === undefined || !(to > from)) continue;
      spans.push({ req: r.index, stage: s.id, from, to });
    }
    for (const instant of ['guestCapture', 'appRead'] as const) {
      const at = r.instantsMs[instant];
      if (at !== undefined) marks.push({ req: r.index, instant: INSTANT_LABELS[instant], at });
    }
  }
  // What is the same for all of a request's rows (its label, its main cause) is stored once per
  // request and looked up, and a stage's length is computed: the spec is stored in the notebook,
  // and per-row copies made up a third of it.
  const perRequest = shown.map((r) => ({ req: r.index, row: label.get(r.index), cause: r.cause }));
  const withRow = [{ lookup: 'req', from: { data: { name: 'requests' }, key: 'req', fields: ['row', 'cause'] } }];

  const x = { field: 'from', type: 'quantitative', title: t('ms since the request arrived') };
  const y = { field: 'row', type: 'nominal', title: null, sort: labels };
  const requestPanel: VegaLiteSpec = {
    width: options.width ?? 'container',
    height: { step: ROW_STEP },
    title: { text: t('{0} slowest requests: time per stage', shown.length), anchor: 'start', fontSize: 12 },
    layer: [
      {
        data: { values: spans },
        transform: [...withRow, { calculate: 'round((datum.to - datum.from) * 1000) / 1000', as: 'ms' }],
        params: [
          {
            name: 'pick',
            // toggle/clear off: the vCPU panel always shows exactly one request.
            select: { type: 'point', fields: ['req'], on: 'click', toggle: false, clear: false },
            ...(shown.length ? { value: [{ req: shown[0]!.index }] } : {}),
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
        data: { values: marks },
        transform: withRow,
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x: { field: 'at', type: 'quantitative' },
          y,
          shape: {
            field: 'instant',
            type: 'nominal',
            title: t('instant'),
            scale: { domain: Object.values(INSTANT_LABELS), range: ['triangle-down', 'diamond'] },
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

  const vcpuRows = vcpuWindows(shown, intervals, options.maxIntervalRows ?? 2000);
  if (vcpuRows.length === 0) {
    // Alone, a container-wide panel is fitted to its width, and Vega-Lite warns about (and drops)
    // fitting a row-step height: the same rows as a fixed height draw identically, silently.
    const height = requestPanel.width === 'container' ? { height: Math.max(1, shown.length) * ROW_STEP } : {};
    return { $schema: VEGA_LITE_SCHEMA, ...titled(options.title), datasets: { requests: perRequest }, ...requestPanel, ...height, title: options.title ?? requestPanel.title };
  }
  const vcpus = sortVcpus([...new Set(vcpuRows.map((v) => v.vcpu as string))]);
  // The x domain covers every request and every vCPU window, not just the picked request's:
  // otherwise a click re-fits the shared axis and the request rows jump under the reader.
  const ends = [...spans.flatMap((sp) => [sp.from as number, sp.to as number]), ...vcpuRows.flatMap((v) => [v.from as number, v.to as number])];
  const xScale = { domain: [roundMs(Math.min(0, ...ends)), roundMs(Math.max(...ends))], nice: false };
  Object.assign(x, { scale: xScale });
  const rules = shown.flatMap((r) => [
    { req: r.index, instant: t('arrive'), at: 0 },
    ...(['guestCapture', 'appRead'] as const)
      .filter((k) => r.instantsMs[k] !== undefined)
      .map((k) => ({ req: r.index, instant: INSTANT_LABELS[k], at: r.instantsMs[k] })),
  ]);
  const picked = [{ filter: { param: 'pick', empty: false } }];
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
        data: { values: vcpuRows },
        transform: picked,
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: t('ms since the request arrived'), scale: xScale },
          x2: { field: 'to' },
          y: { field: 'vcpu', type: 'nominal', title: null, sort: vcpus },
          color: { field: 'state', type: 'nominal', title: 'vCPU', scale: { domain: ['run', 'wait'], range: [VCPU_STATE_COLOURS.run, VCPU_STATE_COLOURS.wait] }, legend: { orient: 'bottom' } },
          tooltip: [
            { field: 'vcpu', type: 'nominal' },
            { field: 'state', type: 'nominal' },
            { field: 'pcpu', type: 'quantitative', title: 'pCPU' },
            { field: 'from', type: 'quantitative', title: t('from (ms)'), format: ',.3~f' },
            { field: 'to', type: 'quantitative', title: t('to (ms)'), format: ',.3~f' },
          ],
        },
      },
      {
        data: { name: 'rules' },
        transform: picked,
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
        data: { name: 'rules' },
        transform: [{ filter: `(datum.instant === '${INSTANT_LABELS.guestCapture}') === ${align === 'right'}` }, ...picked],
        mark: { type: 'text', align, baseline: 'bottom', dx: align === 'left' ? 3 : -3, y: 0, fontSize: 10 },
        encoding: { x: { field: 'at', type: 'quantitative' }, text: { field: 'instant', type: 'nominal' } },
      })),
    ],
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(options.title),
    // Tables used by several layers are stored once (the spec is stored in the notebook).
    datasets: { requests: perRequest, rules },
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

interface Segment {
  vcpu: string;
  state: 'run' | 'wait';
  pcpu: number;
  from: number;
  to: number;
}

/**
 * For each shown request: every vCPU interval overlapping a window around it (its span plus
 * 10% on each side), clipped to the window, re-based on its arrival (ms) and merged where
 * neighbouring same-state intervals are closer than about a pixel. When a window still holds
 * more rows than its share of `maxRows`, the merge resolution doubles until it fits, so the
 * spec size is bounded whatever the scheduler did.
 */
export function vcpuWindows(requests: readonly SlowRequest[], intervals: readonly VcpuInterval[], maxRows: number): Record<string, unknown>[] {
  if (requests.length === 0 || intervals.length === 0) return [];
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  // Intervals are sorted by start; a window's candidates begin at most `longest` before it.
  let longest = 0;
  for (const iv of sorted) longest = Math.max(longest, iv.end - iv.start);
  const budget = Math.max(8, Math.floor(maxRows / requests.length));
  const rows: Record<string, unknown>[] = [];
  for (const r of requests) {
    const spanUs = Math.max(r.latencyMs * 1000, 100);
    const padUs = Math.max(spanUs * 0.1, 200);
    const lo = r.arriveUs - padUs;
    const hi = r.arriveUs + spanUs + padUs;
    const first = lowerBoundStart(sorted, lo - longest);
    const clipped: Segment[] = [];
    for (let i = first; i < sorted.length && sorted[i]!.start < hi; i++) {
      const iv = sorted[i]!;
      if (iv.end <= lo) continue;
      const from = Math.max(iv.start, lo);
      const to = Math.min(iv.end, hi);
      if (to > from) clipped.push({ vcpu: iv.vcpu, state: iv.state, pcpu: iv.pcpu, from, to });
    }
    if (clipped.length === 0) continue;
    let resolution = (hi - lo) / PLOT_PX;
    let merged = mergeSegments(clipped, resolution);
    // Bounded: once the resolution exceeds the window, each vCPU is one segment.
    while (merged.length > budget && resolution < hi - lo) {
      resolution *= 2;
      merged = mergeSegments(clipped, resolution);
    }
    for (const s of merged) {
      rows.push({
        req: r.index,
        vcpu: s.vcpu,
        state: s.state,
        pcpu: s.pcpu,
        from: roundMs((s.from - r.arriveUs) / 1000),
        to: roundMs((s.to - r.arriveUs) / 1000),
      });
    }
  }
  return rows;
}

function lowerBoundStart(sorted: readonly VcpuInterval[], t: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (sorted[m]!.start < t) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Per vCPU: same-state segments separated by less than `resolution` become one; segments
 * shorter than `resolution` that sit between two of the other state are absorbed into the
 * previous one (they would be sub-pixel slivers). The pCPU of a merged segment is its first.
 */
function mergeSegments(segments: readonly Segment[], resolution: number): Segment[] {
  const byVcpu = new Map<string, Segment[]>();
  for (const s of segments) {
    const list = byVcpu.get(s.vcpu) ?? [];
    list.push(s);
    byVcpu.set(s.vcpu, list);
  }
  const out: Segment[] = [];
  for (const list of byVcpu.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur: Segment | undefined;
    for (const s of list) {
      if (cur && s.from - cur.to <= resolution && (s.state === cur.state || s.to - s.from < resolution)) {
        cur.to = Math.max(cur.to, s.to);
        continue;
      }
      if (cur) out.push(cur);
      cur = { ...s };
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** Short text for the chart title: e.g. `slowest 20 of 50,000 requests (max 312 ms)`. */
export function timelineTitle(shown: number, total: number, maxMs: number): string {
  return t('slowest {0} of {1} requests (max {2})', shown, total.toLocaleString('en-US'), formatMs(maxMs));
}
