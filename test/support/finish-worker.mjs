// A stand-in cell worker for the runner's cancel protocol (the real one is dist/cell-worker.js):
// the request's source says how the "cell" behaves when cancelled.
//   stop-then-finish:<ms>  says it stopped at once, then takes <ms> to send its partial result
//   ignore-cancel          never stops
import { parentPort } from 'node:worker_threads';

const sources = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'run') {
    sources.set(m.id, m.req.source);
    return;
  }
  const source = sources.get(m.id) ?? '';
  const finish = /^stop-then-finish:(\d+)$/.exec(source);
  if (!finish) return;
  parentPort.postMessage({ type: 'stopped', id: m.id });
  setTimeout(() => {
    const outputs = [{ items: [{ mime: 'text/markdown', value: 'partial result' }] }];
    parentPort.postMessage({ type: 'done', id: m.id, result: { ok: false, cancelled: true, outputs, startTime: 0, endTime: 0 } });
  }, Number(finish[1]));
});
