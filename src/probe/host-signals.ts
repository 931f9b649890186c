import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunClock } from './clock';
import { msg, t, tr } from '../l10n';

export interface SignalSeries {
  name: string;
  /** Where it comes from, e.g. `/proc/stat (cpu steal)`. */
  source: string;
  unit: string;
  description: string;
  present: boolean;
  /** Why it is absent (file missing, counter missing, not a Xen guest). */
  reason?: string;
  /** [ms since the run epoch at the end of the interval, change over the interval]. */
  points: [number, number][];
}

interface Reader {
  name: string;
  file: string;
  source: string;
  unit: string;
  description: string;
  /** The counter's current value, or a string saying why it is not available. */
  read(text: string): number | string;
}

/** USER_HZ is 100 on every mainstream Linux build; /proc/stat counts in it. */
const JIFFY_MS = 10;

function snmpField(text: string, section: string, field: string): number | string {
  const lines = text.split('\n').filter((l) => l.startsWith(`${section}:`));
  if (lines.length < 2) return t('no "{0}" section', section);
  const names = lines[0].trim().split(/\s+/);
  const values = lines[1].trim().split(/\s+/);
  const i = names.indexOf(field);
  if (i < 0) return t('no {0} {1} counter', section, field);
  return Number(values[i]);
}

const READERS: Reader[] = [
  {
    name: 'cpuSteal',
    file: 'stat',
    source: '/proc/stat (cpu steal)',
    unit: 'ms',
    description: msg('CPU time the hypervisor gave to other guests while this one wanted to run, summed over CPUs'),
    read: (text) => {
      const line = text.split('\n').find((l) => l.startsWith('cpu '));
      if (!line) return t('no aggregate "cpu" line');
      const f = line.trim().split(/\s+/);
      if (f.length < 9) return t('kernel reports no steal column');
      return Number(f[8]) * JIFFY_MS;
    },
  },
  {
    name: 'tcpRetransSegs',
    file: 'net/snmp',
    source: '/proc/net/snmp (Tcp RetransSegs)',
    unit: 'segments',
    description: msg('TCP segments retransmitted (host-wide)'),
    read: (text) => snmpField(text, 'Tcp', 'RetransSegs'),
  },
  {
    name: 'tcpTimeouts',
    file: 'net/netstat',
    source: '/proc/net/netstat (TcpExt TCPTimeouts)',
    unit: 'events',
    description: msg('TCP retransmission timeouts fired (RTO; ≥ 200 ms each on Linux)'),
    read: (text) => snmpField(text, 'TcpExt', 'TCPTimeouts'),
  },
  {
    name: 'tcpDelayedAcks',
    file: 'net/netstat',
    source: '/proc/net/netstat (TcpExt DelayedACKs)',
    unit: 'acks',
    description: msg('delayed ACKs sent (host-wide)'),
    read: (text) => snmpField(text, 'TcpExt', 'DelayedACKs'),
  },
  {
    name: 'xenEventIrqs',
    file: 'interrupts',
    source: '/proc/interrupts (xen event channels)',
    unit: 'interrupts',
    description: msg('Xen event-channel interrupts (netfront/blkfront/timer/IPIs), summed over CPUs'),
    read: (text) => {
      const lines = text.split('\n');
      const cpus = (lines[0] ?? '').trim().split(/\s+/).filter((c) => /^CPU\d+$/.test(c)).length;
      let sum = 0;
      let found = false;
      for (const line of lines.slice(1)) {
        if (!/xen|evtchn/i.test(line)) continue;
        found = true;
        const fields = line.trim().split(/\s+/).slice(1, 1 + cpus);
        for (const v of fields) if (/^\d+$/.test(v)) sum += Number(v);
      }
      return found ? sum : t('no Xen event-channel interrupts (not a Xen guest)');
    },
  },
];

/**
 * Samples host counters on the run clock every `intervalMs`. A file or counter that does not
 * exist is reported absent with the reason: a zero would claim "nothing happened" where in
 * truth nothing could be seen. `root` is injectable so tests can point it at a fake /proc.
 */
export class HostSampler {
  private timer?: NodeJS.Timeout;
  private last = new Map<string, number>();
  private reading?: Promise<void>;
  readonly series: SignalSeries[];

  constructor(private readonly clock: RunClock, private readonly root = '/proc', readonly intervalMs = 200) {
    this.series = READERS.map((r) => ({ name: r.name, source: r.source.replace('/proc', root), unit: r.unit, description: tr(r.description), present: true, points: [] }));
  }

  async start(): Promise<void> {
    await this.sample(true);
    this.timer = setInterval(() => {
      if (!this.reading) this.reading = this.sample(false).finally(() => (this.reading = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
    // One last sample closes the interval the run ended in.
    await this.sample(false);
  }

  private async sample(first: boolean): Promise<void> {
    const files = new Map<string, Promise<string | Error>>();
    for (const r of READERS) {
      if (!files.has(r.file)) files.set(r.file, readFile(join(this.root, r.file), 'utf8').catch((e: Error) => e));
    }
    const texts = new Map<string, string | Error>();
    for (const [f, p] of files) texts.set(f, await p);
    const t = this.clock.now();
    READERS.forEach((r, i) => {
      const s = this.series[i];
      if (!s.present) return;
      const text = texts.get(r.file)!;
      const v = text instanceof Error ? `${join(this.root, r.file)}: ${(text as NodeJS.ErrnoException).code ?? text.message}` : r.read(text);
      if (typeof v === 'string' || !Number.isFinite(v)) {
        s.present = false;
        s.reason = typeof v === 'string' ? v : tr(msg('unparseable counter'));
        s.points = [];
        return;
      }
      const prev = this.last.get(r.name);
      this.last.set(r.name, v);
      if (!first && prev !== undefined) s.points.push([t, v - prev]);
    });
    if (first) for (const s of this.series) if (s.present) s.points.push([t, 0]);
  }
}

export interface SignalMove {
  name: string;
  unit: string;
  delta: number;
}

/** Signals that moved during [start, end]: each sample covers (previous t, t]. */
export function signalsDuring(series: readonly SignalSeries[], start: number, end: number): SignalMove[] {
  const out: SignalMove[] = [];
  for (const s of series) {
    if (!s.present) continue;
    let delta = 0;
    for (let i = 1; i < s.points.length; i++) {
      const [t, d] = s.points[i];
      const t0 = s.points[i - 1][0];
      if (t > start && t0 < end) delta += d;
    }
    if (delta > 0) out.push({ name: s.name, unit: s.unit, delta });
  }
  return out;
}
