// What crosses the worker boundary: plain, structured-clonable data only.
import type { Preflight } from '../cells/types';

export type { Preflight } from '../cells/types';

export interface RunRequest {
  language: string;
  source: string;
  /** Directory of the notebook, for relative paths in specs. */
  notebookDir: string;
  cellId?: string;
  /**
   * The notebook's parameters for this run (declared name → value, null when it has none): the
   * runner puts them into the source (`${name}`) before the cell kind sees it.
   */
  parameters?: Record<string, string | null>;
  /** Keep the raw samples in the result even when the kind could give them again (for an export that needs them). */
  keepSamples?: boolean;
  /**
   * Keep every request's record in the result (`everyRequest`), for an export that shows each
   * request (the trace, the per-request CSV); a kind that keeps no such records ignores it.
   */
  keepRequests?: boolean;
}

/**
 * The shell's answer to a cell's preflight (RunHooks.preflight): go ahead with what it grants, or
 * do not run (`declined`: the user said no, which is not a failure of the cell).
 */
export type PreflightAnswer =
  | {
      ok: true;
      /** Secret values the shell resolved for the names the preflight gave (memory only: never stored or logged). */
      secrets?: Record<string, string>;
      /**
       * Stored results (file JSON, samples still encoded) of the cells the preflight named, by
       * cell id; present (maybe empty) whenever the cell runs inside a notebook.
       */
      cellResults?: Record<string, Record<string, unknown>>;
    }
  | { ok: false; message: string; declined?: boolean };

/** One output item; `value` is a JSON value for JSON mimes, a string for text mimes. */
export interface RunOutputItem {
  mime: string;
  value: unknown;
}

export interface RunOutput {
  items: RunOutputItem[];
  metadata?: Record<string, unknown>;
}

export interface RunError {
  name: string;
  message: string;
  /** Spec problems, 1-based positions inside the cell's source. */
  details?: { line: number; column: number; message: string }[];
}

export interface RunResult {
  ok: boolean;
  cancelled: boolean;
  outputs: RunOutput[];
  /** The result object as stored (samples encoded), absent on failure. */
  result?: Record<string, unknown>;
  error?: RunError;
  /** The shell's preflight answer was no: the cell did not run (`declined`: the user chose so). */
  notRun?: { message: string; declined: boolean };
  /** ms since epoch */
  startTime: number;
  endTime: number;
}

export interface RunHooks {
  signal: AbortSignal;
  onProgress?: (message: string, fraction?: number) => void;
  /** The cell's work is over; only its result is being built (see CellContext.stopped). */
  onStopped?: () => void;
  /**
   * The cell's spec is checked and says what it needs (hosts, secrets, other cells' results): the
   * shell asks the user and looks things up, then answers. Called once per run, before any work;
   * absent, the cell runs with nothing granted (no secrets, no other cells' results).
   */
  preflight?: (preflight: Preflight) => PreflightAnswer | Promise<PreflightAnswer>;
}

export interface CellRunner {
  run(req: RunRequest, hooks: RunHooks): Promise<RunResult>;
  dispose(): void;
}
