// Body calibration: every hypothesis gets the observed body (median and spread) before the tails
// are compared, so that hypotheses compete on their stalls, not on a different wire or server.
//
// Two steps (docs/explain.md, "Calibrating the body"):
// 1. In the model: a short pilot run of each hypothesis gives its body; the server's median
//    service time is scaled so the server's share of the 10–90% spread makes up the difference in
//    spread, and the wire's one-way latency is moved so the median matches. Done in the model, not
//    on the output, because mechanisms depend on them (an RTO waits on the RTT; a delayed ACK
//    adds to a round trip).
// 2. On the output: a residual shift of the candidate's samples so the medians match exactly,
//    but only when small (≤ 0.5 ms or 25% of the median); a larger residual means the hypothesis
//    cannot produce the observed body at all, which is itself evidence (reported, not hidden).
// The observation's logging clock (a detected grid) is then applied to the candidate's samples.

import { t } from '../../l10n';
import type { Body } from './signatures';

export interface Calibration {
  wireOneWayUs: number;
  serverServiceUs: number;
  /** What the pilot showed before calibration. */
  pilotBody: Body;
  /** Why the calibration could not reach the observed body, if it could not. */
  limited?: string;
}

// p90 − p10 of a lognormal with median M and σ: M·(e^{zσ} − e^{−zσ}), z = 1.2816.
const Z90 = 1.2815515655446004;

export function calibrate(observed: Body, pilot: Body, wire: { oneWayUs: number }, server: { serviceUs: number; sigma: number }, quantumMs = 0): Calibration {
  const spreadObs = observed.p90Ms - observed.p10Ms;
  const spreadPilot = pilot.p90Ms - pilot.p10Ms;
  const M = server.serviceUs / 1000;
  const unit = 2 * Math.sinh(Z90 * server.sigma);
  let M2 = M;
  // A clock grid coarser than half the spread hides the body's shape: match the median only.
  if (unit > 0 && quantumMs < spreadObs / 2) {
    const serverSpread = M * unit;
    const wanted = spreadObs - (spreadPilot - serverSpread);
    // The server's median cannot exceed the whole request's: the rest of the spread is not the server's.
    M2 = Math.min(Math.max(0.005, wanted / unit), Math.max(M, observed.medianMs));
  }
  // The server's median enters the total's median about one for one; the wire twice (out and back).
  const dMedian = observed.medianMs - pilot.medianMs - (M2 - M);
  let oneWay = wire.oneWayUs + (dMedian * 1000) / 2;
  let limited: string | undefined;
  if (oneWay < 0) {
    limited = t('its body is slower than observed even with no wire latency (median {0} ms at best, observed {1} ms)', round(pilot.medianMs - wire.oneWayUs / 500), round(observed.medianMs));
    oneWay = 0;
  }
  return { wireOneWayUs: Math.round(oneWay * 100) / 100, serverServiceUs: Math.round(M2 * 1000 * 100) / 100, pilotBody: pilot, ...(limited ? { limited } : {}) };
}

/** The largest residual median shift applied to a candidate's output. */
export function maxResidualMs(observedMedianMs: number): number {
  return Math.max(0.5, 0.25 * observedMedianMs);
}

/**
 * The candidate's samples as the observer would have logged them: shifted by the residual (when
 * allowed) and read through the observation's clock grid with a random phase per request, as
 * the difference of two timestamps taken from a clock that ticks every q ms.
 */
export function asObserved(latenciesMs: Float64Array, shiftMs: number, quantumMs: number | undefined, seed: number): Float64Array {
  const out = new Float64Array(latenciesMs.length);
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  for (let i = 0; i < out.length; i++) {
    const x = Math.max(1e-6, latenciesMs[i] + shiftMs);
    if (quantumMs) {
      const phase = next() * quantumMs;
      out[i] = quantumMs * (Math.floor((phase + x) / quantumMs) - Math.floor(phase / quantumMs));
    } else out[i] = x;
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
