// The request/response model: a memcached-style get from an application in a Xen PV guest to a
// server, through netfront -> event channel -> dom0/netback -> NIC -> wire -> server and back,
// with every CPU step executed as work on a vCPU scheduled by the Xen scheduler model (cpu.ts).
// Stalls are not drawn from a "stall distribution": they emerge from the mechanisms (scheduler
// priorities and slices, shaper windows, TCP timers, the pool's timeout, guest pauses).
//
// Hot path: engine callback API only; one event handler per path step, the request index as the
// payload, all per-request state in typed arrays.

import { RandomStreams, Simulation, type RandomStream } from '../engine/index';
import { assertValidConfig, type SimConfig } from './config';
import { Cpus, RUNNABLE, type DomainSpec, type SchedPolicy, type VcpuSpec } from './cpu';
import { CreditScheduler } from './credit-scheduler';
import { Credit2Scheduler } from './credit2';
import { IntervalRing } from './interval-ring';
import { SocketPool } from './pool';
import { MECHANISMS, type Instant, type SimRun, type VcpuInterval } from './run-types';
import { nagleDelayUs, retransmissionDelayUs } from './tcp';

const M = MECHANISMS.length;
// Indices into MECHANISMS, as constants so the hot path does no property lookups (checked at load).
const M_GUEST_VCPU_WAIT = 1;
const M_DOM0_VCPU_WAIT = 2;
const M_NETBACK_RATE_LIMIT = 3;
const M_NAGLE_DELAYED_ACK = 4;
const M_LOSS_RTO = 5;
const M_POOL_WAIT = 6;
const M_GUEST_PAUSE = 7;
const M_PAGE_FLIP = 8;
const M_SERVER = 9;
if (MECHANISMS[M_SERVER] !== 'server' || MECHANISMS[M_GUEST_VCPU_WAIT] !== 'guest-vcpu-wait') throw new Error('MECHANISMS order changed');
/** A mechanism must add at least this much to a request to be named its cause. */
const CAUSE_MIN_US = 500;
const MTU = 1500;

export function simulate(config: SimConfig, seed: number): SimRun {
  assertValidConfig(config);
  return new XenModel(config, seed).run();
}

class XenModel {
  private readonly sim = new Simulation({ initialCapacity: 4096 });
  private readonly streams: RandomStreams;
  private readonly cpus: Cpus;
  private readonly policy: SchedPolicy;
  private readonly pool: SocketPool;
  private readonly n: number;
  private readonly t_arrive: Float64Array;
  private readonly t_poolAcquired: Float64Array;
  private readonly t_appSend: Float64Array;
  private readonly t_writeDone: Float64Array;
  private readonly t_netfrontTx: Float64Array;
  private readonly t_dom0Tx: Float64Array;
  private readonly t_wireOut: Float64Array;
  private readonly t_server: Float64Array;
  private readonly t_wireIn: Float64Array;
  private readonly t_dom0Rx: Float64Array;
  private readonly t_netfrontRx: Float64Array;
  private readonly t_guestCapture: Float64Array;
  private readonly t_appRead: Float64Array;
  private readonly failure: Uint8Array;
  private readonly cause: Uint8Array;
  private readonly logged: Float64Array;
  private readonly latency: Float64Array;
  private readonly acc: Float32Array;
  private done = 0;

  // vCPU indices
  private readonly guestV: number[] = [];
  private readonly dom0V: number[] = [];
  private readonly evtchnV: number;
  private readonly netbackV: number;

  // random streams, one per component
  private readonly rArr: RandomStream;
  private readonly rGuest: RandomStream;
  private readonly rWire: RandomStream;
  private readonly rServer: RandomStream;
  private readonly rTcp: RandomStream;
  private readonly rPause: RandomStream;

  // constants in µs
  private readonly meanGapUs: number;
  private readonly rtoMinUs: number;
  private readonly delackUs: number;
  private readonly serReqUs: number;
  private readonly serRespUs: number;
  private readonly isrCostUs: number;
  private readonly netbackRxCostUs: number;

