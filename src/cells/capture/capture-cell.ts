// The xenlat-capture cell: a pcap/pcapng file read as evidence. One streaming pass analyses
// the whole capture; a second pass, bounded to one connection and a time window, draws the
// time-sequence graph of the chosen stall.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CaptureAnalyzer, CaptureFormatError, type AnalyzeOptions, type CaptureSummary, type RequestRow } from '../../capture';
import { A_FAST_RETRANSMISSION, A_RETRANSMISSION, A_SPURIOUS_RETRANSMISSION } from '../../capture/tcp-seq-analysis';
import { latencyCharts } from '../../charts/latency-charts';
import { formatCount, formatMs } from '../../stats/format-ms';
import { msg, t } from '../../l10n';
import { sortedCopy } from '../../stats/sorted';
import { defineCellKind } from '../define-kind';
import { keyDocs } from '../spec/schema';
import { CellError, type CellContext, type CellOutcome, type ChartOutput } from '../types';
import { checkCaptureSpec, type CaptureSpecCheck } from './check';
import { ackDelaySpec, timeSequenceSpec, wireOverTimeSpec, type SeqPoint } from './charts';
import { captureMarkdown } from './markdown';
import { buildResult, RowCollector, type CaptureResult } from './result';
import { CAPTURE_LANGUAGE, captureSchema, type CaptureSpec } from './schema';

async function streamFile(abs: string, opts: AnalyzeOptions, ctx: CellContext, size: number, label: string): Promise<CaptureSummary> {
  const a = new CaptureAnalyzer(opts);
  let read = 0;
  let lastReport = 0;
  const stream = createReadStream(abs, { highWaterMark: 1 << 20, signal: ctx.signal });
  for await (const chunk of stream) {
    a.push(chunk as Buffer);
    read += (chunk as Buffer).length;
    if (read - lastReport > 32 << 20) {
      lastReport = read;
      ctx.progress({ message: `${label}: ${formatCount(Math.round(read / 1048576))} / ${formatCount(Math.round(size / 1048576))} MB`, fraction: size ? read / size : undefined });
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
    throw fail(t('file: cannot read "{0}" (resolved to {1}): {2}', spec.file, abs, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  const rows = new RowCollector(spec.stallThresholdMs);
  const opts: AnalyzeOptions = { protocol: spec.protocol, server: spec.server, onRequest: rows.add };
  let summary: CaptureSummary;
  try {
    summary = await streamFile(abs, opts, ctx, size, t('reading the capture'));
  } catch (e) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (e instanceof CaptureFormatError) throw fail(`${spec.file}: ${e.message}`);
    throw e;
  }
  if (rows.wire.length === 0) {
    const why = summary.connections.length > 0
      ? t('{0} connection(s) but no request with a response (protocol: {1}; try protocol: tcp or another server:)', summary.connections.length, spec.protocol)
      : spec.server
        ? t('no TCP connection to {0} in {1} packets', spec.server, formatCount(summary.packets))
        : t('no TCP connection in {0} packets', formatCount(summary.packets));
    throw fail(t('{0}: no requests to measure: {1}', spec.file, why));
  }
  const result = buildResult(spec, summary, rows);
  const title = spec.title ?? t('capture');
  const charts: ChartOutput[] = [
    ...latencyCharts({ sortedMs: sortedCopy(result.samples), summary: result.summary, title: t('{0}: wire', title) }),
    { id: 'wire-over-time', title: t('{0}: wire latency over time, TCP events marked', title), spec: wireOverTimeSpec(result, t('{0}: wire latency over time, TCP events marked', title)) },
  ];
  const chosen = chooseRow(result, rows, spec.stall);
  if (chosen) {
    ctx.progress({ message: t('time-sequence graph of the chosen request'), fraction: 0.9 });
    const points = await timeSequencePoints(abs, spec, chosen, ctx, size);
    const seqTitle = t('{0}: time-sequence of connection {1}, request {2} ({3})', title, chosen.conn, chosen.index, formatMs(chosen.wireMs ?? 0));
    charts.push({ id: 'time-sequence', title: seqTitle, spec: timeSequenceSpec(points, seqTitle) });
  }
  const ackTitle = t('{0}: ACK delays of the peers', title);
  const ack = ackDelaySpec(summary, ackTitle);
  if (ack) charts.push({ id: 'ack-delays', title: ackTitle, spec: ack });
  return { result, charts, markdown: captureMarkdown(result, spec.title) };
}

/** The n-th slowest stall, or the slowest request when nothing stalled. */
function chooseRow(res: CaptureResult, rows: RowCollector, n: number): RequestRow | undefined {
  const stalls = [...rows.slow].sort((a, b) => b.wireMs! - a.wireMs!);
  if (stalls.length) return stalls[Math.min(n, stalls.length) - 1];
  return res.requests.rows.filter((r) => r.wireMs !== undefined).sort((a, b) => b.wireMs! - a.wireMs!)[0];
}

async function timeSequencePoints(abs: string, spec: CaptureSpec, row: RequestRow, ctx: CellContext, size: number): Promise<SeqPoint[]> {
  const end = row.resLastMs ?? row.reqLastMs;
  // A little either side of the request: enough to see what led in and out, not the neighbours.
  const pad = Math.max(0.5, 0.02 * (end - row.reqFirstMs));
  const from = row.reqFirstMs - pad;
  const to = end + pad;
  const points: SeqPoint[] = [];
  let reqBase: number | undefined;
  let resBase: number | undefined;
  const rel = (seq: number, base: number) => (seq - base) | 0;
  await streamFile(abs, {
    protocol: spec.protocol,
    server: spec.server,
    onSegment: ({ conn, t, fromClient, seg, verdict }) => {
      if (conn !== row.conn || t < from || t > to) return;
      if (seg.len > 0) {
        if (fromClient) reqBase ??= seg.seq;
        else resBase ??= seg.seq;
        const base = fromClient ? reqBase! : resBase!;
        const retrans = verdict.flags & (A_RETRANSMISSION | A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION);
        points.push({ tMs: t, seq: rel((seg.seq + seg.len) >>> 0, base), series: retrans ? 'retransmission' : fromClient ? 'request data' : 'response data' });
      }
      if (fromClient && resBase !== undefined && seg.flags & 0x10) points.push({ tMs: t, seq: rel(seg.ack, resBase), series: 'ACK of the response' });
    },
  }, ctx, size, t('time-sequence pass'));
  return points;
}

/** A starter cell, for a new notebook. */
const TEMPLATE = ['# Wire latency from a packet capture (tcpdump -w)', 'file: capture.pcap', 'protocol: memcached', 'side: client', 'stallThresholdMs: 50'].join('\n');

export const captureCell = defineCellKind<CaptureSpecCheck>({
  language: CAPTURE_LANGUAGE,
  check: checkCaptureSpec,
  keyDocs: () => keyDocs(captureSchema).map((d) => ({ ...d, docs: 'docs/capture.md#spec-keys' })),
  runChecked: runCapture,
  template: TEMPLATE,
  templateIntro: msg(
    '**Capture**: the wire\'s view of the same requests, from a packet capture taken with `tcpdump -w` (see docs/capture.md). Point `file` at your capture; until then this cell says the file is missing.',
  ),
});
