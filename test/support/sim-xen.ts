import { simulate } from '../../src/sim/xen/model';
import { configFor } from '../../src/sim/xen/preset-config';
import { STAGES, type SimRun } from '../../src/sim/xen/run-types';

export function run(preset: string, overrides: unknown = {}, seed = 1): SimRun {
  return simulate(configFor(preset, overrides), seed);
}

export function latMs(r: SimRun): number[] {
  return Array.from(r.requests.latencyUs!, (x) => x / 1000);
}

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Indices of requests slower than `ms` that completed (not pool failures). */
export function stalled(r: SimRun, ms: number): number[] {
  const out: number[] = [];
  const t = r.requests;
  for (let i = 0; i < t.count; i++) if (t.failure[i] === 0 && t.latencyUs![i] > ms * 1000) out.push(i);
  return out;
}

export function largestStage(r: SimRun, i: number): string {
  const ins = r.requests.instants;
  let best = '';
  let bestUs = -1;
  for (const s of STAGES) {
    const d = ins[s.to][i] - ins[s.from][i];
    if (d > bestUs) {
      bestUs = d;
      best = s.id;
    }
  }
  return best;
}