  // netback / rings state
  private txPending = 0;
  private lastIrq = -Infinity;
  private pauseEnd = 0;
  private readonly rxWaiting: number[] = [];
  private rxRefillQueued = false;
  private readonly rateLimited: boolean;
  private shCredit = 0;
  private bgBacklogBytes = 0;
  private readonly shQueue: number[] = [];

  // handlers and work callbacks
  private readonly hArrive: number;
  private readonly hStartSend: number;
  private readonly hIssue: number;
  private readonly hNetfrontTx: number;
  private readonly hDom0TxEvt: number;
  private readonly hWireIn: number;
  private readonly hDom0Irq: number;
  private readonly hGuestEvt: number;
  private readonly hStartRead: number;
  private readonly cbSend: number;
  private readonly cbIssue: number;
  private readonly cbDom0Tx: number;
  private readonly cbDom0Rx: number;
  private readonly cbRefill: number;
  private readonly cbNetbackRx: number;
  private readonly cbIsr: number;
  private readonly cbRead: number;

  // counters
  private suppressedNotifications = 0;
  private notifications = 0;
  private rxBufferWaits = 0;
  private rxDrops = 0;
  private pauses = 0;

  // tracing of the slowest requests
  private readonly ring: IntervalRing | null;
  private readonly traced: { r: number; lat: number; intervals: Map<number, VcpuInterval> }[] = [];

