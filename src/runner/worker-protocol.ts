import type { RunRequest, RunResult } from './types';

export type ToWorker = { type: 'run'; id: number; req: RunRequest } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; message: string; fraction?: number }
  | { type: 'stopped'; id: number }
  | { type: 'done'; id: number; result: RunResult };
