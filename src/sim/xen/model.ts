// The request/response model: a memcached-style get from an application in a Xen PV guest to a
// server, through netfront -> event channel -> dom0/netback -> NIC -> wire -> server and back,
// with every CPU step executed as work on a vCPU scheduled by the Xen scheduler model (cpu.ts,
// set up in platform.ts). Stalls are not drawn from a "stall distribution": they emerge from the
// mechanisms (scheduler priorities and slices, shaper windows, TCP timers, the pool's timeout,
// guest and server pauses).
//
// Hot path: engine callback API only; one event handler per path step, the request index as the
// payload, all per-request state in typed arrays.

import { RandomStreams, Simulation, type RandomStream } from '../engine/index';
import { assertValidConfig, type SimConfig } from './config';
import { RUNNABLE, type Cpus, type SchedPolicy } from './cpu';
import { CreditScheduler } from './credit-scheduler';
import { buildPlatform } from './platform';
import { SocketPool } from './pool';
import { RequestSlots, type RequestSink } from './request-slots';
import { MECHANISMS, type SimRun, type StreamedRun } from './run-types';
import { TableSink } from './table-sink';
import { RX_DROP, RX_OK, RxBuffers } from './rx-buffers';
import { SlowTrace } from './slow-trace';
import { TxShaper } from './tx-shaper';
import { WireServer } from './wire-server';
import { schedulerSemantics } from './xen-version';

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
const M_SERVER_PAUSE = 10;
if (MECHANISMS[M_SERVER] !== 'server' || MECHANISMS[M_GUEST_VCPU_WAIT] !== 'guest-vcpu-wait' || MECHANISMS[M_SERVER_PAUSE] !== 'server-pause') throw new Error('MECHANISMS order changed');
/** A mechanism must add at least this much to a request to be named its cause. */
const CAUSE_MIN_US = 500;
/** Phase of a request that opens a new connection: its SYN/SYN-ACK crosses the path first. */
const PHASE_CONNECT = 1;

/** A whole run keeping every request: its table of instants (TableSink). */
export function simulate(config: SimConfig, seed: number): SimRun {
  const sink = new TableSink(config.requests, config.tcp.newConnectionFraction > 0);
  return tableRun(simulateInto(config, seed, sink), sink);
}

/** A streamed run with the table its TableSink kept. */
export function tableRun(run: StreamedRun, sink: TableSink): SimRun {
  return { config: run.config, seed: run.seed, requests: sink.table, vcpuIntervals: run.vcpuIntervals, stats: run.stats, ...(run.counters ? { counters: run.counters } : {}) };
}

/** A whole run, every completed request handed to `sink` in request order. */
export function simulateInto(config: SimConfig, seed: number, sink: RequestSink): StreamedRun {
  assertValidConfig(config);
  const m = new XenModel(config, seed, sink);
  m.runUntil(Infinity);
  return m.result();
}

/** A model run that can be advanced in slices of simulated time (for progress and cancellation). */
export class XenModel {
  private readonly sim = new Simulation({ initialCapacity: 4096 });
  private readonly streams: RandomStreams;
  private readonly cpus: Cpus;
  private readonly policy: SchedPolicy;
  private readonly pool: SocketPool;
  readonly n: number;
  /** The requests in flight (and complete ones waiting for an older request). */
  private readonly q: RequestSlots;
  private readonly opensConnections: boolean;
  done = 0;
  private readonly endUs: number;

  // vCPU indices
  private readonly guestV: number[];
  private readonly evtchnV: number;
  private readonly netbackV: number;

  // random streams, one per component
  private readonly rArr: RandomStream;
  private readonly rGuest: RandomStream;
  private readonly rPause: RandomStream;
  private readonly outside: WireServer;

  // constants in µs
  private readonly meanGapUs: number;
  private readonly isrCostUs: number;
  private readonly netbackRxCostUs: number;

  // netback / rings / NIC state
  private txPending = 0;
  /** Time of the last NIC RX interrupt (fired or due). */
  private lastIrq = -Infinity;
  private pauseEnd = 0;
  private readonly rxBuffers: RxBuffers;
  private readonly shaper: TxShaper | null;

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
  private pauses = 0;
  private irqs = 0;
  private connects = 0;

  private readonly trace: SlowTrace | null;

