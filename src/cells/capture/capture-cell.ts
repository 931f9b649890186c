// The xenlat-capture cell: a pcap/pcapng file read as evidence, in one streaming pass: the
// analysis of the whole capture, and the segments around the chosen stall for its
// time-sequence graph (time-sequence.ts keeps them while the file streams by).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyzeCaptureFile, CaptureFormatError, type AnalyzeOptions, type CaptureSummary, type RequestRow } from '../../capture';
import { latencyCharts } from '../../charts/latency-charts';
import { formatCount, formatMs } from '../../stats/format-ms';
import { msg, t } from '../../l10n';
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

/** The capture streamed through the analyzer, with progress every 32 MB. */
function streamFile(abs: string, opts: AnalyzeOptions, ctx: CellContext, size: number, label: string): Promise<CaptureSummary> {
  let lastReport = 0;
  return analyzeCaptureFile(abs, opts, ctx.signal, (read) => {
    if (read - lastReport <= 32 << 20) return;
    lastReport = read;
    ctx.progress({ message: `${label}: ${formatCount(Math.round(read / 1048576))} / ${formatCount(Math.round(size / 1048576))} MB`, fraction: size ? read / size : undefined });
  });
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
  const graph = new TimeSequenceTracker(spec.stallThresholdMs, spec.stall);
  const onRequest = (r: RequestRow) => {
    const kept = rows.rows.length;
    rows.add(r);
    graph.request(r, rows.rows.length > kept);
  };
  const opts: AnalyzeOptions = { protocol: spec.protocol, server: spec.server, onRequest, onSegment: graph.segment };
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
  const ts = graph.finish();
  if (ts) {
    const { row } = ts;
    const seqTitle = ts.cut
      ? t('{0}: time-sequence of connection {1}, request {2} ({3}) (not all of its segments were kept)', title, row.conn, row.index, formatMs(row.wireMs ?? 0))
      : t('{0}: time-sequence of connection {1}, request {2} ({3})', title, row.conn, row.index, formatMs(row.wireMs ?? 0));
    charts.push({ id: 'time-sequence', title: seqTitle, spec: timeSequenceSpec(ts.points, seqTitle) });
  }
  const ackTitle = t('{0}: ACK delays of the peers', title);
  const ack = ackDelaySpec(summary, ackTitle);
  if (ack) charts.push({ id: 'ack-delays', title: ackTitle, spec: ack });
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
  templateIntro: msg(
    '**Capture**: the wire\'s view of the same requests, from a packet capture taken with `tcpdump -w` (see docs/capture.md). Point `file` at your capture; until then this cell says the file is missing.',
  ),
});