  constructor(
    private readonly c: SimConfig,
    private readonly seed: number,
  ) {
    this.streams = new RandomStreams(seed);
    const s = this.streams;
    this.rArr = s.stream('arrivals');
    this.rGuest = s.stream('guest-cost');
    this.rWire = s.stream('wire');
    this.rServer = s.stream('server');
    this.rTcp = s.stream('tcp');
    this.rPause = s.stream('guest-pause');
    const n = (this.n = c.requests);
    this.t_arrive = new Float64Array(n).fill(NaN);
    this.t_poolAcquired = new Float64Array(n).fill(NaN);
    this.t_appSend = new Float64Array(n).fill(NaN);
    this.t_writeDone = new Float64Array(n).fill(NaN);
    this.t_netfrontTx = new Float64Array(n).fill(NaN);
    this.t_dom0Tx = new Float64Array(n).fill(NaN);
    this.t_wireOut = new Float64Array(n).fill(NaN);
    this.t_server = new Float64Array(n).fill(NaN);
    this.t_wireIn = new Float64Array(n).fill(NaN);
    this.t_dom0Rx = new Float64Array(n).fill(NaN);
    this.t_netfrontRx = new Float64Array(n).fill(NaN);
    this.t_guestCapture = new Float64Array(n).fill(NaN);
    this.t_appRead = new Float64Array(n).fill(NaN);
    this.failure = new Uint8Array(n);
    this.cause = new Uint8Array(n);
    this.logged = new Float64Array(n);
    this.latency = new Float64Array(n);
    this.acc = new Float32Array(n * M);

    this.meanGapUs = 1e6 / c.ratePerSec;
    this.rtoMinUs = c.tcp.rtoMinMs * 1000;
    this.delackUs = c.tcp.delayedAckMs * 1000;
    this.serReqUs = (c.tcp.requestBytes * 8) / (c.wire.gbps * 1000);
    this.serRespUs = (c.tcp.responseBytes * 8) / (c.wire.gbps * 1000);
    this.isrCostUs = c.guest.isrUs + (c.netback.pageFlip ? c.netback.flipGuestUs : 0);
    this.netbackRxCostUs = c.netback.pageFlip ? c.netback.flipDom0Us : c.netback.rxCopyUs;

    // --- CPUs: the shared cpupool (guest, neighbours, dom0 unless dedicated) + dom0's own pool.
    const vcpus: VcpuSpec[] = [];
    const sc = c.scheduler;
    const domains: DomainSpec[] = [
      { name: 'guest', weight: sc.guestWeight, capPercent: sc.guestCapPercent },
      { name: 'dom0', weight: c.dom0.weight, capPercent: 0 },
    ];
    for (let j = 0; j < c.guest.vcpus; j++) {
      this.guestV.push(vcpus.length);
      vcpus.push({ name: `guest.${j}`, domain: 0, pcpu: (c.guest.firstPcpu + j) % c.pcpus });
    }
    const np = c.pcpus + (c.dom0.dedicated ? c.dom0.vcpus : 0);
    for (let j = 0; j < c.dom0.vcpus; j++) {
      this.dom0V.push(vcpus.length);
      vcpus.push({ name: `dom0.${j}`, domain: 1, pcpu: c.dom0.dedicated ? c.pcpus + j : (c.dom0.pcpu + j) % c.pcpus });
    }
    const nNeigh = c.neighbours.cpuBound + c.neighbours.bursty;
    const neighV: number[] = [];
    for (let i = 0; i < nNeigh; i++) {
      domains.push({ name: `neighbour.${i}`, weight: c.neighbours.weight, capPercent: c.neighbours.capPercent });
      neighV.push(vcpus.length);
      vcpus.push({ name: `neighbour.${i}`, domain: 2 + i, pcpu: c.neighbours.pcpus[i % c.neighbours.pcpus.length] });
    }
    const sim = this.sim;
    this.cpus = new Cpus(sim, vcpus, domains, np, { contextSwitchUs: sc.contextSwitchUs, idleWakeUs: sc.idleWakeUs, ratelimitUs: sc.ratelimitUs });
    const rSched = s.stream('scheduler');
    if (sc.kind === 'credit') {
      this.policy = new CreditScheduler(this.cpus, {
        tsliceMs: sc.tsliceMs,
        tickMs: sc.tickMs,
        acctMs: sc.acctMs,
        boost: sc.boost,
        debit: sc.debit,
        pcpuPool: Array.from({ length: np }, (_, p) => (p < c.pcpus ? 0 : 1)),
        tickPhase: Array.from({ length: np }, () => rSched.uniform01()),
      });
    } else {
      this.policy = new Credit2Scheduler(this.cpus, {
        minTimerUs: sc.credit2MinTimerUs,
        maxTimerUs: sc.credit2MaxTimerUs,
        creditInitUs: sc.credit2CreditInitMs * 1000,
        ratelimitUs: sc.ratelimitUs,
      });
    }
    this.cpus.policy = this.policy;
    this.ring = c.trace.slowest > 0 ? new IntervalRing(1 << 15) : null;
    this.cpus.ring = this.ring;
    this.evtchnV = this.guestV[c.guest.evtchnVcpu];
    this.netbackV = this.dom0V[0];

    // --- background demand
    const bgLoads: { v: number; load: number; burstUs: number }[] = [];
    c.guest.cpuLoad.forEach((load, j) => load > 0 && bgLoads.push({ v: this.guestV[j], load, burstUs: c.guest.burstMs * 1000 }));
    if (c.dom0.cpuLoad > 0) bgLoads.push({ v: this.dom0V[0], load: c.dom0.cpuLoad, burstUs: c.dom0.burstMs * 1000 });
    for (let i = c.neighbours.cpuBound; i < nNeigh; i++) {
      if (c.neighbours.burstyLoad > 0) bgLoads.push({ v: neighV[i], load: c.neighbours.burstyLoad, burstUs: c.neighbours.burstMs * 1000 });
    }
    const bgStreams = bgLoads.map((b) => s.stream(`background.${vcpus[b.v].name}`));
    const hBg = sim.register((k) => {
      const b = bgLoads[k];
      const rng = bgStreams[k];
      this.cpus.addBackground(b.v, rng.exponential(b.burstUs));
      // Mean gap burst/load gives the requested mean utilisation when the vCPU gets the CPU it wants.
      sim.schedule(rng.exponential(b.burstUs / b.load), hBg, k);
    });
    bgLoads.forEach((b, k) => sim.schedule(bgStreams[k].exponential(b.burstUs / b.load), hBg, k));
    const cpuBound = neighV.slice(0, c.neighbours.cpuBound);

    // --- pool
    this.pool = new SocketPool(sim, c.pool.size, c.pool.queueTimeoutMs * 1000, n, (r) => this.acquired(r), (r) => this.poolTimeout(r));

    // --- handlers
    this.hArrive = sim.register((r) => this.arrive(r));
    this.hStartSend = sim.register((r) => this.startSend(r));
    this.hIssue = sim.register((r) => this.issue(r));
    this.hNetfrontTx = sim.register((r) => this.netfrontTx(r));
    this.hDom0TxEvt = sim.register((r) => this.cpus.submit(this.netbackV, c.dom0.netbackTxUs, this.cbDom0Tx, r));
    this.hWireIn = sim.register((r) => this.wireIn(r));
    this.hDom0Irq = sim.register((r) => this.cpus.submit(this.netbackV, c.dom0.rxDriverUs, this.cbDom0Rx, r));
    this.hGuestEvt = sim.register((r) => this.cpus.submit(this.evtchnV, this.isrCostUs, this.cbIsr, r));
    this.hStartRead = sim.register((r) => this.startRead(r));
    this.cbSend = this.cpus.callback((r) => this.sendDone(r));
    this.cbIssue = this.cpus.callback((r) => this.issue(r));
    this.cbDom0Tx = this.cpus.callback((r) => this.dom0TxDone(r));
    this.cbDom0Rx = this.cpus.callback((r) => this.dom0RxDone(r));
    this.cbRefill = this.cpus.callback(() => this.rxRefilled());
    this.cbNetbackRx = this.cpus.callback((r) => this.netbackRxDone(r));
    this.cbIsr = this.cpus.callback((r) => this.isrDone(r));
    this.cbRead = this.cpus.callback((r) => this.readDone(r));

    // --- periodic processes
    this.rateLimited = c.netback.rateLimitBytesPerSec > 0;
    if (this.rateLimited) {
      const windowUs = c.netback.rateLimitWindowMs * 1000;
      const hWindow = sim.register(() => {
        this.replenish();
        sim.schedule(windowUs, hWindow);
      });
      sim.schedule(0, hWindow);
    }
    if (c.guestPause.meanIntervalMs > 0) {
      const hPause = sim.register(() => {
        this.pauses++;
        const len = this.rPause.lognormalMedian(c.guestPause.pauseMs * 1000, c.guestPause.sigma);
        this.pauseEnd = Math.max(this.pauseEnd, sim.now + len);
        sim.schedule(this.rPause.exponential(c.guestPause.meanIntervalMs * 1000), hPause);
      });
      sim.schedule(this.rPause.exponential(c.guestPause.meanIntervalMs * 1000), hPause);
    }
    this.policy.start();
    for (const v of cpuBound) this.cpus.addBackground(v, Infinity);
    sim.schedule(c.warmupMs * 1000, this.hArrive, 0);
  }

