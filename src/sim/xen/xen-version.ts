// Scheduler semantics by Xen release. A `xen.version` sets what that release's credit scheduler
// does (or that the pool runs credit2); the scheduler keys left unset (null) take the release's
// value, the keys written in a spec override it. Sources (research notes §2.1, §2.2):
//  - Xen ≤ 3.4 credit1 debits a whole 10 ms tick from the vCPU found running at a tick
//    (csched_tick → csched_vcpu_acct, "probabilistic" accounting).
//  - Xen 4.0 brought exact ("accurate") accounting: burn_credits() charges measured run time at
//    every schedule and tick (G. Dunlap, "Accurate accounting for credit scheduler").
//  - Xen 4.2 added sched_credit_tslice_ms and ratelimit_us (default 1000 µs,
//    SCHED_DEFAULT_RATELIMIT_US); __csched_set_tslice() sets the tick to tslice/3
//    (CSCHED_TICKS_PER_TSLICE) and the accounting period to the slice (Xen 4.2 blog, April 2012).
//  - Xen 4.12 made credit2 the default scheduler (with ratelimit 1000 µs too).

import type { SimConfig, XenVersion } from './config-types';

export { XEN_VERSIONS, type XenVersion } from './config-types';

/** The scheduler a run uses, every value resolved. */
export interface SchedulerSemantics {
  kind: 'credit' | 'credit2';
  debit: 'tick' | 'exact';
  tsliceMs: number;
  tickMs: number;
  acctMs: number;
  ratelimitUs: number;
}

/** (major, minor) as one comparable number: 4.11 → 411, 4.2 → 402. */
function rank(v: XenVersion): number {
  const [major, minor] = v.split('.').map(Number);
  return major * 100 + minor;
}

/** What the release does when no scheduler key is written (tslice at its 30 ms default). */
export function releaseDefaults(v: XenVersion, tsliceMs = 30): SchedulerSemantics {
  const r = rank(v);
  const sliceDerived = r >= 402;
  return {
    kind: r >= 412 ? 'credit2' : 'credit',
    debit: r >= 400 ? 'exact' : 'tick',
    tsliceMs,
    // Before 4.2 the tick (CSCHED_MSECS_PER_TICK) and accounting period were compile-time 10/30 ms.
    tickMs: sliceDerived ? tsliceMs / 3 : 10,
    acctMs: sliceDerived ? tsliceMs : 30,
    ratelimitUs: r >= 402 ? 1000 : 0,
  };
}

/** The release's semantics with every explicitly set scheduler key applied on top. */
export function schedulerSemantics(c: SimConfig): SchedulerSemantics {
  const sc = c.scheduler;
  const d = releaseDefaults(c.xen.version, sc.tsliceMs);
  return {
    kind: sc.kind ?? d.kind,
    debit: sc.debit ?? d.debit,
    tsliceMs: sc.tsliceMs,
    tickMs: sc.tickMs ?? d.tickMs,
    acctMs: sc.acctMs ?? d.acctMs,
    ratelimitUs: sc.ratelimitUs ?? d.ratelimitUs,
  };
}
