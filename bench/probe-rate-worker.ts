// One open-loop rate step, run inside a worker thread with the same resource limits as the
// product's probe worker (src/runner/worker-runner.ts), so the bench measures what users get.
import { parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../src/cells/probe/analyze';
import { runProbe, type ProbeConfig } from '../src/probe';

const config = workerData as ProbeConfig;
void runProbe(config, { signal: new AbortController().signal }).then((data) => {
  const a = analyze(data);
  parentPort!.postMessage({
    requests: a.summary.requests,
    lateShare: a.sendLag.lateShare,
    lagP99Ms: a.sendLag.p99Ms,
    lagMaxMs: a.sendLag.maxMs,
    p50Ms: a.summary.percentilesMs['50'],
    p99Ms: a.summary.percentilesMs['99'],
    pauses: a.clientPauses.count,
    gcCount: a.clientPauses.gc.count,
    gcMaxMs: a.clientPauses.gc.maxMs,
    errors: a.summary.errors.total,
  });
});
