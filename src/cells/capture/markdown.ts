import { t } from '../../l10n';
import { formatCount, formatMs } from '../../stats/format-ms';
import { summaryTable } from '../markdown-table';
import type { CaptureResult } from './result';

const MAX_STALL_LINES = 10;

/** Summary table, the capture's facts, the TCP totals and the slowest stalls with their TCP context. */
export function captureMarkdown(res: CaptureResult, title?: string): string {
  const c = res.capture;
  const tcp = res.tcp;
  const out: string[] = [];
  if (title) out.push(`**${title}**`, '');
  out.push(summaryTable(res.summary), '');
  const [answered, connections, packets, duration] = [formatCount(res.requests.answered), formatCount(res.connections.length), formatCount(c.packets), formatMs(c.durationMs)];
  const facts = [
    c.side === 'server'
      ? t('Wire latency (first request byte -> last response byte) of {0} requests on {1} connections, captured on the server ({2}, {3} packets over {4}).', answered, connections, c.format, packets, duration)
      : t('Wire latency (first request byte -> last response byte) of {0} requests on {1} connections, captured on the client ({2}, {3} packets over {4}).', answered, connections, c.format, packets, duration),
    ...(res.requests.quiet ? [t('{0} quiet requests had no response by design.', formatCount(res.requests.quiet))] : []),
    ...(res.requests.unanswered ? [t('{0} requests got no response in the capture.', formatCount(res.requests.unanswered))] : []),
  ];
  // Sentences one after the other, as the language writes them (a space in English, none in Chinese).
  out.push(facts.reduce((a, b) => t('{0} {1}', a, b)), '');
  const headers = [t('retransmissions'), t('fast'), t('spurious'), t('dup ACKs'), t('zero windows'), t('Nagle-held'), t('delayed ACKs'), t('bytes not captured')];
  out.push(
    `| ${headers.join(' | ')} |`,
    '|---|---|---|---|---|---|---|---|',
    `| ${tcp.retransmissions} | ${tcp.fastRetransmissions} | ${tcp.spuriousRetransmissions} | ${tcp.dupAcks} | ${tcp.zeroWindows} | ${tcp.nagleHeld} | ${tcp.delayedAcks} | ${formatCount(tcp.missingBytes)} |`,
  );
  if (res.stalls.length) {
    out.push('', t('Slowest stalls (of {0}):', formatCount(res.summary.stalls.count)), '');
    for (const s of res.stalls.slice(0, MAX_STALL_LINES)) {
      out.push(`- ${t('{0} at {1} (connection {2}, request {3}, {4}): {5}', formatMs(s.wireMs), formatMs(s.atMs), s.conn, s.index, s.op, s.context.length ? s.context.reduce((a, b) => t('{0}; {1}', a, b)) : '')}`);
    }
  }
  const drops = c.drops.filter((d) => (d.ifDrop ?? 0) + (d.osDrop ?? 0) > 0);
  for (const d of drops) out.push('', t('Warning: the capture dropped packets (interface {0}: {1} by the interface, {2} by the OS).', d.iface, d.ifDrop ?? 0, d.osDrop ?? 0));
  for (const w of c.warnings) out.push('', t('Warning: {0}', w));
  return out.join('\n');
}
