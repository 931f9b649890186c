import type { SimConfig } from '../xen/config';
import type { LatencyView, SweepPoint } from './sweep-point';

export interface ToSweepWorker {
  id: number;
  index: number;
  config: SimConfig;
  seed: number;
  values: Record<string, unknown>;
  /** Also send back every request's latency (ms), e.g. for comparing distributions (explain cells). */
  keepLatencies?: boolean;
  /** Which latency to send back (default: the application's). */
  latencyView?: LatencyView;
}

export type FromSweepWorker = { type: 'done'; id: number; point: SweepPoint } | { type: 'error'; id: number; message: string };
