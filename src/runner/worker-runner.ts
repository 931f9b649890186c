import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { getCellKind } from '../cells/registry';
import { currentBundle, currentLocale, t } from '../l10n';
import type { WorkerNeeds } from '../cells/types';
import { errorToOutputs, progressOutput } from './outputs';
import type { CellRunner, Preflight, PreflightAnswer, RunHooks, RunRequest, RunResult } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

const DEFAULT_WORKER: WorkerNeeds = { name: 'default' };

/** Which worker a cell runs in, as its kind says (a kind may want its own, with its own heap limits). */
export function workerOf(language: string): WorkerNeeds {
  return getCellKind(language)?.worker ?? DEFAULT_WORKER;
}

/** The name of the worker a cell runs in. */
export function workerClassOf(language: string): string {
  return workerOf(language).name;
}

export interface WorkerRunnerOptions {
  /** The worker script; defaults to the bundled `cell-worker.js` beside this bundle. */
  script?: string;
  execArgv?: string[];
  /** How long a cancelled cell may take to wind down before its worker is terminated. */
  cancelGraceMs?: number;
  /**
   * Once a cell says its work is over (CellContext.stopped), how long a cancel waits for the
   * result it is building (the analysis of a 1-hour measurement takes ~13 s on 2 cores, then charts).
   */
  finishGraceMs?: number;
}

interface Pending {
  resolve(r: RunResult): void;
  hooks: RunHooks;
  startTime: number;
  worker: Worker;
  /** Terminates a cancelled cell's worker if it does not finish in time. */
  killTimer?: NodeJS.Timeout;
  kill?: () => void;
  /** The cell said its work is over and it is building its result. */
  finishing?: boolean;
  /** Removed when the cell settles: `xenlat run` hands every cell the same signal. */
  onAbort?: () => void;
}

/** Runs cells in one long-lived worker thread, one at a time, streaming progress back. */
export class WorkerCellRunner implements CellRunner {
  private workers = new Map<string, Worker>();
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
    for (const [id, p] of this.pending) this.settle(id, cancelledResult(p.startTime, t('The runner was closed.')));
    for (const w of this.workers.values()) void w.terminate();
    this.workers.clear();
  }

  private runNow(req: RunRequest, hooks: RunHooks): Promise<RunResult> {
    const startTime = Date.now();
    if (hooks.signal.aborted) return Promise.resolve(cancelledResult(startTime, t('Cancelled before it started.')));
    const needs = workerOf(req.language);
    const workerClass = needs.name;
    const worker = this.ensureWorker(needs);
    const id = this.nextId++;
    return new Promise<RunResult>((resolve) => {
      this.pending.set(id, { resolve, hooks, startTime, worker });
      worker.ref();
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
        // A cell that ignores its signal must not hold the runner: after the grace period
        // the worker is terminated and a fresh one serves the next cell.
        const p = this.pending.get(id);
        if (!p) return;
        p.kill = () => {
          if (!this.pending.has(id)) return;
          this.settle(id, cancelledResult(startTime, t('Cancelled; the cell did not stop in time and was terminated.')));
          if (this.workers.get(workerClass) === worker) this.workers.delete(workerClass);
          void worker.terminate();
        };
        this.armKill(p, p.finishing ? this.finishGraceMs : this.options.cancelGraceMs ?? 1500);
      };
      this.pending.get(id)!.onAbort = onAbort;
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ type: 'run', id, req } satisfies ToWorker);
    });
  }

  private armKill(p: Pending, ms: number): void {
    if (p.killTimer) clearTimeout(p.killTimer);
    p.killTimer = setTimeout(() => p.kill?.(), ms);
    p.killTimer.unref?.();
  }

  private get finishGraceMs(): number {
    return this.options.finishGraceMs ?? 120_000;
  }

  /**
   * The worker checked the spec and asks what the shell grants. The answer may wait on the user
   * (no timer runs meanwhile); a cancel meanwhile settles the run, and the late answer is dropped.
   */
  private answer(id: number, preflight: Preflight): void {
    const p = this.pending.get(id);
    if (!p) return;
    const ask = p.hooks.preflight ?? ((): PreflightAnswer => ({ ok: true }));
    void Promise.resolve()
      .then(() => ask(preflight))
      .catch((err: unknown): PreflightAnswer => ({ ok: false, message: err instanceof Error ? err.message : String(err) }))
      .then((answer) => {
        if (this.pending.get(id) === p) p.worker.postMessage({ type: 'grant', id, answer } satisfies ToWorker);
      });
  }

  /** The cell's work is over and it builds its result: a cancel now, or one before, waits the time that takes. */
  private stopped(id: number): void {
    const p = this.pending.get(id);
    if (!p || p.finishing) return;
    p.finishing = true;
    if (p.kill) this.armKill(p, this.finishGraceMs);
    p.hooks.onStopped?.();
  }

  private settle(id: number, result: RunResult) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.killTimer) clearTimeout(p.killTimer);
    if (p.onAbort) p.hooks.signal.removeEventListener('abort', p.onAbort);
    // Idle workers must not keep a CLI process alive.
    if (![...this.pending.values()].some((q) => q.worker === p.worker)) p.worker.unref();
    p.resolve(result);
  }

  private ensureWorker(needs: WorkerNeeds): Worker {
    const workerClass = needs.name;
    const existing = this.workers.get(workerClass);
    if (existing) return existing;
    const script = this.options.script ?? path.join(__dirname, 'cell-worker.js');
    const worker = new Worker(script, {
      workerData: { l10n: currentBundle(), locale: currentLocale() },
      execArgv: this.options.execArgv ?? [],
      ...(needs.resourceLimits ? { resourceLimits: needs.resourceLimits } : {}),
    });
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') this.pending.get(m.id)?.hooks.onProgress?.(m.message, m.fraction);
      else if (m.type === 'preflight') this.answer(m.id, m.preflight);
      else if (m.type === 'stopped') this.stopped(m.id);
      else this.settle(m.id, m.result);
    });
    const fail = (why: string) => {
      if (this.workers.get(workerClass) === worker) this.workers.delete(workerClass);
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        const error = { name: 'RunnerStopped', message: t('The cell runner stopped unexpectedly: {0}', why) };
        this.settle(id, { ok: false, cancelled: false, outputs: errorToOutputs(error), error, startTime: p.startTime, endTime: Date.now() });
      }
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(t('exit code {0}', code)));
    this.workers.set(workerClass, worker);
    return worker;
  }
}

function cancelledResult(startTime: number, message: string): RunResult {
  return { ok: false, cancelled: true, outputs: [progressOutput(message)], startTime, endTime: Date.now() };
}
