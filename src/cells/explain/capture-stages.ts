// Stage evidence from a capture inside the guest: of the time the observed stalls took, how much
// came after the guest captured the response (the data had arrived; the read returned late) and
// how much before (network, dom0, server, or the guest before its request left). A probe with
// `capture: true` measures it per stall (`captureToReadMs`); the simulator has the same split in
// its stage instants (`guestCapture` → `appRead` is the stage `capture-to-read`). Latency alone
// cannot tell a late packet from a late read of the same size: this can (dom0 contention and a
// server pause put the time before the capture, a paused or descheduled guest after it).

import { t } from '../../l10n';
import { wilsonInterval, type Interval } from '../../stats/binomial-interval';

/** The stage of the simulator that lies after the guest's capture point. */
export const AFTER_CAPTURE_STAGE = 'capture-to-read';

export interface CaptureStages {
  /** Stalls that carry capture timings. */
  stalls: number;
  /** Share of their total latency after the response was captured (0..1). */
  afterShare: number;
  /** 95% interval of that share (see observedCaptureStages). */
  interval: Interval;
  text: string;
}

export interface CapturedStall {
  latencyMs: number;
  captureToReadMs?: number;
}

/**
 * Share of the stalled time after the capture, over the stalls with capture timings. Its interval
 * treats the share as a proportion of the effective number of stalls (stalls / design effect,
 * the design effect being stalls per episode: one burst is one cause): the per-stall fractions
 * lie in [0, 1], so their variance is at most that of a proportion with the same mean, and the
 * Wilson interval on that count is a conservative one. `captureToReadMs` is clamped to
 * [0, latency]: the two clocks' alignment error (reported by the probe) can push it just outside.
 */
export function observedCaptureStages(ctx: CapturedStall[], designEffect = 1): CaptureStages | undefined {
  const withCapture = ctx.filter((s) => typeof s.captureToReadMs === 'number' && Number.isFinite(s.captureToReadMs) && s.latencyMs > 0);
  if (withCapture.length === 0) return undefined;
  let after = 0;
  let total = 0;
  for (const s of withCapture) {
    after += Math.min(s.latencyMs, Math.max(0, s.captureToReadMs!));
    total += s.latencyMs;
  }
  const share = after / total;
  const n = Math.max(1, Math.round(withCapture.length / Math.max(1, designEffect)));
  const interval = wilsonInterval(Math.round(share * n), n);
  const text = t('{0} of the time of the {1} captured stalls came after the guest captured the response (the data had arrived, the read returned late); {2} before it (network, dom0, server, or the guest before its request left)', pctWhole(share), withCapture.length, pctWhole(1 - share));
  return { stalls: withCapture.length, afterShare: share, interval, text };
}

/** The share of the stalled time a hypothesis puts after the guest's capture point. */
export function predictedAfterCaptureShare(stageMeansMs: Record<string, number> | undefined): number | undefined {
  if (!stageMeansMs) return undefined;
  let all = 0;
  for (const v of Object.values(stageMeansMs)) all += v;
  return all > 0 ? (stageMeansMs[AFTER_CAPTURE_STAGE] ?? 0) / all : undefined;
}

export interface CaptureComparison {
  observedShare: number;
  observedInterval: Interval;
  predictedShare: number;
}

/** How far the predicted share lies outside the observed interval (0 inside it). */
export function captureGap(c: CaptureComparison): number {
  return Math.max(0, c.predictedShare - c.observedInterval.hi, c.observedInterval.lo - c.predictedShare);
}

export function captureSentence(c: CaptureComparison): string {
  return t('{0} of the observed stall time is after the guest captured the response (95% {1}–{2}); this hypothesis puts {3} there', pctWhole(c.observedShare), pctWhole(c.observedInterval.lo), pctWhole(c.observedInterval.hi), pctWhole(c.predictedShare));
}

function pctWhole(x: number): string {
  return `${Math.round(100 * x)}%`;
}
