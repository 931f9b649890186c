// Xen's credit2 scheduler, after xen/common/sched_credit2.c (research notes §2.2), simplified to
// one run queue per pCPU (vCPUs are pinned):
//  - each vCPU holds credit in µs; running burns it at max_weight/weight per µs;
//  - the runnable vCPU with the most credit runs; a waking vCPU preempts if it has more credit
//    than the running one (so a mostly idle, latency-sensitive vCPU gets the CPU at once);
//  - a decision timer fires when the running vCPU's credit would fall to the next one's,
//    clamped to [MIN_TIMER 500 µs, MAX_TIMER 10 ms] and to at least the ratelimit;
//  - when the vCPU about to run has no credit left, every vCPU of the queue gets CREDIT_INIT
//    more, clipped to CREDIT_INIT + CARRYOVER_MAX (= MIN_TIMER).
// Caps (credit2's budget mechanism) are not modelled.

import type { Cpus, SchedPolicy } from './cpu';
import { insertByKey } from './run-queue';

export interface Credit2Options {
  minTimerUs: number;
  maxTimerUs: number;
  creditInitUs: number;
  ratelimitUs: number;
}

export class Credit2Scheduler implements SchedPolicy {
  readonly credit: Float64Array;
  private readonly burn: Float64Array;
  private readonly runq: number[][];
  private readonly onPcpu: number[][];
  resets = 0;

  constructor(
    private readonly cpus: Cpus,
    private readonly o: Credit2Options,
  ) {
    const nv = cpus.nv;
    this.credit = new Float64Array(nv).fill(o.creditInitUs);
    let maxW = 1;
    for (let v = 0; v < nv; v++) maxW = Math.max(maxW, cpus.domains[cpus.vDomain[v]].weight);
    this.burn = Float64Array.from({ length: nv }, (_, v) => maxW / cpus.domains[cpus.vDomain[v]].weight);
    this.runq = Array.from({ length: cpus.np }, () => []);
    this.onPcpu = Array.from({ length: cpus.np }, () => []);
    for (let v = 0; v < nv; v++) this.onPcpu[cpus.vPcpu[v]].push(v);
  }

  start(): void {}

  enqueue(v: number, _woke: boolean): void {
    insertByKey(this.runq[this.cpus.vPcpu[v]], v, this.credit);
  }

  pick(p: number): number {
    const q = this.runq[p];
    if (q.length === 0) return -1;
    if (this.credit[q[0]] <= 0) this.reset(p, q[0]);
    return q.shift()!;
  }

  private reset(p: number, next: number): void {
    this.resets++;
    const init = this.o.creditInitUs;
    let m = 1;
    if (this.credit[next] < -init) m += Math.floor(-this.credit[next] / init);
    const clip = init + this.o.minTimerUs;
    for (const v of this.onPcpu[p]) {
      const c = this.credit[v] + m * init;
      this.credit[v] = c > clip ? clip : c;
    }
    this.runq[p].sort((a, b) => this.credit[b] - this.credit[a]);
  }

  private currentCredit(v: number): number {
    return this.credit[v] - (this.cpus.sim.now - this.cpus.lastCharge[v]) * this.burn[v];
  }

  preempts(v: number, cur: number): boolean {
    return this.credit[v] > this.currentCredit(cur);
  }

  hasWaiting(p: number): boolean {
    return this.runq[p].length > 0;
  }

  timerAt(p: number, v: number): number {
    const q = this.runq[p];
    if (q.length === 0) return Infinity;
    const now = this.cpus.sim.now;
    let t = (this.currentCredit(v) - this.credit[q[0]]) / this.burn[v];
    if (!(t >= this.o.minTimerUs)) t = this.o.minTimerUs;
    if (t > this.o.maxTimerUs) t = this.o.maxTimerUs;
    const earliest = this.cpus.runStart[p] + this.o.ratelimitUs;
    return Math.max(now + t, earliest);
  }

  charge(v: number, ranUs: number): void {
    if (ranUs > 0) this.credit[v] -= ranUs * this.burn[v];
  }
}
