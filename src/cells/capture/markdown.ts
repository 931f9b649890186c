import { formatCount, formatMs } from '../../stats/format-ms';
import { summaryTable } from '../markdown-table';
import type { CaptureResult } from './result';

const MAX_STALL_LINES = 10;

/** Summary table, the capture's facts, the TCP totals and the slowest stalls with their TCP context. */
export function captureMarkdown(res: CaptureResult, title?: string): string {
  const c = res.capture;
  const t = res.tcp;
  const out: string[] = [];
  if (title) out.push(`**${title}**`, '');
  out.push(summaryTable(res.summary), '');
  out.push(
    `Wire latency (first request byte -> last response byte) of ${formatCount(res.requests.answered)} requests on ${formatCount(res.connections.length)} connections, ` +
      `captured on the ${c.side} (${c.format}, ${formatCount(c.packets)} packets over ${formatMs(c.durationMs)}).` +
      (res.requests.quiet ? ` ${formatCount(res.requests.quiet)} quiet requests had no response by design.` : '') +
      (res.requests.unanswered ? ` ${formatCount(res.requests.unanswered)} requests got no response in the capture.` : ''),
    '',
  );
  out.push(
    '| retransmissions | fast | spurious | dup ACKs | zero windows | Nagle-held | delayed ACKs | bytes not captured |',
    '|---|---|---|---|---|---|---|---|',
    `| ${t.retransmissions} | ${t.fastRetransmissions} | ${t.spuriousRetransmissions} | ${t.dupAcks} | ${t.zeroWindows} | ${t.nagleHeld} | ${t.delayedAcks} | ${formatCount(t.missingBytes)} |`,
  );
  if (res.stalls.length) {
    out.push('', `Slowest stalls (of ${formatCount(res.summary.stalls.count)}):`, '');
    for (const s of res.stalls.slice(0, MAX_STALL_LINES)) {
      out.push(`- ${formatMs(s.wireMs)} at ${formatMs(s.atMs)} (connection ${s.conn}, request ${s.index}, ${s.op}): ${s.context.join('; ')}`);
    }
  }
  const drops = c.drops.filter((d) => (d.ifDrop ?? 0) + (d.osDrop ?? 0) > 0);
  for (const d of drops) out.push('', `Warning: the capture dropped packets (interface ${d.iface}: ${d.ifDrop ?? 0} by the interface, ${d.osDrop ?? 0} by the OS).`);
  for (const w of c.warnings) out.push('', `Warning: ${w}`);
  return out.join('\n');
}