  run(): SimRun {
    const sim = this.sim;
    // Background load never ends, so the run stops (sim.stop()) when the last request completes;
    // the time bound turns a request that can never complete (a model bug) into an error, not a hang.
    const c = this.c;
    sim.run(c.warmupMs * 1000 + (this.n / c.ratePerSec) * 1e6 * 20 + 600e6);
    if (this.done < this.n) throw new Error(`simulation ended with ${this.n - this.done} requests incomplete`);
    const all = new Map<number, VcpuInterval>();
    for (const t of this.traced) for (const [k, iv] of t.intervals) all.set(k, iv);
    const vcpuIntervals = [...all.entries()].sort((a, b) => a[1].start - b[1].start || a[0] - b[0]).map((e) => e[1]);
    const cr = this.policy instanceof CreditScheduler ? this.policy : null;
    return {
      config: structuredClone(this.c),
      seed: this.seed,
      requests: {
        count: this.n,
        instants: { arrive: this.t_arrive, poolAcquired: this.t_poolAcquired, appSend: this.t_appSend, writeDone: this.t_writeDone, netfrontTx: this.t_netfrontTx, dom0Tx: this.t_dom0Tx, wireOut: this.t_wireOut, server: this.t_server, wireIn: this.t_wireIn, dom0Rx: this.t_dom0Rx, netfrontRx: this.t_netfrontRx, guestCapture: this.t_guestCapture, appRead: this.t_appRead } satisfies Record<Instant, Float64Array>,
        failure: this.failure,
        cause: this.cause,
        loggedLatencyUs: this.logged,
        latencyUs: this.latency,
      },
      vcpuIntervals,
      stats: { events: sim.eventCount, simulatedUs: sim.now },
      counters: {
        notifications: this.notifications,
        suppressedNotifications: this.suppressedNotifications,
        rxBufferWaits: this.rxBufferWaits,
        rxDrops: this.rxDrops,
        guestPauses: this.pauses,
        poolTimeouts: this.pool.timeouts,
        poolMaxQueue: this.pool.maxQueue,
        boosts: cr?.boosts ?? 0,
        overWakes: cr?.overWakes ?? 0,
      },
    };
  }

