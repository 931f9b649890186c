import { parentPort, workerData } from 'node:worker_threads';
import { renderSvg } from '../charts/svg';
import { useBundle, type Bundle } from '../l10n';
import { runCell } from './run-cell';
import type { SvgJob } from './svg-worker';
import type { FromWorker, ToWorker } from './worker-protocol';

// Cells run here, off the caller's thread: the VS Code extension host is shared by every
// extension, and a long run (or a tight timing loop) must never freeze it.
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

// Started to draw charts for an export (src/runner/svg-worker.ts), not to run cells.
const job = workerData as (Partial<SvgJob> & { l10n?: Bundle }) | undefined;
useBundle(job?.l10n);
if (job?.renderSvgs) {
  const specs = job.renderSvgs;
  void Promise.all(specs.map((spec) => renderSvg(spec).catch(() => undefined))).then((svgs) => port.postMessage(svgs));
}

const running = new Map<number, AbortController>();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(msg.id, abort);
  runCell(msg.req, {
    signal: abort.signal,
    onProgress: (message, fraction) => post({ type: 'progress', id: msg.id, message, fraction }),
    onStopped: () => post({ type: 'stopped', id: msg.id }),
  }).then(
    (result) => {
      running.delete(msg.id);
      post({ type: 'done', id: msg.id, result });
    },
    (err: unknown) => {
      running.delete(msg.id);
      const now = Date.now();
      const message = err instanceof Error ? err.message : String(err);
      post({ type: 'done', id: msg.id, result: { ok: false, cancelled: false, outputs: [], error: { name: 'InternalError', message }, startTime: now, endTime: now } });
    },
  );
});
