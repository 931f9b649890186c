// The latency summary every result carries. It lives here, with the code that computes it, so the
// simulator, the probe and the charts describe results without importing the cell kinds above them.

export interface PercentilesMs {
  '50': number;
  '90': number;
  '99': number;
  '99.9': number;
  '99.99': number;
}

export interface ResultSummary {
  count: number;
  minMs: number;
  meanMs: number;
  maxMs: number;
  percentilesMs: PercentilesMs;
  stalls: { thresholdMs: number; count: number; [k: string]: unknown };
}
