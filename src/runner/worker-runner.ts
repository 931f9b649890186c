import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { errorToOutputs, progressOutput } from './outputs';
import type { CellRunner, RunHooks, RunRequest, RunResult } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerRunnerOptions {
  /** The worker script; defaults to the bundled `cell-worker.js` beside this bundle. */
  script?: string;
  execArgv?: string[];
  /** How long a cancelled cell may take to wind down before its worker is terminated. */
  cancelGraceMs?: number;
}

interface Pending {
  resolve(r: RunResult): void;
  hooks: RunHooks;
  startTime: number;
}

/** Runs cells in one long-lived worker thread, one at a time, streaming progress back. */
export class WorkerCellRunner implements CellRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkerRunnerOptions = {}) {}

  run(req: RunRequest, hooks: RunHooks): Promise<RunResult> {
    const next = this.queue.then(() => this.runNow(req, hooks));
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    for (const [id, p] of this.pending) this.settle(id, cancelledResult(p.startTime, 'The runner was closed.'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private runNow(req: RunRequest, hooks: RunHooks): Promise<RunResult> {
    const startTime = Date.now();
    if (hooks.signal.aborted) return Promise.resolve(cancelledResult(startTime, 'Cancelled before it started.'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<RunResult>((resolve) => {
      this.pending.set(id, { resolve, hooks, startTime });
      worker.ref();
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
        // A cell that ignores its signal must not hold the runner: after the grace period
        // the worker is terminated and a fresh one serves the next cell.
        const timer = setTimeout(() => {
          if (!this.pending.has(id)) return;
          this.settle(id, cancelledResult(startTime, 'Cancelled; the cell did not stop in time and was terminated.'));
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
        }, this.options.cancelGraceMs ?? 1500);
        timer.unref?.();
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ type: 'run', id, req } satisfies ToWorker);
    });
  }

  private settle(id: number, result: RunResult) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    // Idle workers must not keep a CLI process alive.
    if (this.pending.size === 0) this.worker?.unref();
    p.resolve(result);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const script = this.options.script ?? path.join(__dirname, 'cell-worker.js');
    const worker = new Worker(script, { execArgv: this.options.execArgv ?? [] });
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') this.pending.get(m.id)?.hooks.onProgress?.(m.message, m.fraction);
      else this.settle(m.id, m.result);
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, p] of this.pending) {
        const error = { name: 'RunnerStopped', message: `The cell runner stopped unexpectedly: ${why}` };
        this.settle(id, { ok: false, cancelled: false, outputs: errorToOutputs(error), error, startTime: p.startTime, endTime: Date.now() });
      }
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}

function cancelledResult(startTime: number, message: string): RunResult {
  return { ok: false, cancelled: true, outputs: [progressOutput(message)], startTime, endTime: Date.now() };
}
