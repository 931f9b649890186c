// Configuration of the Xen request/response model: the nested plain object a `xenlat-sim` cell
// writes in YAML, its defaults, a deep merge that rejects unknown keys, validation, and a
// machine-readable description of every key (CONFIG_DOCS) for the cell kind's schema and hovers.
//
// Units are in the key names (…Us µs, …Ms ms, …PerSec, …Bytes, …Percent). Defaults follow
// /work/shared/research/xen-io-model.md (§2.1 credit scheduler, §3 TCP and pool constants, §5.2
// stage costs); the µs stage costs are engineering estimates calibrated by the bulk mode.

import { msg, t } from '../../l10n';
import { budgetIssues } from './run-budget';
import { XEN_VERSIONS, type SimConfig } from './config-types';

export type { DeepPartial, OsProfile, SimConfig, XenVersion } from './config-types';

export const DEFAULT_CONFIG: SimConfig = {
  requests: 20_000,
  ratePerSec: 1000,
  warmupMs: 100,
  stallThresholdMs: 10,
  trace: { slowest: 20, windowMs: 150 },
  pcpus: 2,
  xen: { version: '4.1' },
  scheduler: {
    kind: null,
    tsliceMs: 30,
    tickMs: null,
    acctMs: null,
    ratelimitUs: null,
    boost: true,
    debit: null,
    guestWeight: 256,
    guestCapPercent: 0,
    contextSwitchUs: 2,
    idleWakeUs: 10,
    credit2MinTimerUs: 500,
    credit2MaxTimerUs: 10_000,
    credit2CreditInitMs: 10,
  },
  guest: {
    os: 'linux',
    vcpus: 1,
    firstPcpu: 0,
    evtchnVcpu: 0,
    appVcpu: 0,
    cpuLoad: [],
    burstMs: 5,
    sendUs: 15,
    sendSigma: 0.5,
    isrUs: 10,
    readUs: 20,
    ipiUs: 5,
  },
  dom0: {
    dedicated: true,
    vcpus: 1,
    pcpu: 1,
    weight: 256,
    cpuLoad: 0,
    burstMs: 2,
    netbackTxUs: 8,
    rxDriverUs: 6,
    evtchnUs: 3,
  },
  neighbours: {
    cpuBound: 0,
    bursty: 0,
    burstyLoad: 0.3,
    burstMs: 10,
    weight: 256,
    capPercent: 0,
    pcpus: [0],
  },
  netback: {
    rxCopyUs: 4,
    pageFlip: false,
    flipDom0Us: 3,
    flipGuestUs: 2,
    rateLimitBytesPerSec: 0,
    rateLimitWindowMs: 50,
    guestTxBackgroundBytesPerSec: 0,
    guestRxBackgroundPktsPerSec: 0,
    rxQueuePackets: 256,
  },
  rings: { slots: 256 },
  nic: { itrUs: 125, txUs: 2 },
  wire: { oneWayUs: 50, sigma: 0.3, gbps: 1 },
  server: { os: 'linux', serviceUs: 300, sigma: 0.7, slowProb: 0, slowMs: 20, pauseEveryMs: 0, pauseMs: 100, pauseSigma: 0.3, connectUs: 20 },
  request: { bytes: 100 },
  response: { bytes: 1024 },
  tcp: {
    mss: 1448,
    nagle: false,
    splitWriteFraction: 0,
    delayedAckMs: null,
    lossRate: 0,
    rtoMinMs: null,
    tlp: { guest: null, server: null },
    newConnectionFraction: 0,
  },
  pool: { size: 20, queueTimeoutMs: 100 },
  guestPause: { meanIntervalMs: 0, pauseMs: 50, sigma: 0.3 },
  clock: { resolutionMs: 0 },
};

export type ConfigValueType = 'integer' | 'number' | 'boolean' | 'enum' | 'number[]' | 'integer[]';

export interface ConfigKeyDoc {
  path: string;
  type: ConfigValueType;
  unit: string;
  default: unknown;
  description: string;
  allowed?: readonly string[];
  min?: number;
  max?: number;
  /** Set when the key may be null (its default): what the value is then taken from. */
  derivedFrom?: string;
}

type DocRow = [path: string, type: ConfigValueType, unit: string, description: string, extra?: { allowed?: readonly string[]; min?: number; max?: number; derivedFrom?: string }];
const FROM_VERSION = msg('the release (xen.version)');