  // ---------------------------------------------------------------- request path

  private appVcpu(r: number): number {
    const a = this.c.guest.appVcpu;
    return this.guestV[a >= 0 ? a : r % this.guestV.length];
  }

  private arrive(r: number): void {
    if (r + 1 < this.n) this.sim.schedule(this.rArr.exponential(this.meanGapUs), this.hArrive, r + 1);
    // The request is made by the application's own thread, which executes only while its vCPU
    // runs: if that vCPU is runnable but descheduled, the request (and its timing) starts when the
    // vCPU is scheduled again. Otherwise every descheduled period would be charged to requests the
    // application had not yet issued.
    const v = this.appVcpu(r);
    const now = this.sim.now;
    // Likewise a paused application (GC) issues nothing until the pause ends.
    if (now < this.pauseEnd) this.sim.schedule(this.pauseEnd - now, this.hIssue, r);
    else if (this.cpus.state[v] === RUNNABLE) this.cpus.submit(v, 0, this.cbIssue, r);
    else this.issue(r);
  }

  private issue(r: number): void {
    this.t_arrive[r] = this.sim.now;
    this.pool.acquire(r);
  }

  private acquired(r: number): void {
    const now = this.sim.now;
    this.t_poolAcquired[r] = now;
    this.acc[r * M + M_POOL_WAIT] += now - this.t_arrive[r];
    this.startSend(r);
  }

  private poolTimeout(r: number): void {
    this.failure[r] = 1;
    this.acc[r * M + M_POOL_WAIT] += this.sim.now - this.t_arrive[r];
    this.finish(r);
  }

  private startSend(r: number): void {
    const now = this.sim.now;
    // A stop-the-world pause of the application (GC) keeps the app thread from calling send().
    if (now < this.pauseEnd) {
      this.acc[r * M + M_GUEST_PAUSE] += this.pauseEnd - now;
      this.sim.schedule(this.pauseEnd - now, this.hStartSend, r);
      return;
    }
    const g = this.c.guest;
    this.cpus.submit(this.appVcpu(r), this.rGuest.lognormalMedian(g.sendUs, g.sendSigma), this.cbSend, r);
  }

  private sendDone(r: number): void {
    this.t_appSend[r] = this.cpus.lastItemStart;
    this.acc[r * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    this.writeDone(r);
  }

  private writeDone(r: number): void {
    const now = this.sim.now;
    this.t_writeDone[r] = now;
    const t = this.c.tcp;
    if (t.nagle && t.splitWriteFraction > 0 && this.rTcp.uniform01() < t.splitWriteFraction) {
      const ackRtt = this.rWire.lognormalMedian(this.c.wire.oneWayUs, this.c.wire.sigma) * 2;
      const d = nagleDelayUs(this.delackUs, ackRtt);
      this.acc[r * M + M_NAGLE_DELAYED_ACK] += d;
      this.sim.schedule(d, this.hNetfrontTx, r);
      return;
    }
    this.netfrontTx(r);
  }

  private netfrontTx(r: number): void {
    this.t_netfrontTx[r] = this.sim.now;
    // Notification suppression (ring.h req_event): while netback still has requests to consume it
    // will see this one without an event; only an idle backend is notified.
    if (this.txPending > 0) {
      this.suppressedNotifications++;
      this.txPending++;
      this.cpus.submit(this.netbackV, this.c.dom0.netbackTxUs, this.cbDom0Tx, r);
    } else {
      this.notifications++;
      this.txPending++;
      this.sim.schedule(this.c.dom0.evtchnUs, this.hDom0TxEvt, r);
    }
  }

  private dom0TxDone(r: number): void {
    this.txPending--;
    this.acc[r * M + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.rateLimited) {
      const bytes = this.c.tcp.requestBytes;
      if (this.shQueue.length > 0 || this.shCredit < bytes) {
        this.shQueue.push(r);
        this.t_dom0Tx[r] = -this.sim.now;
        return;
      }
      this.shCredit -= bytes;
    }
    this.toWire(r);
  }

  private toWire(r: number): void {
    const now = this.sim.now;
    const c = this.c;
    this.t_dom0Tx[r] = now;
    const wireOut = now + c.nic.txUs + this.serReqUs;
    this.t_wireOut[r] = wireOut;
    let lossUs = retransmissionDelayUs(this.rTcp, c.tcp.lossRate, this.rtoMinUs);
    const reqArrive = wireOut + lossUs + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma);
    let service = this.rServer.lognormalMedian(c.server.serviceUs, c.server.sigma);
    if (c.server.slowProb > 0 && this.rServer.uniform01() < c.server.slowProb) {
      const slow = this.rServer.exponential(c.server.slowMs * 1000);
      service += slow;
      this.acc[r * M + M_SERVER] += slow;
    }
    const served = reqArrive + service;
    this.t_server[r] = served;
    const respLoss = retransmissionDelayUs(this.rTcp, c.tcp.lossRate, this.rtoMinUs);
    lossUs += respLoss;
    const wireIn = served + respLoss + this.serRespUs + this.rWire.lognormalMedian(c.wire.oneWayUs, c.wire.sigma);
    this.acc[r * M + M_LOSS_RTO] += lossUs;
    this.sim.scheduleAt(wireIn, this.hWireIn, r);
  }

