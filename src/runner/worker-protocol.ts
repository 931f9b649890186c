import type { Preflight, PreflightAnswer, RunRequest, RunResult } from './types';

// A run: `run` → the worker checks the spec once and sends its `preflight` → the main thread
// answers with a `grant` (consent, secrets, other cells' results, or no) → `progress`… → `done`.
export type ToWorker =
  | { type: 'run'; id: number; req: RunRequest }
  | { type: 'grant'; id: number; answer: PreflightAnswer }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'preflight'; id: number; preflight: Preflight }
  | { type: 'progress'; id: number; message: string; fraction?: number }
  | { type: 'stopped'; id: number }
  | { type: 'done'; id: number; result: RunResult };
