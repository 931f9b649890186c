// The xenlat-capture cell: a pcap/pcapng file read as evidence, in one streaming pass: the
// analysis of the whole capture, and the segments around the chosen stall for its
// time-sequence graph (time-sequence.ts keeps them while the file streams by).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CaptureAnalyzer, CaptureFormatError, type AnalyzeOptions, type CaptureSummary, type RequestRow } from '../../capture';
import { latencyCharts } from '../../charts/latency-charts';
import { formatCount, formatMs } from '../../stats/format-ms';
import { sortedCopy } from '../../stats/sorted';
import { defineCellKind } from '../define-kind';
import { keyDocs } from '../spec/schema';
import { CellError, type CellContext, type CellOutcome, type ChartOutput } from '../types';
import { checkCaptureSpec, type CaptureSpecCheck } from './check';
import { ackDelaySpec, timeSequenceSpec, wireOverTimeSpec } from './charts';
import { captureMarkdown } from './markdown';
import { buildResult, RowCollector } from './result';
import { CAPTURE_LANGUAGE, captureSchema } from './schema';
import { TimeSequenceTracker } from './time-sequence';

async function streamFile(abs: string, opts: AnalyzeOptions, ctx: CellContext, size: number): Promise<CaptureSummary> {
  const a = new CaptureAnalyzer(opts);
  let read = 0;
  let lastReport = 0;
  const stream = createReadStream(abs, { highWaterMark: 1 << 20, signal: ctx.signal });
  for await (const chunk of stream) {
    a.push(chunk as Buffer);
    read += (chunk as Buffer).length;
    if (read - lastReport > 32 << 20) {
      lastReport = read;
      ctx.progress({ message: `reading the capture: ${formatCount(Math.round(read / 1048576))} / ${formatCount(Math.round(size / 1048576))} MB`, fraction: size ? read / size : undefined });
    }
  }
  return a.finish();
}

async function runCapture({ spec, fileRange }: CaptureSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();
  const abs = resolve(ctx.notebookDir, spec.file);
  const fail = (message: string) => new CellError(message, [{ severity: 'error', message, path: 'file', range: fileRange }]);
  let size: number;
  try {
    size = (await stat(abs)).size;
  } catch (e) {
    throw fail(`file: cannot read "${spec.file}" (resolved to ${abs}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const rows = new RowCollector(spec.stallThresholdMs);
  const graph = new TimeSequenceTracker(spec.stallThresholdMs, spec.stall);
  const onRequest = (r: RequestRow) => {
    const kept = rows.rows.length;
    rows.add(r);
    graph.request(r, rows.rows.length > kept);
  };
  const opts: AnalyzeOptions = { protocol: spec.protocol, server: spec.server, onRequest, onSegment: graph.segment };
  let summary: CaptureSummary;
  try {
    summary = await streamFile(abs, opts, ctx, size);
  } catch (e) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (e instanceof CaptureFormatError) throw fail(`${spec.file}: ${e.message}`);
    throw e;
  }
  if (rows.wire.length === 0) {
    const why = summary.connections.length === 0
      ? `no TCP connection${spec.server ? ` to ${spec.server}` : ''} in ${formatCount(summary.packets)} packets`
      : `${summary.connections.length} connection(s) but no request with a response (protocol: ${spec.protocol}; try protocol: tcp or another server:)`;
    throw fail(`${spec.file}: no requests to measure: ${why}`);
  }
  const result = buildResult(spec, summary, rows);
  const title = spec.title ?? 'capture';
  const charts: ChartOutput[] = [
    ...latencyCharts({ sortedMs: sortedCopy(result.samples), summary: result.summary, title: `${title}: wire` }),
    { id: 'wire-over-time', title: `${title}: wire latency over time, TCP events marked`, spec: wireOverTimeSpec(result, `${title}: wire latency over time, TCP events marked`) },
  ];
  const ts = graph.finish();
  if (ts) {
    const { row } = ts;
    const cut = ts.cut ? ' (not all of its segments were kept)' : '';
    const t = `${title}: time-sequence of connection ${row.conn}, request ${row.index} (${formatMs(row.wireMs ?? 0)})${cut}`;
    charts.push({ id: 'time-sequence', title: t, spec: timeSequenceSpec(ts.points, t) });
  }
  const ack = ackDelaySpec(summary, `${title}: ACK delays of the peers`);
  if (ack) charts.push({ id: 'ack-delays', title: `${title}: ACK delays of the peers`, spec: ack });
  return { result, charts, markdown: captureMarkdown(result, spec.title) };
}

/** A starter cell, for a new notebook. */
const TEMPLATE = ['# Wire latency from a packet capture (tcpdump -w)', 'file: capture.pcap', 'protocol: memcached', 'side: client', 'stallThresholdMs: 50'].join('\n');

export const captureCell = defineCellKind<CaptureSpecCheck>({
  language: CAPTURE_LANGUAGE,
  check: checkCaptureSpec,
  keyDocs: () => keyDocs(captureSchema).map((d) => ({ ...d, docs: 'docs/capture.md#spec-keys' })),
  runChecked: runCapture,
  template: TEMPLATE,
  templateIntro:
    '**Capture**: the wire\'s view of the same requests, from a packet capture taken with `tcpdump -w` (see docs/capture.md). Point `file` at your capture; until then this cell says the file is missing.',
});
