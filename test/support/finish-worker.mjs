// A stand-in cell worker for the runner's cancel protocol (the real one is dist/cell-worker.js):
// the request's source says how the "cell" behaves.
//   stop-then-finish:<ms>  on a cancel, says its work is over, then takes <ms> to send its partial result
//   finishing:<ms>         says at once that its work is over (it only builds its result, and
//                          cannot see a cancel), and sends the result after <ms>
//   ignore-cancel          never stops
import { parentPort } from 'node:worker_threads';

const sources = new Map();
const result = (id, cancelled) => {
  const outputs = [{ items: [{ mime: 'text/markdown', value: cancelled ? 'partial result' : 'whole result' }] }];
  parentPort.postMessage({ type: 'done', id, result: { ok: !cancelled, cancelled, outputs, startTime: 0, endTime: 0 } });
};
parentPort.on('message', (m) => {
  if (m.type === 'run') {
    sources.set(m.id, m.req.source);
    const finishing = /^finishing:(\d+)$/.exec(m.req.source);
    if (finishing) {
      parentPort.postMessage({ type: 'stopped', id: m.id });
      setTimeout(() => result(m.id, false), Number(finishing[1]));
    }
    return;
  }
  const finish = /^stop-then-finish:(\d+)$/.exec(sources.get(m.id) ?? '');
  if (!finish) return;
  parentPort.postMessage({ type: 'stopped', id: m.id });
  setTimeout(() => result(m.id, true), Number(finish[1]));
});
