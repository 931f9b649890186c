// The capture cell's charts: wire latency over time with the TCP events marked, a
// time-sequence graph (tcptrace/Stevens style) of one stall's connection, and the histogram
// of the peers' ACK delays (a delayed-ACK mode shows as a hump near 40 ms).
import { VEGA_LITE_SCHEMA, tip, type VegaLiteSpec } from '../../charts/common';
import { logHistogram } from '../../stats/log-histogram';
import { roundSignificant } from '../../stats/format-ms';
import type { CaptureSummary } from '../../capture';
import type { CaptureResult } from './result';
import { t } from '../../l10n';

const WIDTH = 600;
const MAX_POINTS = 4000;
const r = (v: number) => roundSignificant(v, 6);
/** A tooltip field titled in the reader's language; untitled (Vega-Lite shows the field's name) when that is the same word, as in English. */
export function wireOverTimeSpec(res: CaptureResult, title: string): VegaLiteSpec {
  const rows = res.requests.rows.filter((row) => row.wireMs !== undefined);
  // Bounded whatever the capture size: every stall, then an even sample of the rest.
  const stalls = rows.filter((row) => row.wireMs! > res.summary.stalls.thresholdMs);
  const rest = rows.filter((row) => row.wireMs! <= res.summary.stalls.thresholdMs);
  const step = Math.max(1, Math.ceil(rest.length / Math.max(1, MAX_POINTS - stalls.length)));
  const points = [...stalls, ...rest.filter((_, i) => i % step === 0)].map((row) => ({
    t: r(row.reqFirstMs / 1000), ms: Math.max(r(row.wireMs!), 0.001), conn: row.conn, request: row.index, op: row.op, stall: row.wireMs! > res.summary.stalls.thresholdMs ? t('stall') : t('request'),
  }));
  const events = res.connections.flatMap((c) => c.events.map((e) => ({ t: r(e.t / 1000), kind: e.kind, conn: c.id, dir: e.dir, ms: e.ms === undefined ? null : r(e.ms) })));
  const x = { field: 't', type: 'quantitative', title: t('capture time (s)') };
  const layers: VegaLiteSpec[] = [
    {
      data: { values: points },
      mark: { type: 'point', filled: true, size: 18, opacity: 0.7 },
      encoding: {
        x,
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: t('wire latency (ms, log scale)') },
        shape: { field: 'stall', type: 'nominal', title: null },
        tooltip: [{ field: 'conn', title: t('connection') }, tip('request', t('request')), tip('op', t('op')), { field: 'ms', title: t('wire (ms)') }],
      },
    },
    {
      data: { values: [{ ms: res.summary.stalls.thresholdMs }] },
      mark: { type: 'rule', strokeDash: [6, 4] },
      encoding: { y: { field: 'ms', type: 'quantitative' }, tooltip: [{ field: 'ms', title: t('stall threshold (ms)') }] },
    },
  ];
  if (events.length) {
    layers.push({
      data: { values: events },
      mark: { type: 'rule', strokeWidth: 1, opacity: 0.6 },
      encoding: {
        x,
        color: { field: 'kind', type: 'nominal', title: t('TCP event') },
        tooltip: [tip('kind', t('kind')), { field: 'conn', title: t('connection') }, tip('dir', t('dir')), { field: 'ms', title: 'ms' }],
      },
    });
  }
  return { $schema: VEGA_LITE_SCHEMA, title, width: WIDTH, height: 260, layer: layers };
}

export interface SeqPoint {
  tMs: number;
  /** Relative sequence (bytes since the direction's first byte seen in the window). */
  seq: number;
  series: 'request data' | 'response data' | 'retransmission' | 'ACK of the response';
}

/** A series' name as the legend shows it (the points keep the English name as their key). */
function seriesLabel(s: SeqPoint['series']): string {
  switch (s) {
    case 'request data':
      return t('request data');
    case 'response data':
      return t('response data');
    case 'retransmission':
      return t('retransmission');
    case 'ACK of the response':
      return t('ACK of the response');
  }
}

export function timeSequenceSpec(points: SeqPoint[], title: string): VegaLiteSpec {
  const values = points.map((p) => ({ t: r(p.tMs), seq: p.seq, series: seriesLabel(p.series) }));
  const ackSeries = seriesLabel('ACK of the response');
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: WIDTH,
    height: 260,
    data: { values },
    layer: [
      {
        transform: [{ filter: `datum.series !== '${ackSeries}'` }],
        mark: { type: 'tick', orient: 'vertical', thickness: 2 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: t('capture time (ms)') },
          y: { field: 'seq', type: 'quantitative', title: t('sequence (bytes into the exchange)') },
          color: { field: 'series', type: 'nominal', title: null },
          tooltip: [{ field: 't', title: 'ms' }, tip('seq', t('seq')), tip('series', t('series'))],
        },
      },
      {
        transform: [{ filter: `datum.series === '${ackSeries}'` }],
        // Points too: a window with one ACK would draw no line at all.
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1, point: true },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'seq', type: 'quantitative' }, color: { field: 'series', type: 'nominal', title: null } },
      },
    ],
  };
}

export function ackDelaySpec(s: CaptureSummary, title: string): VegaLiteSpec | undefined {
  const rows: { lo: number; hi: number; count: number; by: string }[] = [];
  for (const by of ['server', 'client'] as const) {
    const all = s.connections.flatMap((c) => (by === 'server' ? c.ackDelaysMs.byServer : c.ackDelaysMs.byClient));
    for (const b of logHistogram(all, { binsPerDecade: 10, maxBins: 200 })) rows.push({ lo: r(b.lo), hi: r(b.hi), count: b.count, by: by === 'server' ? t('ACKs by the server') : t('ACKs by the client') });
  }
  if (rows.length === 0) return undefined;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: WIDTH,
    height: 200,
    data: { values: rows },
    mark: { type: 'rect', opacity: 0.7 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title: t('ACK delay: data segment -> its pure ACK (ms, log scale)') },
      x2: { field: 'hi' },
      y: { field: 'count', type: 'quantitative', title: t('ACKs'), stack: null },
      color: { field: 'by', type: 'nominal', title: null },
      tooltip: [{ field: 'lo', title: t('from (ms)') }, { field: 'hi', title: t('to (ms)') }, tip('count', t('count')), tip('by', t('by'))],
    },
  };
}
