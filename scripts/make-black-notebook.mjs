// Writes examples/black-0.1s.xenlat (without outputs) from the text below; `xenlat run` fills the
// outputs. Kept as a script so the narrative can be edited as prose, not as JSON lines.
import { writeFileSync } from 'node:fs';

const md = (id, text) => ({ id, kind: 'markdown', source: text.trim().split('\n') });
const code = (id, language, text) => ({ id, kind: 'code', language, source: text.trim().split('\n') });
const sim = (id, text) => code(id, 'xenlat-sim', text);

const cells = [
  md('story', `
# The black 0.1 second

An engineering team read session data from a memcached-compatible cache service (Aliyun OCS, binary protocol with
SASL) from web servers running as Xen guests. Almost every read took about 3 ms. Now and then one took **about
100 ms**, and three details made it strange:

1. **The stall hit the first bytes of the read.** The application's \`read()\` of the 24-byte response header
   returned ~100 ms late, although a packet capture *inside the guest* showed the response had already arrived.
2. **Small writes sometimes took more than 50 ms**, although they fit easily in the socket buffer.
3. **A fresh TCP connect took about 3 ms**: the network round trip itself was fine.

The team suspected Xen's I/O model but had no way to test that suspicion. This notebook does: it starts from their
measurements, measures a real cache the same way, and asks a simulation of the Xen paravirtual network path which
mechanisms produce all three symptoms at once.`),
  md('path', `
## The path a request takes in a Xen guest

A guest has no real NIC. Its **netfront** driver puts each packet on a shared-memory **TX ring** and notifies
**netback**, which runs in the driver domain **dom0**, through an **event channel**; netback copies the data with
**grant copy** (older kernels: *page flipping*) and hands it to the real NIC. The response travels back the same
way: NIC → dom0 → netback copies it into a buffer the guest posted on its **RX ring** → an event wakes the guest's
vCPU → the guest kernel sees the packet (this is where a capture inside the guest sees it) → the application's
thread is woken and its \`read()\` returns.

Every "wakes" in that chain needs a vCPU to be **running on a physical CPU**, and Xen's **credit scheduler**
decides when: vCPUs get credits every 30 ms, run in 30 ms timeslices, and a waking vCPU that still has credit
(UNDER) is BOOSTed to the front. A vCPU that has used its credit (OVER) waits behind everyone else, for whole
timeslices. So the suspects sort by *where* in that chain they add time:

| hypothesis | predicts |
|---|---|
| guest vCPU contention (credit scheduler) | stalls in multiples of the 30 ms timeslice, **after** the capture point, growing with the number of neighbours |
| dom0 / netback starvation | stalls **before** the capture point (the packet reaches the guest late) |
| netback rate limit | stalls up to the 50 ms shaper window, before capture |
| Nagle + delayed ACK | stalls at the 40 ms (or 200 ms) delayed-ACK timer |
| loss + retransmission timeout | stalls at or above the 200 ms (Linux) / 300 ms (Windows) minimum RTO |
| client pool timeout | application-level failures at exactly the 100 ms queue timeout, invisible in socket timings |
| a pause inside the guest (GC) | captured but read late, like the scheduler, but with the vCPU running |
| legacy page flipping | microseconds per packet: a throughput cost, not a stall |`),
  md('evidence', `
## 1. The evidence: the client's own log

Each line of the client log ends in \`took <ms>ms\`. Reads sit around 3 ms with a separate cluster just above
100 ms: too far out to be the tail of the same distribution.`),
  code('evidence-log', 'xenlat-data', `
title: cache get latency (client log)
file: data/cache-client.log
pattern: 'took ([0-9.]+)ms'
unit: ms
stallThresholdMs: 50`),
  md('probe-intro', `
## 2. Measuring a real cache

On the machine under suspicion these probe cells measure the cache directly, with a timeline per request
(connect, request written, first response byte, response complete) and the host's signals (CPU steal,
retransmissions, delayed ACKs, Xen event-channel interrupts). Here they point at a local memcached: the main job in
the README starts one on a free loopback port and passes it as \`XENLAT_MEMCACHED\`; without it the cells say that no
server answered. On a real investigation, set \`target\` to the cache's address (Xenlat asks before probing a host
beyond this machine) and credentials with \`auth\` (a stored secret or an environment variable, never the password).`),
  code('probe-get', 'xenlat-probe', `
title: GET latency, open loop at 2000/s
target: \${XENLAT_MEMCACHED:-127.0.0.1:11211}
protocol: memcached
op: get
valueSize: 512
requests: 10000
rate: 2000/s
stallThresholdMs: 50`),
  code('probe-connect', 'xenlat-probe', `
title: TCP connect
target: \${XENLAT_MEMCACHED:-127.0.0.1:11211}
protocol: tcp-connect
requests: 200
rate: 100/s
stallThresholdMs: 50`),
  md('capture-intro', `
### The packets as evidence

The team's strongest clue came from a packet capture inside the guest. A capture cell reads such a file (pcap or
pcapng, as \`tcpdump -w\` writes it) and measures each request's **wire latency**, from its first byte to the last
byte of its response as the capture saw them, with each connection's TCP analysis (retransmissions, delayed ACKs,
Nagle, zero windows); it keeps timings and headers, never payload. The capture below was taken on the client of this
cache (\`tcpdump -s 128\`, so the large values are cut and counted as not captured). When the wire shows a few
milliseconds at most and the application's log shows 100 ms for the same reads, the time sits **after** the capture.

The probe after it captures its own traffic (\`capture: true\`) and splits each request the same way: *wire wait*
(request out → response in, as captured) and *capture-to-read* (response captured → the read returned), with the
two clocks aligned and the alignment error measured; \`stalls.afterCapture\` counts the stalls that sat mostly after
the capture, the founding case's symptom. It needs tcpdump and root (or CAP_NET_RAW); without them it runs without
capture and says so.`),
  code('capture-guest', 'xenlat-capture', `
title: wire latency in a client-side capture
file: data/guest-capture.pcap
protocol: memcached
side: client
stallThresholdMs: 50`),
  code('probe-capture', 'xenlat-probe', `
title: GET latency, with the probe's own capture
target: \${XENLAT_MEMCACHED:-127.0.0.1:11211}
protocol: memcached
op: get
client: raw
requests: 2000
rate: 1000/s
stallThresholdMs: 50
capture: true`),
  md('sim-intro', `
## 3. One simulation per hypothesis

Each cell below runs the discrete-event model of the Xen PV path with one mechanism switched on (a *preset*), at the
team's ~3 ms round trip where it matters, and a 50 ms stall threshold. Every run is deterministic: the same spec and
seed give the same result on any machine. The timeline chart of each cell shows the slowest requests stage by stage,
with the guest-capture and application-read instants marked and the vCPUs' run/wait intervals beneath.`),
  md('h-baseline', '### Baseline: no contention\nA dedicated dom0, no neighbours, no timers firing: the latency is the wire and the server.'),
  sim('sim-baseline', `
preset: baseline
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-vcpu', '### Guest vCPU contention (credit scheduler)\nThe same one-vCPU guest with 0 to 3 CPU-bound neighbours on its pCPU, on three Xen releases: 3.4 (credit1, a whole tick debited, no ratelimit), 4.2 (exact accounting, 1 ms ratelimit, same 30 ms slice) and 4.17 (credit2, the default since 4.12).'),
  sim('sim-vcpu', `
preset: vcpu-contention
wire:
  oneWayUs: 1300
requests: 20000
stallThresholdMs: 50
sweep:
  neighbours.cpuBound: [0, 1, 2, 3]
  xen.version: ['3.4', '4.2', '4.17']`),
  md('h-dom0', '### dom0 / netback starvation\ndom0 shares a pCPU with CPU-bound neighbours.'),
  sim('sim-dom0', `
preset: dom0-contention
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-shaper', '### Netback rate limit\nA per-vif shaper with the default 50 ms window, with other traffic on the same vif.'),
  sim('sim-shaper', `
preset: netback-rate-limit
wire:
  oneWayUs: 1300
stallThresholdMs: 40`),
  md('h-nagle', '### Nagle + delayed ACK\nNagle on (the client had NoDelay = false for a few weeks) and some requests written as two segments.'),
  sim('sim-nagle', `
preset: nagle-delayed-ack
wire:
  oneWayUs: 1300
stallThresholdMs: 30`),
  md('h-loss', '### Loss and the retransmission timeout'),
  sim('sim-loss', `
preset: loss-rto
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-pool', '### Client pool timeout\nA small pool under a burst of slow responses (at the preset\'s own sub-millisecond round trip: at 3 ms the same load would simply overload four sockets).'),
  sim('sim-pool', `
preset: client-pool
stallThresholdMs: 50`),
  md('h-pause', '### A pause inside the guest'),
  sim('sim-pause', `
preset: guest-pause
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-server', '### The cache itself pauses\nThe hypothesis that it is the cache, not Xen: the server process stops now and then (a garbage collection, a CPU-throttled container) for about 100 ms. 1 % of requests open a new connection, so the connect latency is measured too.'),
  sim('sim-server', `
preset: server-pause
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-flip', '### Legacy page flipping'),
  sim('sim-flip', `
preset: legacy-page-flip
wire:
  oneWayUs: 1300
stallThresholdMs: 50`),
  md('h-black', '### The combination that matches the case\nA 2-vCPU Windows guest with Xen 3.4 scheduler semantics (the provider\'s release is not published): the event channel (and so the capture) on a nearly idle vCPU 0, the application on vCPU 1, which shares its pCPU with three CPU-bound neighbours and a bursty one; 1 % of requests open a new connection; the application logs with a 15.6 ms clock.'),
  sim('sim-black', `
preset: black-0.1s
stallThresholdMs: 50`),
  md('explain-intro', `
## 4. Xenlat's ranking

The cells below ask the question directly: each runs every hypothesis (every preset, each over its default fit
range) against the measured samples, with the body calibrated to the measurement so the hypotheses compete on their
stalls, and ranks them with the evidence written out (see docs/explain.md for the method). The first takes the
client's log, the second the probe of the local cache.`),
  code('explain-log', 'xenlat-explain', `
title: the client log against every hypothesis
observed: evidence-log
stallThresholdMs: 50
requests: 20000`),
  code('explain-probe', 'xenlat-explain', `
title: the probe of the local cache against every hypothesis
observed: probe-get
requests: 10000`),
  md('verdict', `
## 5. Which hypotheses survive

**What the latency alone says.** The explain cell over the client's log (section 4) puts **four hypotheses tied
first: black-0.1s, dom0-contention, guest-pause and server-pause**. The log's 15 stalls, in 13 episodes, cannot
separate them, and the cell says what would: more observations (they predict different stall rates and sizes:
black-0.1s about three times the log's rate, a guest pause stalls near 130 ms, the scheduler near 100 ms), and a
capture inside the guest (dom0 starvation and a server pause delay the packet before the capture, black-0.1s and a
guest pause only the read after it). It rules out vcpu-contention on a one-vCPU guest, Nagle + delayed ACK and loss +
RTO on the stall latencies (Anderson–Darling p ≤ 0.001, beyond each hypothesis's own run-to-run noise), and
baseline, legacy page flipping, the netback shaper and the client pool on the stall rate or the body. The second
explain cell ranks the probe of the local cache the same way; that cache is not the machine under suspicion, so its
answer describes this machine, and is the cell to point at the real cache. Latency alone cannot finish the job; the
table below adds what it cannot show: where the time sits (symptom 1 rules out dom0 and the server) and the slow
writes (symptom 2 rules out a guest pause).

Read each cell's summary, its symptom line and its timeline against the three symptoms: (1) ~100 ms stalls on the
first bytes of a read whose packet was **already captured** (the time sits in *capture-to-read*; the symptom line
counts reads more than 50 ms after capture), (2) occasional writes over 50 ms, (3) a ~3 ms round trip and connect.
Nine of the eleven cells run at the team's ~3 ms round trip (median 3.1–3.4 ms). Two do not: the shaper cell, whose
saturated token bucket makes most requests wait (median ~28 ms, so it fails (3) as well), and the pool cell, which
keeps its preset's sub-millisecond round trip (see its note). The question for the rest is (1) and (2).

| hypothesis | stall size | where the time goes | symptom 1 | symptom 2 | verdict |
|---|---|---|---|---|---|
| baseline | none (max 7 ms) | wire and server | no | no | rules out "the network is just slow" |
| guest vCPU contention, one vCPU | Xen 3.4: up to 49 / 87 / 116 ms with 1 / 2 / 3 neighbours; 4.2 (same 30 ms slice): up to 154 ms; 4.17 (credit2): none | before the send and before the guest sees the packet: the one vCPU handles the interrupt too | no | no | the right mechanism in the wrong place: with one vCPU the capture is late as well |
| dom0 / netback starvation | up to ~94 ms | dom0-tx / dom0-rx: **before** capture | no | no | ruled out: the capture would show the packet late |
| netback rate limit | ≤ 50 ms window, on most requests (not rare) | dom0-tx, before capture | no | no | ruled out: too short, too frequent, wrong place |
| Nagle + delayed ACK | 40–49 ms | after the first segment left, before the server can answer | no | no | ruled out: a 40 ms mode, not 100 ms, and send() does not block |
| loss + RTO | ≥ 200 ms | wire | no | no | ruled out: too long, and retransmissions would show in the capture |
| client pool timeout | failures at exactly 100 ms | pool wait, before any socket I/O | no | no | explains application-level timeouts, not slow reads |
| pause inside the guest | follows the pause length (up to 137 ms here) | mostly **after** capture (91 reads > 50 ms after capture) | yes | no | explains the reads but not the writes; on the real host it would show a running vCPU (no steal) during the stall |
| the cache itself pauses | follows the pause length (up to 213 ms here) | the **server** stage: the response leaves late, so the capture sees it late; connects stay ≈ 2.8 ms | no | no | ruled out by the capture: the packet would arrive late, not be read late |
| legacy page flipping | none | microseconds per packet | no | no | a throughput cost, not a stall |
| **black-0.1s** (2 vCPUs: capture on vCPU 0, application on vCPU 1 behind three CPU-bound neighbours; Xen 3.4 semantics) | mostly 90–120 ms (p99.9 97 ms), rarely up to 184 ms | **capture-to-read** (80 % of the stall time) | **yes** (456 reads > 50 ms after capture in 100,000 requests) | **yes** (21 writes > 50 ms, when vCPU 1 is preempted inside the write) | **reproduces all three** (connect p50 3.0 ms) |

Only the credit scheduler, with the application's vCPU sharing a pCPU with CPU-bound neighbours while the event
channel's vCPU stays idle, reproduces all three symptoms: the capture happens at once on vCPU 0, and the read waits
for vCPU 1's turn after the neighbours' 30 ms timeslices. The model also says what would and would not make it go
away: credit2 (the default since Xen 4.12) or giving the guest's vCPUs their own pCPUs remove it; shorter slices
help on Xen 4.2 and later, where the tick and accounting period follow the slice; exact accounting alone (Xen 4.0)
does not, because a mostly idle vCPU still comes back OVER. What to look for on the real host: CPU steal rising
during each stall while retransmissions and delayed ACKs stay flat. The probe cells above collect exactly those
signals.`),
];
writeFileSync('examples/black-0.1s.xenlat', JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
