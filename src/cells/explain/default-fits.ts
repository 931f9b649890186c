// Each preset's default fit ranges: the parameters of its mechanism that an explain cell searches
// when the spec names the hypothesis without `fit:`. One place, owned by the explain cell (the
// presets themselves live in src/sim/xen/presets.ts); a test fails for a preset without an entry,
// and docs/explain.md lists them. Grids are coarse on purpose: about one step per distinguishable
// signature (one more neighbour = one more 30 ms slice; 40 vs 200 ms delayed ACK; ...), so a
// recovered value "within one grid step" means something. Each grid contains the preset's own
// value (or, for a value derived from another key such as the minimum RTO from the OS, the value
// it derives), so the preset as written is always one of the candidates.

export type FitRanges = Record<string, unknown[]>;

export const DEFAULT_FITS: Record<string, FitRanges> = {
  baseline: {},
  'vcpu-contention': { 'neighbours.cpuBound': [1, 2, 3, 4] },
  'dom0-contention': { 'neighbours.cpuBound': [1, 2, 3, 4] },
  'netback-rate-limit': { 'netback.rateLimitWindowMs': [20, 50, 100] },
  'nagle-delayed-ack': { 'tcp.delayedAckMs': [40, 200], 'tcp.splitWriteFraction': [0.005, 0.02, 0.08] },
  'loss-rto': { 'tcp.lossRate': [0.0003, 0.001, 0.003], 'tcp.rtoMinMs': [200, 300] },
  'client-pool': { 'pool.size': [3, 4, 6], 'pool.queueTimeoutMs': [50, 100, 200] },
  'guest-pause': { 'guestPause.pauseMs': [20, 60, 150], 'guestPause.meanIntervalMs': [150, 500, 2000] },
  'legacy-page-flip': {},
  'server-pause': { 'server.pauseMs': [50, 100, 200], 'server.pauseEveryMs': [500, 2000, 8000] },
  'black-0.1s': { 'neighbours.cpuBound': [1, 2, 3, 4] },
};

/** The preset's default ranges, or none (its own values only) for a preset without an entry. */
export function defaultFit(preset: string): FitRanges {
  return DEFAULT_FITS[preset] ?? {};
}
