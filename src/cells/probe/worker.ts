import type { WorkerNeeds } from '../types';

/**
 * Probes run in a worker of their own with a small young generation: many short scavenges instead
 * of fewer longer ones, so the open-loop sender stays on time (bench/probe-bench.ts measures it;
 * 2 MB gave fewer late sends than 4 MB in an A/B at 20,000 requests/s, see docs/probe.md).
 */
export const PROBE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 2 };

export const PROBE_WORKER: WorkerNeeds = { name: 'probe', resourceLimits: PROBE_WORKER_LIMITS };
