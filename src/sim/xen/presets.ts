// Named hypotheses: each preset is a set of overrides of DEFAULT_CONFIG that switches on one
// stall mechanism (or, for black-0.1s, the combination that reproduces the founding case).
// Sources are those of /work/shared/research/xen-io-model.md.

import { msg } from '../../l10n';
import type { DeepPartial, SimConfig } from './config';

export interface Preset {
  summary: string;
  explanation: string;
  overrides: DeepPartial<SimConfig>;
}

export const PRESETS = {
  baseline: {
    summary: msg('No contention: dedicated dom0, no neighbours, no timers firing. Latency is µs of CPU plus the wire and server.'),
    explanation:
      msg("The guest's one vCPU has a pCPU to itself and dom0 runs netback on its own pCPU, so every wake-up is immediate (an UNDER vCPU is BOOSTed on an idle pCPU) and the per-packet CPU costs are microseconds. Nagle is off as in the Enyim client, nothing is lost, the pool is never exhausted, and the application never pauses, so the latency is the wire round trip plus the server's service time, with no stalls."),
    overrides: {},
  },
  'vcpu-contention': {
    summary: msg("k CPU-bound neighbours share the guest's pCPU under credit1: waits of up to k × 30 ms timeslices."),
    explanation:
      msg("Three CPU-bound neighbour vCPUs share the guest's only pCPU under the credit scheduler of Xen 3.4 (tick-based debit, before exact accounting arrived in 4.0; no ratelimit, which arrived in 4.2). The guest is mostly idle, so when it wakes UNDER it is BOOSTed and preempts at once; but the vCPU running at a 10 ms tick is charged a whole tick, so the guest sometimes ends an accounting period OVER, and its own background work keeps it runnable at times. A request that needs the vCPU then waits without BOOST behind every UNDER neighbour, each of which runs a full 30 ms timeslice: stalls up to about 30·k ms, growing with the number of neighbours. They shrink with short slices on Xen 4.2+ (where the tick and accounting period follow the slice) and vanish with credit2 (the default from 4.12); exact accounting alone (4.0, 4.1) does not remove them, because a mostly idle vCPU is debited while off the active list and comes back OVER at the next accounting (Xen credit scheduler source; Bobtail NSDI'13; vSnoop/vFlood)."),
    overrides: {
      pcpus: 1,
      dom0: { dedicated: true },
      neighbours: { cpuBound: 3, pcpus: [0] },
      guest: { cpuLoad: [0.08] },
      xen: { version: '3.4' },
      ratePerSec: 200,
    },
  },
  'dom0-contention': {
    summary: msg("dom0 shares a pCPU with CPU-bound neighbours: netback waits for dom0's vCPU, so packets are late BEFORE the guest captures them."),
    explanation:
      msg("On Xen 3.4 (tick-based debit), dom0 is not pinned to its own cores: its vCPU shares a pCPU with three CPU-bound neighbours, and it has work of its own (other guests' I/O). When dom0's vCPU is runnable but descheduled, or wakes OVER, netback cannot move the request to the NIC or the response into the guest until dom0 gets its next slice, up to tens of ms. Every guest on the host is delayed at once, and the delay sits in the dom0-tx / dom0-rx / netback-rx stages, before the packet reaches the guest's capture point, which is why dedicating cores to dom0 is the standard advice (Whiteaker et al. CCR'11: competing VMs add up to 100 ms, mostly on send; Xen best practices dom0_vcpus_pin)."),
    overrides: {
      pcpus: 2,
      dom0: { dedicated: false, pcpu: 1, cpuLoad: 0.2, burstMs: 2 },
      neighbours: { cpuBound: 3, pcpus: [1] },
      xen: { version: '3.4' },
      ratePerSec: 200,
    },
  },
  'netback-rate-limit': {
    summary: msg("A per-vif TX shaper (rate=…) with the default 50 ms window: the guest's requests wait for the next window's credit."),
    explanation:
      msg("The provider shapes the guest's vif with netback's token bucket: credit_bytes per credit_usec, with libxl's default 50 ms window. The guest's other traffic on the same vif uses the window's credit up, so a memcached request that finds the bucket empty waits in netback until the next replenish: TX stalls of up to one window (≤ 50 ms), located in the dom0-tx stage. send() itself does not block, because the request fits the socket buffer; the shaper explains slow round trips, not slow writes (Linux xen-netback tx_credit_exceeded; libxl rate= default interval 50 ms)."),
    overrides: {
      netback: { rateLimitBytesPerSec: 1_250_000, rateLimitWindowMs: 50, guestTxBackgroundBytesPerSec: 1_300_000 },
      ratePerSec: 200,
    },
  },
  'nagle-delayed-ack': {
    summary: msg('Nagle on (NoDelay = false) and some requests written in two parts: the tail waits for the server’s 40 ms delayed ACK.'),
    explanation:
      msg("With Nagle enabled on the client socket (cnblogs set NoDelay = false from 2014-04-15 to 2014-05-10), a small segment is held while earlier data is unacknowledged: the second write of a request written in two parts (here 2 % of them), and on Windows (classic Nagle) also the sub-MSS tail of any request larger than one MSS (set request.bytes above tcp.mss). The first part leaves at once, so a capture shows it, then the gap. The server cannot answer a partial request, so it acknowledges only when its delayed-ACK timer fires: 40 ms on Linux (TCP_DELACK_MIN), 200 ms on Windows. The affected requests take one delayed-ACK timeout plus a round trip longer: a mode at ≈ 40 (or 200) ms, not at multiples of 30 ms (Linux tcp_output.c tcp_nagle_check, include/net/tcp.h; Windows TcpDelAckTicks; Enyim client history)."),
    overrides: { guest: { os: 'windows' }, tcp: { nagle: true, splitWriteFraction: 0.02, delayedAckMs: 40 }, ratePerSec: 200 },
  },
  'loss-rto': {
    summary: msg('Packet loss on the wire: a lost single-segment request or response costs at least the minimum RTO (200 ms Linux, 300 ms Windows).'),
    explanation:
      msg("A request or response lost on the wire is retransmitted only when the sender's timer fires. On an idle connection with a few-ms RTT the timeout is the minimum RTO, 200 ms on Linux (TCP_RTO_MIN) and 300 ms on Windows, doubled for each further loss. Linux ≥ 3.10 also sends a tail-loss probe, but for a single outstanding segment only after 2·SRTT + 200 ms, so the RTO comes first; a lost segment of a multi-segment response (response.bytes above tcp.mss) is recovered by the probe within a few ms. Loss stalls of small gets therefore sit at or above the minimum RTO, far above the scheduler's 30 ms modes, and show retransmissions in a packet capture (Linux include/net/tcp.h, tcp_output.c tcp_schedule_loss_probe; Windows MinRto)."),
    overrides: { tcp: { lossRate: 0.001 }, ratePerSec: 200 },
  },
  'client-pool': {
    summary: msg('The client socket pool is exhausted during slow responses: waiting requests fail after exactly queueTimeout = 100 ms.'),
    explanation:
      msg("The Enyim memcached client gives each request a pooled socket (maxPoolSize 20) and waits at most queueTimeout = 100 ms for one, then fails with \"Pool is full, timeouting\" and the application falls back to the database. When a few responses are slow (here: occasional slow server responses, in practice also scheduler stalls) while requests keep arriving faster than the remaining sockets serve them, the queue builds up and requests fail at exactly 100 ms, an application-level '0.1 s' that never shows in the socket read timings (cnblogs/EnyimMemcachedCore SocketPoolConfiguration.cs, MemcachedNode.cs)."),
    overrides: { pool: { size: 4, queueTimeoutMs: 100 }, ratePerSec: 2000, server: { slowProb: 0.003, slowMs: 200 } },
  },
  'guest-pause': {
    summary: msg("Guest-internal pauses (e.g. .NET GC) stop the application while the guest kernel still receives: captured, read late."),
    explanation:
      msg("A stop-the-world pause inside the guest (garbage collection, thread-pool starvation) stops the application's threads but not the guest kernel: the response is received by netfront, passes the guest's packet capture, and waits in the socket until the application runs again. The signature is 'captured but read late' like a descheduled vCPU, but the vCPU is running (no wait intervals) and the stall length follows the pause length, not the 30 ms timeslice (research notes §6: guest pause process)."),
    overrides: { guestPause: { meanIntervalMs: 500, pauseMs: 60, sigma: 0.3 }, ratePerSec: 200 },
  },
  'legacy-page-flip': {
    summary: msg('Legacy RX page flipping instead of grant copy: every received packet pays a page remap and TLB flush.'),
    explanation:
      msg("Before grant copy, netback delivered received packets by transferring the page to the guest (page flipping), which needs page-table and p2m updates and TLB flushes in both dom0 and the guest. Xen 3.0 received this way (Menon et al. measured 820 Mb/s guest receive on it, USENIX ATC'06); later Xen switched RX to grant copy and modern netback advertises feature-rx-flip=0. The model's flip costs are calibrated to that 820 Mb/s; that flipping costs more than copying (netback.rxCopyUs) is an input estimate, not a measurement. On latency it adds microseconds per packet, never a stall."),
    overrides: { netback: { pageFlip: true } },
  },
  'server-pause': {
    summary: msg('The cache itself stalls (GC, a throttled container): responses leave the server late, so the guest captures them late.'),
    explanation:
      msg("The hypothesis that it is the cache, not Xen: the server process stops now and then (a stop-the-world collection, a container throttled by its CPU quota for the rest of a 100 ms CFS period), and every request that reaches it then, or is in service when the pause begins, is answered when the pause ends. The delay sits in the server stage, before the response is on the wire, so a capture in the guest sees the response late, not a late read; the guest's vCPUs run normally (no wait intervals). Its kernel keeps answering SYNs, so a fresh connect stays fast while reads stall, and the stall size follows the pause length, not the 30 ms timeslice (Linux CFS bandwidth control cpu.cfs_period_us 100 ms; JVM/.NET stop-the-world GC)."),
    overrides: { server: { pauseEveryMs: 2000, pauseMs: 100, pauseSigma: 0.2 }, tcp: { newConnectionFraction: 0.01 }, ratePerSec: 200 },
  },
  'black-0.1s': {
    summary: msg('The founding case: ≈3 ms RTT and connect, rare >100 ms reads after the packet was captured in the guest, occasional >50 ms writes.'),
    explanation:
      msg("The cnblogs '黑色0.1秒' configuration: a 2-vCPU Windows guest on a 2013/14 hypervisor, modelled with Xen 3.4's credit scheduler (tick-based debit, no ratelimit: the provider's real release is not published, and these are the semantics that produce the symptoms; with 4.2+ semantics or credit2 they shrink or vanish), dom0 on its own cores, a ≈3 ms round trip to the cache service. The event channel (ISR, hence the guest's Wireshark capture) is on vCPU 0, which is nearly idle and always wakes BOOSTed; the application thread runs on vCPU 1, which does the web server's own work and shares its pCPU with three CPU-bound neighbours and a bursty one. Occasionally vCPU 1 is OVER or runnable when the response arrives: the packet is captured at once, but the read returns only after the neighbours' 30 ms slices, ≈ 90–120 ms later; when vCPU 1 is preempted inside its timed write (≈0.12 ms of CPU for the client's write through the Windows stack and PV NIC driver), the write takes > 50 ms. 1 % of requests open a new connection, whose SYN/SYN-ACK cross the same path: a connect takes ≈ 3 ms. Logged with DateTime.Now (15.6 ms), the stalls become the '> 100 ms' lines of the client's log (cnblogs 黑色0.1秒 post; EnyimMemcachedCore 6c90d8a; Xen credit scheduler source)."),
    overrides: {
      requests: 100_000,
      ratePerSec: 200,
      pcpus: 2,
      guest: { os: 'windows', vcpus: 2, evtchnVcpu: 0, appVcpu: 1, cpuLoad: [0.02, 0.08], sendUs: 120 },
      neighbours: { cpuBound: 3, bursty: 1, burstyLoad: 0.03, burstMs: 3, pcpus: [1] },
      dom0: { dedicated: true },
      wire: { oneWayUs: 1300 },
      clock: { resolutionMs: 15.6 },
      xen: { version: '3.4' },
      tcp: { newConnectionFraction: 0.01 },
    },
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