// One row per leaf key; the default is read from DEFAULT_CONFIG so the two cannot disagree.
const ROWS: DocRow[] = [
  ['requests', 'integer', 'count', msg('Number of simulated requests (memcached-style gets).'), { min: 1, max: 50_000_000 }],
  ['ratePerSec', 'number', '1/s', msg('Poisson arrival rate of requests (open loop).'), { min: 0.001, max: 10_000_000 }],
  ['warmupMs', 'number', 'ms', msg('Simulated time before the first arrival, so credits and background load settle.'), { min: 0 }],
  ['stallThresholdMs', 'number', 'ms', msg('A request whose application latency exceeds this is a stall.'), { min: 0 }],
  ['trace.slowest', 'integer', 'count', msg('How many of the slowest stalled requests keep the vCPU intervals around them.'), { min: 0, max: 1000 }],
  ['trace.windowMs', 'number', 'ms', msg('Window kept before a traced request arrived (the request itself is always covered).'), { min: 0 }],
  ['pcpus', 'integer', 'count', msg("Physical CPUs shared by the guest, neighbours (and dom0 unless dedicated): one cpupool."), { min: 1, max: 64 }],
  ['xen.version', 'enum', '', msg('Xen release whose scheduler semantics the run uses: credit1 before 4.12, credit2 from 4.12; tick-based debit before 4.0, exact accounting from 4.0; ratelimit 1000 µs and tick = tslice/3, accounting period = tslice from 4.2. Scheduler keys written in the spec override it.'), { allowed: XEN_VERSIONS }],
  ['scheduler.kind', 'enum', '', msg('Xen scheduler of the shared cpupool: credit (credit1) or credit2. Unset: credit before Xen 4.12, credit2 from 4.12.'), { allowed: ['credit', 'credit2'], derivedFrom: FROM_VERSION }],
  ['scheduler.tsliceMs', 'number', 'ms', msg('credit1 timeslice (CSCHED_DEFAULT_TSLICE_MS 30; sched_credit_tslice_ms since Xen 4.2, which also derives the tick and accounting period from it).'), { min: 0.1 }],
  ['scheduler.tickMs', 'number', 'ms', msg('credit1 tick: debit (tick mode), activation and BOOST removal happen here. Unset: 10 ms before Xen 4.2 (CSCHED_MSECS_PER_TICK), tslice/3 from 4.2.'), { min: 0.1, derivedFrom: FROM_VERSION }],
  ['scheduler.acctMs', 'number', 'ms', msg('credit1 accounting period: credits handed out by weight, UNDER/OVER recomputed, credit clamped. Unset: 30 ms before Xen 4.2, tslice from 4.2.'), { min: 0.1, derivedFrom: FROM_VERSION }],
  ['scheduler.ratelimitUs', 'number', 'µs', msg('Minimum run time before a waking vCPU may preempt. Unset: 0 before Xen 4.2, 1000 from 4.2 (SCHED_DEFAULT_RATELIMIT_US).'), { min: 0, derivedFrom: FROM_VERSION }],
  ['scheduler.boost', 'boolean', '', msg('credit1 BOOST: an UNDER vCPU that wakes from blocked preempts non-boosted ones.')],
  ['scheduler.debit', 'enum', '', msg("How credit is debited: 'tick' (the vCPU running at a tick pays a whole tick) or 'exact' (by measured run time). Unset: tick before Xen 4.0, exact from 4.0."), { allowed: ['tick', 'exact'], derivedFrom: FROM_VERSION }],
  ['scheduler.guestWeight', 'integer', '', msg('Weight of the guest domain (default 256).'), { min: 1, max: 65535 }],
  ['scheduler.guestCapPercent', 'number', '% of one pCPU', msg('Cap of the guest domain; 0 = uncapped. A capped domain is parked when its credit runs out.'), { min: 0, max: 6400 }],
  ['scheduler.contextSwitchUs', 'number', 'µs', msg('Cost of switching a pCPU to another vCPU.'), { min: 0 }],
  ['scheduler.idleWakeUs', 'number', 'µs', msg('Latency to wake an idle pCPU for a vCPU (idle-state exit, IPI).'), { min: 0 }],
  ['scheduler.credit2MinTimerUs', 'number', 'µs', msg('credit2 minimum run time (CSCHED2_MIN_TIMER 500).'), { min: 1 }],
  ['scheduler.credit2MaxTimerUs', 'number', 'µs', msg('credit2 maximum run time between decisions (CSCHED2_MAX_TIMER 10 ms; 2 ms in older trees).'), { min: 1 }],
  ['scheduler.credit2CreditInitMs', 'number', 'ms', msg('credit2 credit given at each reset (CSCHED2_CREDIT_INIT 10 ms).'), { min: 0.1 }],
  ['guest.os', 'enum', '', msg("The guest's TCP stack: sets the defaults of its minimum RTO (linux 200 ms, windows 300 ms), tail-loss probe (linux on, windows off) and Nagle variant (linux: Minshall, a sub-MSS tail is held only behind another unacknowledged small segment; windows: classic, held behind any unacknowledged data)."), { allowed: ['linux', 'windows'] }],
  ['guest.vcpus', 'integer', 'count', msg('vCPUs of the guest; vCPU j runs on pCPU (firstPcpu + j) mod pcpus.'), { min: 1, max: 64 }],
  ['guest.firstPcpu', 'integer', 'index', msg("pCPU of the guest's vCPU 0."), { min: 0 }],
  ['guest.evtchnVcpu', 'integer', 'index', msg('vCPU the netfront event channel is bound to (runs the ISR/DPC, hence the packet capture).'), { min: 0 }],
  ['guest.appVcpu', 'integer', 'index', msg('vCPU that runs the application thread; -1 = request i on vCPU i mod vcpus.'), { min: -1 }],
  ['guest.cpuLoad', 'number[]', 'fraction of a vCPU', msg("Background CPU demand of the guest's own work (e.g. a web server), per vCPU, in bursts."), { min: 0, max: 1 }],
  ['guest.burstMs', 'number', 'ms', msg('Mean length of a background CPU burst of the guest (exponential).'), { min: 0.001 }],
  ['guest.sendUs', 'number', 'µs', msg('Median CPU cost of send(): TCP/IP, NDIS, netfront TX (lognormal).'), { min: 0 }],
  ['guest.sendSigma', 'number', '', msg('Lognormal σ of the send cost.'), { min: 0 }],
  ['guest.isrUs', 'number', 'µs', msg('Guest ISR/DPC cost before the packet is indicated to the stack (the capture point).'), { min: 0 }],
  ['guest.readUs', 'number', 'µs', msg('Guest TCP/IP receive + wake of the application thread + read() return.'), { min: 0 }],
  ['guest.ipiUs', 'number', 'µs', msg('Inter-vCPU wake-up latency when the app thread runs on another vCPU than the ISR.'), { min: 0 }],
  ['dom0.dedicated', 'boolean', '', msg("dom0 on its own pCPUs (its own cpupool, e.g. dom0_vcpus_pin); false = shares the guest's pCPUs."), {}],
  ['dom0.vcpus', 'integer', 'count', msg('vCPUs of dom0 (netback runs on vCPU 0).'), { min: 1, max: 64 }],
  ['dom0.pcpu', 'integer', 'index', msg('pCPU of dom0 vCPU 0 when not dedicated.'), { min: 0 }],
  ['dom0.weight', 'integer', '', msg('Weight of dom0.'), { min: 1, max: 65535 }],
  ['dom0.cpuLoad', 'number', 'fraction of a vCPU', msg("dom0's own CPU demand (other guests' I/O, toolstack), in bursts, on vCPU 0."), { min: 0, max: 1 }],
  ['dom0.burstMs', 'number', 'ms', msg('Mean length of a dom0 background burst.'), { min: 0.001 }],
  ['dom0.netbackTxUs', 'number', 'µs', msg('Netback TX per packet: grant copy/map, skb, bridge, NIC xmit.'), { min: 0 }],
  ['dom0.rxDriverUs', 'number', 'µs', msg('dom0 NIC driver (NAPI) + bridge per received packet.'), { min: 0 }],
  ['dom0.evtchnUs', 'number', 'µs', msg('Event-channel delivery latency (hypercall + upcall) when a notification is sent.'), { min: 0 }],
  ['neighbours.cpuBound', 'integer', 'count', msg('Neighbour VMs (one vCPU each) that always want the CPU.'), { min: 0, max: 256 }],
  ['neighbours.bursty', 'integer', 'count', msg('Neighbour VMs with bursty CPU demand.'), { min: 0, max: 256 }],
  ['neighbours.burstyLoad', 'number', 'fraction of a vCPU', msg('Mean CPU demand of each bursty neighbour.'), { min: 0, max: 1 }],
  ['neighbours.burstMs', 'number', 'ms', msg('Mean burst length of bursty neighbours.'), { min: 0.001 }],
  ['neighbours.weight', 'integer', '', msg('Weight of each neighbour domain.'), { min: 1, max: 65535 }],
  ['neighbours.capPercent', 'number', '% of one pCPU', msg('Cap of each neighbour; 0 = uncapped.'), { min: 0, max: 100 }],
  ['neighbours.pcpus', 'integer[]', 'index', msg('pCPU of neighbour i is pcpus[i mod length] (cpu-bound ones first, then bursty).'), { min: 0 }],
  ['netback.rxCopyUs', 'number', 'µs', msg('Netback RX grant copy into a guest-posted buffer, per packet.'), { min: 0 }],
  ['netback.pageFlip', 'boolean', '', msg('Legacy RX page flipping (page transfer + remap) instead of grant copy.')],
  ['netback.flipDom0Us', 'number', 'µs', msg('dom0-side cost of a page flip (page transfer, p2m update, TLB flush) per packet; with flipGuestUs calibrated so the bulk mode reproduces the 820 Mb/s guest receive Menon et al. measured on Xen 3.0\'s flip path.'), { min: 0 }],
  ['netback.flipGuestUs', 'number', 'µs', msg('Guest-side cost of a page flip (remap of the received page, TLB flush) per packet.'), { min: 0 }],
  ['netback.rateLimitBytesPerSec', 'number', 'B/s', msg('Per-vif TX shaper rate (credit_bytes per credit_usec); 0 = unlimited (default).'), { min: 0 }],
  ['netback.rateLimitWindowMs', 'number', 'ms', msg('Shaper replenish window credit_usec (libxl default 50 ms).'), { min: 0.1 }],
  ['netback.guestTxBackgroundBytesPerSec', 'number', 'B/s', msg("The guest's other transmit traffic on the same vif (competes for shaper credit and TX ring slots)."), { min: 0 }],
  ['netback.guestRxBackgroundPktsPerSec', 'number', 'packets/s', msg("The guest's other received traffic (consumes posted RX buffers while the guest does not run)."), { min: 0 }],
  ['netback.rxQueuePackets', 'integer', 'packets', msg('Netback RX queue beyond the ring; packets arriving when both are full are dropped.'), { min: 0 }],
  ['rings.slots', 'integer', 'slots', msg('Slots of the TX and RX shared rings (256 with one-page rings).'), { min: 1, max: 65536 }],
  ['nic.itrUs', 'number', 'µs', msg('NIC RX interrupt moderation interval (125 = static 8000 int/s; 0 = none).'), { min: 0 }],
  ['nic.txUs', 'number', 'µs', msg('NIC transmit latency (DMA, doorbell).'), { min: 0 }],
  ['wire.oneWayUs', 'number', 'µs', msg('Median one-way latency of wire, switches and proxy to the server (lognormal).'), { min: 0 }],
  ['wire.sigma', 'number', '', msg('Lognormal σ of the one-way latency.'), { min: 0 }],
  ['wire.gbps', 'number', 'Gb/s', msg('Link rate for serialisation delay.'), { min: 0.001 }],
  ['server.os', 'enum', '', msg("The server's TCP stack: sets the defaults of its delayed-ACK timer (linux 40 ms, windows 200 ms), minimum RTO and tail-loss probe."), { allowed: ['linux', 'windows'] }],
  ['server.serviceUs', 'number', 'µs', msg('Median server service time (lognormal).'), { min: 0 }],
  ['server.sigma', 'number', '', msg('Lognormal σ of the service time.'), { min: 0 }],
  ['server.slowProb', 'number', 'probability', msg('Probability of a slow server response (GC, proxy queueing).'), { min: 0, max: 1 }],
  ['server.slowMs', 'number', 'ms', msg('Mean extra time of a slow server response (exponential).'), { min: 0 }],
  ['server.pauseEveryMs', 'number', 'ms', msg('Mean time between pauses of the whole server process (GC, a CPU-throttled container); 0 = off. A request reaching a paused server is answered when the pause ends.'), { min: 0 }],
  ['server.pauseMs', 'number', 'ms', msg('Median length of a server pause (lognormal).'), { min: 0 }],
  ['server.pauseSigma', 'number', '', msg('Lognormal σ of the server pause length.'), { min: 0 }],
  ['server.connectUs', 'number', 'µs', msg("Server kernel's handling of a SYN (SYN-ACK out), per connect."), { min: 0 }],
  ['request.bytes', 'integer', 'B', msg('Request size on the wire (a get: header + key). Above tcp.mss it leaves as several segments.'), { min: 1, max: 16_777_216 }],
  ['response.bytes', 'integer', 'B', msg('Response size on the wire (header + value). Its segment count decides how a lost tail is recovered (tail-loss probe).'), { min: 1, max: 16_777_216 }],
  ['tcp.mss', 'integer', 'B', msg('Maximum segment size (1448 = Ethernet MTU with TCP timestamps).'), { min: 88, max: 65_495 }],
  ['tcp.nagle', 'boolean', '', msg("Nagle on the client socket (NoDelay = false). It holds a sub-MSS segment while earlier data is unacknowledged: the tail of a request larger than tcp.mss (classic Nagle, guest.os windows) or the second write of a split request (tcp.splitWriteFraction).")],
  ['tcp.splitWriteFraction', 'number', 'fraction', msg('Fraction of requests written in two send() calls (header, then key/value): with Nagle the second waits for the ACK of the first.'), { min: 0, max: 1 }],
  ['tcp.delayedAckMs', 'number', 'ms', msg("Server's delayed-ACK timer. Unset: from server.os (Linux TCP_DELACK_MIN 40 ms; Windows 200 ms)."), { min: 0, derivedFrom: 'server.os' }],
  ['tcp.lossRate', 'number', 'probability', msg('Probability that a packet (segment) is lost on the wire, each direction, each transmission.'), { min: 0, max: 1 }],
  ['tcp.rtoMinMs', 'number', 'ms', msg('Minimum retransmission timeout of both sides. Unset: per side from its OS (Linux TCP_RTO_MIN 200 ms, Windows 300 ms).'), { min: 1, derivedFrom: 'guest.os / server.os' }],
  ['tcp.tlp.guest', 'boolean', '', msg("Tail-loss probe on the guest's side (Linux ≥ 3.10 tcp_schedule_loss_probe). Unset: from guest.os (linux on, windows off)."), { derivedFrom: 'guest.os' }],
  ['tcp.tlp.server', 'boolean', '', msg("Tail-loss probe on the server's side. Unset: from server.os."), { derivedFrom: 'server.os' }],
  ['tcp.newConnectionFraction', 'number', 'fraction', msg('Fraction of requests that first open a new TCP connection (handshake through the same Xen path); their connect latency is reported separately.'), { min: 0, max: 1 }],
  ['pool.size', 'integer', 'connections', msg('Client socket pool size (Enyim maxPoolSize 20).'), { min: 1, max: 100_000 }],
  ['pool.queueTimeoutMs', 'number', 'ms', msg('How long a request waits for a pooled connection before failing (Enyim queueTimeout 100 ms).'), { min: 0 }],
  ['guestPause.meanIntervalMs', 'number', 'ms', msg('Mean time between guest-internal pauses of the application (GC); 0 = off.'), { min: 0 }],
  ['guestPause.pauseMs', 'number', 'ms', msg('Median pause length (lognormal).'), { min: 0 }],
  ['guestPause.sigma', 'number', '', msg('Lognormal σ of the pause length.'), { min: 0 }],
  ['clock.resolutionMs', 'number', 'ms', msg('Resolution of the clock the application logs with (DateTime.Now ≈ 15.6 ms); 0 = exact.'), { min: 0 }],
];

