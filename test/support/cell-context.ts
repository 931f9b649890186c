// The CellContext a test hands a cell kind: a signal, the progress updates collected, secrets.
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';
import type { CellContext, ProgressUpdate } from '../../src/cells/types';
import type { ProbeHooks } from '../../src/probe';

export interface TestContextOptions {
  signal?: AbortSignal;
  /** Where relative `file:` paths resolve; default the working directory. */
  notebookDir?: string;
  secrets?: Record<string, string>;
}

export function testContext(options: TestContextOptions = {}): CellContext & { updates: ProgressUpdate[] } {
  const updates: ProgressUpdate[] = [];
  return {
    notebookDir: options.notebookDir ?? '.',
    signal: options.signal ?? new AbortController().signal,
    progress: (u) => updates.push(u),
    updates,
    ...(options.secrets ? { secrets: options.secrets } : {}),
  };
}

/** A probe cell's run, its result typed; with the probe's test hooks (pauses, a fake /proc, lookups). */
export async function probe(source: string, options: TestContextOptions & { hooks?: ProbeHooks } = {}) {
  const out = await runProbeCell(source, testContext(options), options.hooks);
  return { ...out, result: out.result as ProbeResult };
}