  constructor(
    private readonly c: SimConfig,
    private readonly seed: number,
    private readonly sink: RequestSink,
  ) {
    this.streams = new RandomStreams(seed);
    const s = this.streams;
    this.rArr = s.stream('arrivals');
    this.rGuest = s.stream('guest-cost');
    this.rPause = s.stream('guest-pause');
    const n = (this.n = c.requests);
    this.opensConnections = c.tcp.newConnectionFraction > 0;
    this.q = new RequestSlots(this.opensConnections);

    this.meanGapUs = 1e6 / c.ratePerSec;
    this.outside = new WireServer(c, s);
    this.isrCostUs = c.guest.isrUs + (c.netback.pageFlip ? c.netback.flipGuestUs : 0);
    this.netbackRxCostUs = c.netback.pageFlip ? c.netback.flipDom0Us : c.netback.rxCopyUs;

    const sim = this.sim;
    const platform = buildPlatform(sim, c, schedulerSemantics(c), s);
    this.cpus = platform.cpus;
    this.policy = platform.policy;
    this.guestV = platform.guestV;
    this.evtchnV = this.guestV[c.guest.evtchnVcpu];
    this.netbackV = platform.dom0V[0];
    this.trace = platform.ring ? new SlowTrace(platform.ring, this.cpus, c.trace.slowest, c.trace.windowMs * 1000) : null;

    // --- pool
    this.pool = new SocketPool(sim, c.pool.size, c.pool.queueTimeoutMs * 1000, this.q, (r) => this.acquired(r), (r) => this.poolTimeout(r));

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
    this.rxBuffers = new RxBuffers(c, this.cpus, this.evtchnV, this.cbRefill);

    // --- periodic processes
    const shaper = (this.shaper = c.netback.rateLimitBytesPerSec > 0 ? new TxShaper(c) : null);
    if (shaper) {
      const hWindow = sim.register(() => {
        this.replenish(shaper);
        sim.schedule(shaper.windowUs, hWindow);
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
    sim.schedule(c.warmupMs * 1000, this.hArrive, 0);
    // Background load never ends, so the run stops (sim.stop()) when the last request completes;
    // the time bound turns a request that can never complete (a model bug) into an error, not a hang.
    this.endUs = c.warmupMs * 1000 + (n / c.ratePerSec) * 1e6 * 20 + 600e6;
  }

  /** Simulated µs so far. */
  get now(): number {
    return this.sim.now;
  }

  get finished(): boolean {
    return this.done === this.n || this.sim.now >= this.endUs;
  }

  /** Advances the run to simulated time `t` µs (or its end). */
  runUntil(t: number): void {
    if (this.finished) return;
    this.sim.run(Math.min(t, this.endUs));
  }

  result(): StreamedRun {
    const sim = this.sim;
    if (this.done < this.n) throw new Error(`simulation ended with ${this.n - this.done} requests incomplete`);
    const cr = this.policy instanceof CreditScheduler ? this.policy : null;
    return {
      config: structuredClone(this.c),
      seed: this.seed,
      requests: { count: this.n },
      slotsUsed: this.q.capacity,
      vcpuIntervals: this.trace?.intervals() ?? [],
      stats: { events: sim.eventCount, simulatedUs: sim.now },
      counters: {
        notifications: this.notifications,
        suppressedNotifications: this.suppressedNotifications,
        rxInterrupts: this.irqs,
        rxBufferWaits: this.rxBuffers.waits,
        rxDrops: this.rxBuffers.drops,
        guestPauses: this.pauses,
        serverPauses: this.outside.pauses?.count ?? 0,
        connects: this.connects,
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
    this.q.open(r);
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
    this.q.instants.arrive[r & this.q.mask] = this.sim.now;
    this.pool.acquire(r);
  }

  private acquired(r: number): void {
    const now = this.sim.now;
    this.q.instants.poolAcquired[r & this.q.mask] = now;
    this.q.acc[(r & this.q.mask) * M + M_POOL_WAIT] += now - this.q.instants.arrive[r & this.q.mask];
    // A new connection: connect() sends a SYN down the same path; the request is written once
    // the SYN-ACK has come back up and the application thread has run.
    if (this.opensConnections && this.outside.chance(this.c.tcp.newConnectionFraction)) {
      this.q.phase[r & this.q.mask] = PHASE_CONNECT;
      this.q.connectUs![r & this.q.mask] = now;
      this.connects++;
    }
    this.startSend(r);
  }

  private poolTimeout(r: number): void {
    this.q.failure[r & this.q.mask] = 1;
    this.q.acc[(r & this.q.mask) * M + M_POOL_WAIT] += this.sim.now - this.q.instants.arrive[r & this.q.mask];
    this.finish(r);
  }

  private connecting(r: number): boolean {
    return this.opensConnections && this.q.phase[r & this.q.mask] === PHASE_CONNECT;
  }

  private startSend(r: number): void {
    const now = this.sim.now;
    // A stop-the-world pause of the application (GC) keeps the app thread from calling send().
    if (now < this.pauseEnd) {
      this.q.acc[(r & this.q.mask) * M + M_GUEST_PAUSE] += this.pauseEnd - now;
      this.sim.schedule(this.pauseEnd - now, this.hStartSend, r);
      return;
    }
    const g = this.c.guest;
    this.cpus.submit(this.appVcpu(r), this.rGuest.lognormalMedian(g.sendUs, g.sendSigma), this.cbSend, r);
  }

  private sendDone(r: number): void {
    this.q.instants.appSend[r & this.q.mask] = this.cpus.lastItemStart;
    this.q.acc[(r & this.q.mask) * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    const now = this.sim.now;
    this.q.instants.writeDone[r & this.q.mask] = now;
    // Nagle's hold of the last segment is applied where the server waits for the whole request.
    if (!this.connecting(r)) this.q.acc[(r & this.q.mask) * M + M_NAGLE_DELAYED_ACK] += this.outside.nagleHoldUs();
    this.netfrontTx(r);
  }

  private netfrontTx(r: number): void {
    this.q.instants.netfrontTx[r & this.q.mask] = this.sim.now;
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
    this.q.acc[(r & this.q.mask) * M + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.shaper !== null && !this.shaper.admit(r, this.c.request.bytes)) {
      this.q.instants.dom0Tx[r & this.q.mask] = -this.sim.now;
      return;
    }
    this.toWire(r);
  }

  private toWire(r: number): void {
    const now = this.sim.now;
    const k = (r & this.q.mask) * M;
    this.q.instants.dom0Tx[r & this.q.mask] = now;
    const o = this.connecting(r) ? this.outside.handshake(now) : this.outside.request(now, this.q.acc[k + M_NAGLE_DELAYED_ACK]);
    this.q.instants.wireOut[r & this.q.mask] = o.wireOut;
    this.q.instants.server[r & this.q.mask] = o.server;
    this.q.acc[k + M_LOSS_RTO] += o.lossUs;
    this.q.acc[k + M_SERVER] += o.slowUs;
    this.q.acc[k + M_SERVER_PAUSE] += o.serverPauseUs;
    this.sim.scheduleAt(o.wireIn, this.hWireIn, r);
  }

  private wireIn(r: number): void {
    const now = this.sim.now;
    if (this.q.instants.wireIn[r & this.q.mask] !== this.q.instants.wireIn[r & this.q.mask]) this.q.instants.wireIn[r & this.q.mask] = now;
    // Interrupt moderation (e1000/ixgbe ITR): at most one RX interrupt per itrUs, and every
    // packet that arrived meanwhile is handled by that interrupt (NAPI polls the ring). A packet
    // that finds an interrupt due joins it; otherwise it fires one as soon as the interval since
    // the last allows. So moderation adds at most itrUs and never caps throughput.
    const itr = this.c.nic.itrUs;
    let irq = now;
    if (itr > 0) {
      if (this.lastIrq >= now) irq = this.lastIrq;
      else {
        irq = Math.max(now, this.lastIrq + itr);
        this.lastIrq = irq;
        this.irqs++;
      }
    }
    this.sim.schedule(irq - now + this.c.dom0.evtchnUs, this.hDom0Irq, r);
  }

  private dom0RxDone(r: number): void {
    this.q.instants.dom0Rx[r & this.q.mask] = this.sim.now;
    this.q.acc[(r & this.q.mask) * M + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    const rx = this.rxBuffers.admit(r, this.sim.now);
    if (rx === RX_OK) this.cpus.submit(this.netbackV, this.netbackRxCostUs, this.cbNetbackRx, r);
    else if (rx === RX_DROP) {
      // The server retransmits after its RTO; the packet then crosses the wire again.
      const d = this.outside.server.rtoMinUs;
      this.q.acc[(r & this.q.mask) * M + M_LOSS_RTO] += d;
      this.sim.schedule(d, this.hWireIn, r);
    }
  }

  private rxRefilled(): void {
    const wait = this.cpus.lastItemWait;
    for (const r of this.rxBuffers.refilled()) {
      this.q.acc[(r & this.q.mask) * M + M_GUEST_VCPU_WAIT] += wait;
      this.cpus.submit(this.netbackV, this.netbackRxCostUs, this.cbNetbackRx, r);
    }
  }

  private netbackRxDone(r: number): void {
    this.q.instants.netfrontRx[r & this.q.mask] = this.sim.now;
    const k = (r & this.q.mask) * M;
    this.q.acc[k + M_DOM0_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.c.netback.pageFlip) this.q.acc[k + M_PAGE_FLIP] += this.c.netback.flipDom0Us - this.c.netback.rxCopyUs + this.c.netback.flipGuestUs;
    this.sim.schedule(this.c.dom0.evtchnUs, this.hGuestEvt, r);
  }

  private isrDone(r: number): void {
    this.q.instants.guestCapture[r & this.q.mask] = this.sim.now;
    this.q.acc[(r & this.q.mask) * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.appVcpu(r) === this.evtchnV) this.startRead(r);
    else this.sim.schedule(this.c.guest.ipiUs, this.hStartRead, r);
  }

  private startRead(r: number): void {
    const now = this.sim.now;
    if (now < this.pauseEnd) {
      this.q.acc[(r & this.q.mask) * M + M_GUEST_PAUSE] += this.pauseEnd - now;
      this.sim.schedule(this.pauseEnd - now, this.hStartRead, r);
      return;
    }
    this.cpus.submit(this.appVcpu(r), this.c.guest.readUs, this.cbRead, r);
  }

  private readDone(r: number): void {
    const now = this.sim.now;
    this.q.acc[(r & this.q.mask) * M + M_GUEST_VCPU_WAIT] += this.cpus.lastItemWait;
    if (this.connecting(r)) {
      // connect() returned: the handshake's latency is kept, the request itself starts now (its
      // instants then describe the get; the connect's time stays in its latency and causes).
      this.q.phase[r & this.q.mask] = 0;
      this.q.connectUs![r & this.q.mask] = now - this.q.connectUs![r & this.q.mask];
      // wireIn keeps the first arrival of a response (a dropped one comes again); start afresh.
      this.q.instants.wireIn[r & this.q.mask] = NaN;
      this.startSend(r);
      return;
    }
    this.q.instants.appRead[r & this.q.mask] = now;
    this.pool.release();
    this.finish(r);
  }

  private finish(r: number): void {
    const now = this.sim.now;
    const arrive = this.q.instants.arrive[r & this.q.mask];
    const lat = now - arrive;
    this.q.latencyUs[r & this.q.mask] = lat;
    const res = this.c.clock.resolutionMs * 1000;
    // The logging clock ticks every `res` µs; a reading is the last tick, so both ends are floored.
    this.q.loggedLatencyUs[r & this.q.mask] = res > 0 ? Math.floor(now / res) * res - Math.floor(arrive / res) * res : lat;
    const k = (r & this.q.mask) * M;
    let best = 0;
    let bestUs = CAUSE_MIN_US;
    for (let m = 1; m < M; m++) {
      if (this.q.acc[k + m] > bestUs) {
        bestUs = this.q.acc[k + m];
        best = m;
      }
    }
    this.q.cause[r & this.q.mask] = best;
    if (this.trace !== null && lat > this.c.stallThresholdMs * 1000) this.trace.offer(r, arrive, lat, now);
    this.q.complete(r, this.sink);
    if (++this.done === this.n) this.sim.stop();
  }

  // ---------------------------------------------------------------- netback TX shaper

  /** A new shaper window: the requests it releases leave now, their wait charged to the shaper. */
  private replenish(shaper: TxShaper): void {
    const now = this.sim.now;
    for (const r of shaper.replenish(this.c.request.bytes)) {
      this.q.acc[(r & this.q.mask) * M + M_NETBACK_RATE_LIMIT] += now + this.q.instants.dom0Tx[r & this.q.mask];
      this.toWire(r);
    }
  }
}