  private wireIn(r: number): void {
    const now = this.sim.now;
    if (this.t_wireIn[r] !== this.t_wireIn[r]) this.t_wireIn[r] = now;
    // Interrupt moderation: at most one RX interrupt per itrUs.
    const itr = this.c.nic.itrUs;
    let irq = now;
    if (itr > 0) {
      const next = this.lastIrq + itr;
      if (next > irq) irq = next;
      this.lastIrq = irq;
    }
    this.sim.schedule(irq - now + this.c.dom0.evtchnUs, this.hDom0Irq, r);
  }

  private dom0RxDone(r: number): void {
    this.t_dom0Rx[r] = this.sim.now;
    this.acc[r * M + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    // RX buffers: the guest posts them only while its event-channel vCPU runs. When that vCPU is
    // runnable but descheduled, the vif's other traffic uses the posted buffers up; this packet
    // then waits for the guest to run (or, past the netback queue, is dropped: TCP RTO).
    const c = this.c;
    const v = this.evtchnV;
    const bgRate = c.netback.guestRxBackgroundPktsPerSec;
    if (bgRate > 0 && this.cpus.state[v] === RUNNABLE) {
      const used = ((this.sim.now - this.cpus.lastRunning[v]) * bgRate) / 1e6 + this.rxWaiting.length;
      if (used > c.rings.slots + c.netback.rxQueuePackets) {
        this.rxDrops++;
        // The server retransmits after its RTO; the packet then crosses the wire again.
        const d = this.rtoMinUs;
        this.acc[r * M + M_LOSS_RTO] += d;
        this.sim.schedule(d, this.hWireIn, r);
        return;
      }
      if (used > c.rings.slots) {
        this.rxBufferWaits++;
        this.rxWaiting.push(r);
        if (!this.rxRefillQueued) {
          this.rxRefillQueued = true;
          this.cpus.submit(v, 1, this.cbRefill, -1);
        }
        return;
      }
    }
    this.cpus.submit(this.netbackV, this.netbackRxCostUs, this.cbNetbackRx, r);
  }

  private rxRefilled(): void {
    this.rxRefillQueued = false;
    const wait = this.cpus.lastItemWait;
    for (const r of this.rxWaiting) {
      this.acc[r * M + M_GUEST_VCPU_WAIT] += wait;
      this.cpus.submit(this.netbackV, this.netbackRxCostUs, this.cbNetbackRx, r);
    }
    this.rxWaiting.length = 0;
  }

  private netbackRxDone(r: number): void {
    this.t_netfrontRx[r] = this.sim.now;
    const k = r * M;
    this.acc[k + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.c.netback.pageFlip) this.acc[k + M_PAGE_FLIP] += this.c.netback.flipDom0Us - this.c.netback.rxCopyUs + this.c.netback.flipGuestUs;
    this.sim.schedule(this.c.dom0.evtchnUs, this.hGuestEvt, r);
  }

  private isrDone(r: number): void {
    this.t_guestCapture[r] = this.sim.now;
    this.acc[r * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.appVcpu(r) === this.evtchnV) this.startRead(r);
    else this.sim.schedule(this.c.guest.ipiUs, this.hStartRead, r);
  }

  private startRead(r: number): void {
    const now = this.sim.now;
    if (now < this.pauseEnd) {
      this.acc[r * M + M_GUEST_PAUSE] += this.pauseEnd - now;
      this.sim.schedule(this.pauseEnd - now, this.hStartRead, r);
      return;
    }
    this.cpus.submit(this.appVcpu(r), this.c.guest.readUs, this.cbRead, r);
  }

  private readDone(r: number): void {
    this.t_appRead[r] = this.sim.now;
    this.acc[r * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    this.pool.release();
    this.finish(r);
  }

  private finish(r: number): void {
    const now = this.sim.now;
    const arrive = this.t_arrive[r];
    const lat = now - arrive;
    this.latency[r] = lat;
    const res = this.c.clock.resolutionMs * 1000;
    // The logging clock ticks every `res` µs; a reading is the last tick, so both ends are floored.
    this.logged[r] = res > 0 ? Math.floor(now / res) * res - Math.floor(arrive / res) * res : lat;
    const k = r * M;
    let best = 0;
    let bestUs = CAUSE_MIN_US;
    for (let m = 1; m < M; m++) {
      if (this.acc[k + m] > bestUs) {
        bestUs = this.acc[k + m];
        best = m;
      }
    }
    this.cause[r] = best;
    if (this.ring !== null && lat > this.c.stallThresholdMs * 1000) this.trace(r, lat);
    if (++this.done === this.n) this.sim.stop();
  }

  private trace(r: number, lat: number): void {
    const t = this.traced;
    const max = this.c.trace.slowest;
    if (t.length >= max && lat <= t[t.length - 1].lat) return;
    const from = this.t_arrive[r] - this.c.trace.windowMs * 1000;
    const now = this.sim.now;
    const intervals = new Map<number, VcpuInterval>();
    this.ring!.collect(from, now, this.cpus.names, intervals);
    // Still-open intervals get keys below zero, unique per (request, vCPU).
    this.cpus.openIntervals(now, (v, p, state, start) => {
      intervals.set(-(r * 1024 + v + 1), { vcpu: this.cpus.names[v], pcpu: p, state, start, end: now });
    });
    let i = t.length;
    while (i > 0 && t[i - 1].lat < lat) i--;
    t.splice(i, 0, { r, lat, intervals });
    if (t.length > max) t.pop();
  }

  // ---------------------------------------------------------------- netback TX shaper

  /** netback tx_credit_exceeded()/tx_add_credit(): a new window's credit, served oldest first. */
  private replenish(): void {
    const c = this.c;
    const windowUs = c.netback.rateLimitWindowMs * 1000;
    this.shCredit = (c.netback.rateLimitBytesPerSec * windowUs) / 1e6;
    // Requests already waiting go first (netback serves its ring in order and they were posted
    // before most of the window's other traffic); the vif's other traffic takes what is left, and
    // TCP keeps that traffic from queueing more than the ring holds.
    const bytes = c.tcp.requestBytes;
    let served = 0;
    while (served < this.shQueue.length && this.shCredit >= bytes) {
      this.shCredit -= bytes;
      served++;
    }
    const ready = this.shQueue.splice(0, served);
    const offered = this.bgBacklogBytes + (c.netback.guestTxBackgroundBytesPerSec * windowUs) / 1e6;
    const s = Math.min(this.shCredit, offered);
    this.shCredit -= s;
    this.bgBacklogBytes = Math.min(offered - s, c.rings.slots * MTU);
    const now = this.sim.now;
    for (const r of ready) {
      this.acc[r * M + M_NETBACK_RATE_LIMIT] += now + this.t_dom0Tx[r];
      this.toWire(r);
    }
  }
}