function getPath(obj: unknown, path: string): unknown {
  let o: any = obj;
  for (const k of path.split('.')) o = o?.[k];
  return o;
}

export const CONFIG_DOCS: readonly ConfigKeyDoc[] = ROWS.map(([path, type, unit, description, extra]) => ({
  path,
  type: type,
  unit,
  default: structuredClone(getPath(DEFAULT_CONFIG, path)),
  description,
  ...(extra ?? {}),
}));

const DOC_BY_PATH = new Map(CONFIG_DOCS.map((d) => [d.path, d]));

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Deep merge of plain objects: `overrides` wins, arrays are replaced whole. Unknown keys (not in
 * `base`) throw with their dotted path, so a typo in a cell never silently does nothing.
 */
export function mergeConfig<T>(base: T, overrides: unknown, prefix = ''): T {
  if (overrides === undefined || overrides === null) return structuredClone(base);
  if (!isPlainObject(overrides)) throw new TypeError(`${prefix || 'config'}: expected an object`);
  const out: any = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (!isPlainObject(base) || !(k in (base as object))) throw new Error(`unknown config key '${path}'`);
    const b = (base as any)[k];
    if (isPlainObject(b)) {
      if (!isPlainObject(v)) throw new TypeError(`config key '${path}' must be an object`);
      out[k] = mergeConfig(b, v, path);
    } else {
      if (isPlainObject(v)) throw new TypeError(`config key '${path}' takes a value, not an object (unknown keys ${Object.keys(v).map((x) => `'${path}.${x}'`).join(', ')})`);
      out[k] = Array.isArray(v) ? [...v] : v;
    }
  }
  return out as T;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

