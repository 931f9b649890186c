// Fixtures for the export tests: the founding-case notebook (real simulation, probe and data
// results as the runner stored them) and a probe result with stalls in the stored shape.
import { readFileSync } from 'node:fs';
import { MIME_MARKDOWN, MIME_RESULT, emptyNotebook, parseNotebook, type NotebookFile } from '../../src/format';
import type { StallEntry } from '../../src/cells/probe/analyze';

let example: string | undefined;

/** A fresh parse each call: tests may change the notebook. `only`: keep just these cells (charts are drawn per test: fewer is faster). */
export function exampleNotebook(only?: string[]): NotebookFile {
  example ??= readFileSync('examples/black-0.1s.xenlat', 'utf8');
  const nb = parseNotebook(example, 'black-0.1s.xenlat');
  if (only) nb.cells = nb.cells.filter((c) => only.includes(c.id));
  return nb;
}

/** A few cells of each sort: the story, the log, a probe, a sweep and the founding-case simulation. */
export const SOME_CELLS = ['story', 'evidence', 'evidence-log', 'probe-get', 'h-vcpu', 'sim-vcpu', 'h-black', 'sim-black'];

export function stall(seq: number, tMs: number, stagesMs: StallEntry['stagesMs'], extra: Partial<StallEntry> = {}): StallEntry {
  const latencyMs = Object.values(stagesMs).reduce((a, b) => a + (b ?? 0), 0);
  const stage = (Object.entries(stagesMs).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]?.[0] ?? 'firstByte') as StallEntry['stage'];
  return {
    seq, conn: 0, path: 'raw', tMs, latencyMs, stage, stagesMs, sendLagMs: stagesMs.queue ?? 0, cause: 'network-or-server',
    clientPauseMs: 0, pauses: [], inflight: 1, signals: [], pointsAt: [], neighbours: [], ...extra,
  };
}

/** A probe cell's stored result with two stalls, a client pause and a host signal series. */
export function probeNotebook(): NotebookFile {
  const nb = emptyNotebook();
  const stalls = [
    stall(17, 120.5, { queue: 0.01, write: 0.04, firstByte: 41.2, transfer: 0.3 }, { signature: '~40 ms: Nagle / delayed ACK', pointsAt: ['Nagle'] }),
    stall(203, 130.25, { queue: 60, write: 0.05, firstByte: 0.2 }, { cause: 'client', clientPauseMs: 59.8 }),
  ];
  const result = {
    kind: 'xenlat-probe',
    summary: { count: 4, minMs: 0.1, meanMs: 25, maxMs: 60.25, percentilesMs: { '50': 0.2, '90': 60, '99': 60, '99.9': 60, '99.99': 60 }, stalls: { thresholdMs: 20, count: 2 } },
    samples: new Float64Array([0.1, 41.55, 0.2, 60.25]),
    stalls,
    clientPauses: { thresholdMs: 5, count: 1, totalMs: 59.8, maxMs: 59.8, list: [{ kind: 'gc', detail: 'major', startMs: 130.3, durationMs: 59.8 }, { kind: 'event-loop', startMs: -12.5, durationMs: 6 }] },
    hostSignals: { enabled: true, intervalMs: 200, series: [{ name: 'cpuSteal', source: '/proc/stat', unit: 'ms', description: '', present: true, points: [[-10.6, 0], [191.3, 4.5], [391.4, 0]] }] },
    provenance: { tool: 'xenlat', version: '0.1.0', startTime: '2026-12-01T10:00:00.000Z', endTime: '2026-12-01T10:00:01.000Z', language: 'xenlat-probe', spec: { title: 'GET, with stalls' } },
  };
  nb.cells.push(
    { id: 'intro', kind: 'markdown', language: 'markdown', source: '# Probe with stalls\n\nTwo requests stalled.', outputs: [] },
    {
      id: 'probe',
      kind: 'code',
      language: 'xenlat-probe',
      source: 'target: 127.0.0.1:11211\nrate: 100/s',
      outputs: [{ items: [{ mime: MIME_RESULT, value: result }, { mime: MIME_MARKDOWN, value: '| count |\n|---|\n| 4 |\n' }], metadata: { xenlat: { role: 'result' } } }],
    },
  );
  return nb;
}
