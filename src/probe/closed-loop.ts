// Closed loop: each connection sends its next request when the previous one has ended.
import { blankRecord } from './connections';
import type { ProbeConnection } from './raw-client';
import type { ProbePath } from './record';
import type { RunPlan } from './run-plan';

export function startClosedLoop(plan: RunPlan, pools: Record<ProbePath, ProbeConnection[]>): void {
  const { clock, t0, records } = plan;
  const worker = async (conn: ProbeConnection, path: ProbePath) => {
    while (!plan.stopped && !plan.planDone()) {
      const seq = plan.next++;
      const now = clock.now();
      const rec = blankRecord(seq, conn.id, path, now, plan.isWarmup(seq, now - t0));
      records.add(rec);
      await new Promise<void>((resolve) => plan.issue(conn, rec, () => resolve()));
      plan.ended(rec);
      // A refused or unresolvable target fails in microseconds; don't spin on it.
      if (!rec.ok && !plan.stopped && rec.tEnd! - rec.tStart < 1) await new Promise((r) => setTimeout(r, 10));
    }
  };
  const workers = [
    ...pools.raw.map((c) => worker(c, 'raw')),
    ...pools.memjs.map((c) => worker(c, 'memjs')),
    ...pools.tcp.map((c) => worker(c, 'tcp')),
  ];
  Promise.all(workers).then(() => {
    if (plan.inflight === 0) plan.finish();
  });
}
