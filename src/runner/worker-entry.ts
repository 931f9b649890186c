import { parentPort, workerData } from 'node:worker_threads';
import { renderSvg } from '../charts/svg';
import { useBundle, type Bundle } from '../l10n';
import { runCell } from './run-cell';
import type { SvgJob } from './svg-worker';
import type { PreflightAnswer } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

// Cells run here, off the caller's thread: the VS Code extension host is shared by every
// extension, and a long run (or a tight timing loop) must never freeze it.
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

// Started to draw charts for an export (src/runner/svg-worker.ts), not to run cells.
const job = workerData as (Partial<SvgJob> & { l10n?: Bundle; locale?: string }) | undefined;
useBundle(job?.l10n, job?.locale);
if (job?.renderSvgs) {
  const specs = job.renderSvgs;
  void Promise.all(specs.map((spec) => renderSvg(spec).catch(() => undefined))).then((svgs) => port.postMessage(svgs));
}

const running = new Map<number, AbortController>();
/** Runs waiting for the main thread's answer to their preflight. */
const answers = new Map<number, (answer: PreflightAnswer) => void>();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  if (msg.type === 'grant') {
    answers.get(msg.id)?.(msg.answer);
    answers.delete(msg.id);
    return;
  }
  const { id } = msg;
  const abort = new AbortController();
  running.set(id, abort);
  const settled = () => {
    running.delete(id);
    answers.delete(id);
  };
  runCell(msg.req, {
    signal: abort.signal,
    onProgress: (message, fraction) => post({ type: 'progress', id, message, fraction }),
    onStopped: () => post({ type: 'stopped', id }),
    // The checked spec stays here; only what the shell must ask about crosses, and the answer back.
    preflight: (preflight) =>
      new Promise<PreflightAnswer>((resolve) => {
        answers.set(id, resolve);
        post({ type: 'preflight', id, preflight });
      }),
  }).then(
    (result) => {
      settled();
      post({ type: 'done', id, result });
    },
    (err: unknown) => {
      settled();
      const now = Date.now();
      const message = err instanceof Error ? err.message : String(err);
      post({ type: 'done', id, result: { ok: false, cancelled: false, outputs: [], error: { name: 'InternalError', message }, startTime: now, endTime: now } });
    },
  );
});
