// A result stored without its raw samples (`samplesOmitted`: its kind makes the same result again
// from the spec and seed) gets them back by running its cell again, in the same runner as Run.
// The editor's "Open/Save Samples as CSV" does this, and its CSV and trace exports and `xenlat
// export --csv/--trace` do it through src/runner/run-again.ts (asking also for every request's
// record, `keepRequests`); what the re-run gives is used only if it is the stored result again:
// otherwise it would be another result's samples and requests shown under this one's summary.
import { omittedSampleCount, resultSamples } from '../format/result-samples';
import { t } from '../l10n';
import { XENLAT_VERSION } from '../version';
import type { RunRequest, RunResult } from './types';

export interface CellToRunAgain {
  id: string;
  language: string;
  /** The cell's source as it is now. */
  source: string;
}

export { omittedSampleCount } from '../format/result-samples';

/** The run that makes the stored result again: the cell, with the parameter values the result records, keeping its samples. */
export function rerunRequest(cell: CellToRunAgain, stored: Record<string, unknown>, notebookDir: string, extra: Partial<RunRequest> = {}): RunRequest {
  const parameters = (stored.provenance as { parameters?: Record<string, string> } | undefined)?.parameters;
  return { language: cell.language, source: cell.source, notebookDir, cellId: cell.id, ...extra, keepSamples: true, ...(parameters ? { parameters } : {}) };
}

export type SamplesAgain =
  | { ok: true; samples: Float64Array }
  /** `stale`: the re-run gave another result (the cell was edited, or another Xenlat made it); running the cell brings it up to date. */
  | { ok: false; why: 'cancelled' | 'failed' | 'stale'; message: string };

export type ResultAgain = { ok: true; result: Record<string, unknown>; samples: Float64Array } | Extract<SamplesAgain, { ok: false }>;

/** The re-run's samples if it gave the stored result again; else why not, in words. */
export function samplesFromRerun(stored: Record<string, unknown>, rerun: RunResult): SamplesAgain {
  const again = resultFromRerun(stored, rerun);
  return again.ok ? { ok: true, samples: again.samples } : again;
}

/**
 * The re-run's result (file JSON, samples decoded) if it is the stored result again, with what
 * the re-run was asked to keep besides (samples, `everyRequest`); else why not, in words.
 */
export function resultFromRerun(stored: Record<string, unknown>, rerun: RunResult): ResultAgain {
  if (rerun.cancelled) return { ok: false, why: 'cancelled', message: t('Cancelled: no samples were made.') };
  const again = rerun.result;
  const samples = again ? resultSamples(again) : undefined;
  if (!rerun.ok || !again || !samples) {
    return { ok: false, why: 'failed', message: t('Running the cell again to make its samples failed: {0}', rerun.error?.message ?? t('it gave no samples')) };
  }
  const before = stored.provenance as { spec?: unknown; version?: unknown } | undefined;
  const now = again.provenance as { spec?: unknown } | undefined;
  if (canonicalJson(before?.spec) !== canonicalJson(now?.spec)) {
    return { ok: false, why: 'stale', message: t('The stored result is stale: the cell was changed after it ran, so its samples cannot be made again. Run the cell to bring its result up to date.') };
  }
  const count = omittedSampleCount(stored);
  if (canonicalJson(stored.summary) !== canonicalJson(again.summary) || (count !== undefined && count !== samples.length)) {
    const message =
      typeof before?.version === 'string' && before.version !== XENLAT_VERSION
        ? t('The stored result is stale: running the cell again gives another result (Xenlat {0} made it; this is {1}). Run the cell to bring its result up to date.', before.version, XENLAT_VERSION)
        : t('The stored result is stale: running the cell again gives another result. Run the cell to bring its result up to date.');
    return { ok: false, why: 'stale', message };
  }
  return { ok: true, result: { ...again, samples }, samples };
}


/**
 * JSON with the keys of every object sorted: a stored result went through the file (and maybe
 * another serializer), so only its values, not its key order, must match the re-run's.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}
