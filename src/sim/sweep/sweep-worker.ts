// Worker-thread entry of the sweep pool (bundled to dist/sim-worker.js). Receives one combination
// at a time and answers with its compact summary; the full run never leaves the worker.

import { parentPort } from 'node:worker_threads';
import { runPoint } from './sweep-point';
import type { ToSweepWorker, FromSweepWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('sweep-worker must run in a worker thread');
port.on('message', (m: ToSweepWorker) => {
  let reply: FromSweepWorker;
  try {
    reply = { type: 'done', id: m.id, point: runPoint(m.config, m.seed, m.index, m.values, m.keepLatencies, m.latencyView) };
  } catch (e) {
    reply = { type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) };
  }
  // The latencies (MBs for long runs) move to the parent instead of being copied.
  const buffer = reply.type === 'done' ? reply.point.latenciesMs?.buffer : undefined;
  port.postMessage(reply, buffer ? [buffer as ArrayBuffer] : []);
});
