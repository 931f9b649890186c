// The machine a run simulates: pCPUs, the vCPUs of the guest, dom0 and the neighbours, the Xen
// scheduler policy that runs them, and the background CPU demand that keeps them busy. Separate
// from the request path (model.ts) so the path reads as the packet's journey, not as set-up.

import type { RandomStreams, Simulation } from '../engine/index';
import type { SimConfig } from './config';
import { Cpus, type DomainSpec, type SchedPolicy, type VcpuSpec } from './cpu';
import { CreditScheduler } from './credit-scheduler';
import { Credit2Scheduler } from './credit2';
import { IntervalRing } from './interval-ring';
import type { SchedulerSemantics } from './xen-version';

export interface Platform {
  cpus: Cpus;
  policy: SchedPolicy;
  guestV: number[];
  dom0V: number[];
  ring: IntervalRing | null;
}

export function buildPlatform(sim: Simulation, c: SimConfig, sched: SchedulerSemantics, s: RandomStreams): Platform {
  // --- CPUs: the shared cpupool (guest, neighbours, dom0 unless dedicated) + dom0's own pool.
  const vcpus: VcpuSpec[] = [];
  const sc = c.scheduler;
  const domains: DomainSpec[] = [
    { name: 'guest', weight: sc.guestWeight, capPercent: sc.guestCapPercent },
    { name: 'dom0', weight: c.dom0.weight, capPercent: 0 },
  ];
  const guestV: number[] = [];
  const dom0V: number[] = [];
  for (let j = 0; j < c.guest.vcpus; j++) {
    guestV.push(vcpus.length);
    vcpus.push({ name: `guest.${j}`, domain: 0, pcpu: (c.guest.firstPcpu + j) % c.pcpus });
  }
  const np = c.pcpus + (c.dom0.dedicated ? c.dom0.vcpus : 0);
  for (let j = 0; j < c.dom0.vcpus; j++) {
    dom0V.push(vcpus.length);
    vcpus.push({ name: `dom0.${j}`, domain: 1, pcpu: c.dom0.dedicated ? c.pcpus + j : (c.dom0.pcpu + j) % c.pcpus });
  }
  const nNeigh = c.neighbours.cpuBound + c.neighbours.bursty;
  const neighV: number[] = [];
  for (let i = 0; i < nNeigh; i++) {
    domains.push({ name: `neighbour.${i}`, weight: c.neighbours.weight, capPercent: c.neighbours.capPercent });
    neighV.push(vcpus.length);
    vcpus.push({ name: `neighbour.${i}`, domain: 2 + i, pcpu: c.neighbours.pcpus[i % c.neighbours.pcpus.length] });
  }
  const cpus = new Cpus(sim, vcpus, domains, np, { contextSwitchUs: sc.contextSwitchUs, idleWakeUs: sc.idleWakeUs, ratelimitUs: sched.ratelimitUs });
  const rSched = s.stream('scheduler');
  const policy: SchedPolicy =
    sched.kind === 'credit'
      ? new CreditScheduler(cpus, {
          tsliceMs: sched.tsliceMs,
          tickMs: sched.tickMs,
          acctMs: sched.acctMs,
          boost: sc.boost,
          debit: sched.debit,
          pcpuPool: Array.from({ length: np }, (_, p) => (p < c.pcpus ? 0 : 1)),
          tickPhase: Array.from({ length: np }, () => rSched.uniform01()),
        })
      : new Credit2Scheduler(cpus, {
          minTimerUs: sc.credit2MinTimerUs,
          maxTimerUs: sc.credit2MaxTimerUs,
          creditInitUs: sc.credit2CreditInitMs * 1000,
          ratelimitUs: sched.ratelimitUs,
        });
  cpus.policy = policy;
  const ring = c.trace.slowest > 0 ? new IntervalRing(1 << 15) : null;
  cpus.ring = ring;

  // --- background demand
  const bgLoads: { v: number; load: number; burstUs: number }[] = [];
  c.guest.cpuLoad.forEach((load, j) => load > 0 && bgLoads.push({ v: guestV[j], load, burstUs: c.guest.burstMs * 1000 }));
  if (c.dom0.cpuLoad > 0) bgLoads.push({ v: dom0V[0], load: c.dom0.cpuLoad, burstUs: c.dom0.burstMs * 1000 });
  for (let i = c.neighbours.cpuBound; i < nNeigh; i++) {
    if (c.neighbours.burstyLoad > 0) bgLoads.push({ v: neighV[i], load: c.neighbours.burstyLoad, burstUs: c.neighbours.burstMs * 1000 });
  }
  const bgStreams = bgLoads.map((b) => s.stream(`background.${vcpus[b.v].name}`));
  const hBg = sim.register((k) => {
    const b = bgLoads[k];
    const rng = bgStreams[k];
    cpus.addBackground(b.v, rng.exponential(b.burstUs));
    // Mean gap burst/load gives the requested mean utilisation when the vCPU gets the CPU it wants.
    sim.schedule(rng.exponential(b.burstUs / b.load), hBg, k);
  });
  bgLoads.forEach((b, k) => sim.schedule(bgStreams[k].exponential(b.burstUs / b.load), hBg, k));
  policy.start();
  for (const v of neighV.slice(0, c.neighbours.cpuBound)) cpus.addBackground(v, Infinity);
  return { cpus, policy, guestV, dom0V, ring };
}
