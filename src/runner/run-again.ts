// Running again the cells whose stored results leave their samples out, for what the file does not
// store: the samples, and with `keepRequests` every request's record. `xenlat export --csv/--trace`
// and the editor's Export as CSV / Perfetto Trace both go through here, so that they run the same
// cells with the same request and keep the same results: their files are the same. Each shell says
// what happened in its own way (lines on stderr, notifications) and answers the preflight as its
// own Run does (the hooks it passes).
import { omittedSampleCount, rerunRequest, resultFromRerun, type CellToRunAgain, type SamplesAgain } from './samples-again';
import type { CellRunner, RunHooks } from './types';

/** A cell as it is now, with the result stored for it (file JSON). */
export interface StoredCell extends CellToRunAgain {
  stored: Record<string, unknown>;
}

/** What a re-run that gave the stored result again adds to it (src/export's `Regenerated`). */
export interface MadeAgain {
  samples: Float64Array;
  /** Every request's record, in request order, when asked for and the kind keeps such records. */
  everyRequest?: unknown[];
}

export type RunAgainOutcome =
  | { ok: true; again: MadeAgain }
  | Extract<SamplesAgain, { ok: false }>
  /** The shell's preflight answer was no (`declined`: the user chose so, nothing to tell). */
  | { ok: false; why: 'notRun'; message: string; declined: boolean };

export interface RunAgainOptions {
  /** Keep every request's record too (for the trace and the per-request CSV). */
  keepRequests?: boolean;
}

/** The cell run again with the parameters its result records; what it gives only if it is the stored result again. */
export async function runCellAgain(runner: CellRunner, cell: StoredCell, notebookDir: string, hooks: RunHooks, options: RunAgainOptions = {}): Promise<RunAgainOutcome> {
  const { stored, ...now } = cell;
  const rerun = await runner.run(rerunRequest(now, stored, notebookDir, options.keepRequests ? { keepRequests: true } : {}), hooks);
  if (rerun.notRun) return { ok: false, why: 'notRun', message: rerun.notRun.message, declined: rerun.notRun.declined };
  const again = resultFromRerun(stored, rerun);
  if (!again.ok) return again;
  const every = again.result.everyRequest;
  return { ok: true, again: { samples: again.samples, ...(Array.isArray(every) ? { everyRequest: every } : {}) } };
}

/**
 * Every cell whose stored result left its samples out, run again one after another by `runOne`
 * (which runs it with `runCellAgain` and tells the user how it went), by cell id. A cell that gives
 * nothing is left out; a cancel stops the rest too (the user asked to stop making them, not to
 * skip one cell).
 */
export async function runCellsAgain(cells: readonly StoredCell[], runOne: (cell: StoredCell, omitted: number) => Promise<RunAgainOutcome>): Promise<Map<string, MadeAgain>> {
  const out = new Map<string, MadeAgain>();
  for (const cell of cells) {
    const omitted = omittedSampleCount(cell.stored);
    if (omitted === undefined) continue;
    const outcome = await runOne(cell, omitted);
    if (outcome.ok) out.set(cell.id, outcome.again);
    else if (outcome.why === 'cancelled') break;
  }
  return out;
}
