// tshark as the oracle of the capture tests: per-frame TCP analysis flags, ACK round trips
// and memcached request counts, read from `tshark -T fields`.
import { spawnSync } from 'node:child_process';

export interface TsharkFrame {
  frame: number;
  ackRttNs?: number;
  retransmission: boolean;
  fast: boolean;
  spurious: boolean;
  outOfOrder: boolean;
  dupAck: boolean;
  zeroWindow: boolean;
}

function fields(file: string, names: string[], extra: string[] = []): string[][] {
  const r = spawnSync('tshark', ['-n', '-r', file, ...extra, '-T', 'fields', '-E', 'separator=\t', ...names.flatMap((n) => ['-e', n])], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/** Seconds as tshark prints them ("0.000050000") to integer nanoseconds, exactly. */
function secondsToNs(s: string): number {
  const [i, f = ''] = s.split('.');
  return Number(i) * 1e9 + Number(f.padEnd(9, '0').slice(0, 9));
}

export function tsharkTcp(file: string): TsharkFrame[] {
  const rows = fields(file, [
    'frame.number', 'tcp.analysis.ack_rtt', 'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission',
    'tcp.analysis.spurious_retransmission', 'tcp.analysis.out_of_order', 'tcp.analysis.duplicate_ack', 'tcp.analysis.zero_window',
  ]);
  return rows.map((r) => ({
    frame: Number(r[0]),
    ackRttNs: r[1] ? secondsToNs(r[1]) : undefined,
    retransmission: !!r[2],
    fast: !!r[3],
    spurious: !!r[4],
    outOfOrder: !!r[5],
    dupAck: !!r[6],
    zeroWindow: !!r[7],
  }));
}

/** Memcached requests tshark's dissector finds (binary magic 0x80, or a text command), decoding `port` as memcache. */
export function tsharkMemcachedRequests(file: string, port: number): number {
  const rows = fields(file, ['memcache.magic', 'memcache.command'], ['-d', `tcp.port==${port},memcache`]);
  let n = 0;
  for (const r of rows) {
    if (r[0]) n += r[0].split(',').filter((m) => m === '128').length;
    if (r[1]) n += r[1].split(',').filter((c) => c.length > 0).length;
  }
  return n;
}