/** Type and range checks against CONFIG_DOCS plus cross-key rules; empty when valid. */
export function validateConfig(c: SimConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const d of CONFIG_DOCS) {
    const v = getPath(c, d.path);
    if (v === null && d.derivedFrom !== undefined) continue;
    const bad = (message: string) => issues.push({ path: d.path, message });
    const checkNum = (x: unknown, integer: boolean, where = d.path) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) return bad(t('{0}: expected a finite number, got {1}', where, String(JSON.stringify(x))));
      if (integer && !Number.isInteger(x)) return bad(t('{0}: expected an integer, got {1}', where, x));
      if (d.min !== undefined && x < d.min) return bad(t('{0}: must be ≥ {1}, got {2}', where, d.min, x));
      if (d.max !== undefined && x > d.max) return bad(t('{0}: must be ≤ {1}, got {2}', where, d.max, x));
    };
    switch (d.type) {
      case 'integer':
      case 'number':
        checkNum(v, d.type === 'integer');
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad(t('{0}: expected true or false, got {1}', d.path, String(JSON.stringify(v))));
        break;
      case 'enum':
        if (typeof v !== 'string' || !d.allowed!.includes(v)) bad(t('{0}: expected one of {1}, got {2}', d.path, d.allowed!.join(', '), String(JSON.stringify(v))));
        break;
      case 'number[]':
      case 'integer[]':
        if (!Array.isArray(v)) bad(t('{0}: expected a list of numbers', d.path));
        else v.forEach((x, i) => checkNum(x, d.type === 'integer[]', `${d.path}[${i}]`));
        break;
    }
  }
  if (issues.length) return issues;
  if (c.guest.evtchnVcpu >= c.guest.vcpus) issues.push({ path: 'guest.evtchnVcpu', message: t('guest.evtchnVcpu must be < guest.vcpus ({0})', c.guest.vcpus) });
  if (c.guest.appVcpu >= c.guest.vcpus) issues.push({ path: 'guest.appVcpu', message: t('guest.appVcpu must be < guest.vcpus ({0}) or -1', c.guest.vcpus) });
  if (c.guest.cpuLoad.length > c.guest.vcpus) issues.push({ path: 'guest.cpuLoad', message: t('guest.cpuLoad has {0} entries for {1} vCPUs', c.guest.cpuLoad.length, c.guest.vcpus) });
  if (c.neighbours.pcpus.length === 0) issues.push({ path: 'neighbours.pcpus', message: t('neighbours.pcpus must list at least one pCPU') });
  for (const [i, p] of c.neighbours.pcpus.entries()) if (p >= c.pcpus) issues.push({ path: 'neighbours.pcpus', message: t('neighbours.pcpus[{0}] = {1} is not a pCPU (pcpus = {2})', i, p, c.pcpus) });
  if (c.guest.firstPcpu >= c.pcpus) issues.push({ path: 'guest.firstPcpu', message: t('guest.firstPcpu must be < pcpus ({0})', c.pcpus) });
  if (!c.dom0.dedicated && c.dom0.pcpu >= c.pcpus) issues.push({ path: 'dom0.pcpu', message: t('dom0.pcpu must be < pcpus ({0}) when dom0 is not dedicated', c.pcpus) });
  if (c.neighbours.cpuBound + c.neighbours.bursty + c.guest.vcpus + c.dom0.vcpus > 1000) issues.push({ path: 'neighbours', message: t('too many vCPUs (max 1000)') });
  // Only a valid config can be estimated; one that would not finish or fit is refused up front.
  if (issues.length === 0) issues.push(...budgetIssues(c));
  return issues;
}

/** Throws one error listing every issue. */
export function assertValidConfig(c: SimConfig): void {
  const issues = validateConfig(c);
  if (issues.length) throw new Error(`invalid simulation config:\n  ${issues.map((i) => i.message).join('\n  ')}`);
}

/** The doc of one key, for hovers. */
export function configDoc(path: string): ConfigKeyDoc | undefined {
  return DOC_BY_PATH.get(path);
}
