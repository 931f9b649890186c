// The contract every cell kind implements. Pure data in, pure data out: no vscode, no I/O
// beyond what the context grants, so the editor, the CLI and the tests share one code path.
import type { ResourceLimits } from 'node:worker_threads';
import type { ChartOutput } from '../charts/types';
import type { ResultSummary } from '../stats/types';

// The shared result types live in the bottom layer they describe; re-exported for the kinds.
export type { ChartOutput } from '../charts/types';
export type { PercentilesMs, ResultSummary } from '../stats/types';

/** A position in the cell's source, 0-based (as VS Code and the `yaml` library count). */
export interface SourceRange {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface SpecDiagnostic {
  severity: Severity;
  message: string;
  /** JSON-path-like key path inside the spec, e.g. `stallThresholdMs` or `sweep.values[2]`. */
  path: string;
  range: SourceRange;
  /** A quick fix: replace the text at `range` with `replacement` (e.g. the key "Did you mean" names). */
  fix?: SpecFix;
}

export interface SpecFix {
  /** Shown in the editor's quick-fix menu, e.g. `Change to "neighbours"`. */
  title: string;
  replacement: string;
}

/** What hover/completion know about one key of a spec. */
export interface SpecKeyDoc {
  key: string;            // dotted path, e.g. `unit` or `scheduler.tsliceMs`
  type: string;           // human text, e.g. "number (ms)" or "us | ms | s"
  description: string;
  values?: string[];      // allowed literal values, for completion
  default?: string;
  /** Where the key is documented, relative to the package root, e.g. `docs/probe.md#spec-keys`. */
  docs?: string;
}

export interface ProgressUpdate {
  /** One line for the live output, e.g. "12,000 / 50,000 requests, p99 3.2 ms". */
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}

export interface CellContext {
  /** Directory of the notebook file: relative `file:` paths resolve against it. */
  notebookDir: string;
  signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  /**
   * The cell's work is over (sockets closed) and it only builds its result now, which for a long
   * run takes seconds and cannot see a cancel. A cancel from then on, or one that came before,
   * waits for that (partial) result instead of terminating the cell as one that ignored it.
   */
  stopped?(): void;
  /**
   * The shell exports each request (a trace, a per-request CSV): a kind that can, puts every
   * request's record in its result as `everyRequest` (same shape as the records it keeps anyway).
   */
  keepRequests?: boolean;
  /** Named environment/secret values granted by the shell (never stored). */
  secrets?: Record<string, string>;
  /**
   * The stored result of another cell of the same notebook, by cell id, for the ids the kind's
   * preflight named in `cells` (samples decoded). Undefined for a cell that has no result yet;
   * the whole function is absent when the cell runs outside a notebook (`xenlat exec`).
   */
  cellResult?(id: string): CellResult | undefined;
}

export interface Provenance {
  tool: 'xenlat';
  version: string;
  /** ISO-8601 */
  startTime: string;
  endTime: string;
  language: string;
  /** The spec as parsed (plain JSON), so the result says what produced it. */
  spec: unknown;
  seed?: number;
  /** Notebook parameters the spec used (`${name}`) and their values in this run. */
  parameters?: Record<string, string>;
  cancelled?: boolean;
}

/** The one JSON object every cell produces. Cell kinds add their own fields beside these. */
export interface CellResult {
  kind: string;              // the cell language, e.g. 'xenlat-data'
  summary: ResultSummary;
  provenance?: Provenance;   // filled in by the runner
  /** Latency samples in ms; stored compactly by the format (see src/format/samples-codec.ts). */
  samples?: Float64Array;
  [k: string]: unknown;
}

export interface CellOutcome {
  result: CellResult;
  charts: ChartOutput[];
  /** Markdown summary table (GitHub-flavoured). */
  markdown: string;
  /**
   * The kind gives this very result again from the same spec (and seed), byte for byte: the file
   * then keeps no raw samples (a re-run gives them back), only how many there were.
   */
  regenerable?: boolean;
  /**
   * The run ended but measured nothing (e.g. a probe none of whose requests succeeded): the cell
   * fails with this plain cause, and the result stays beside it as the record of what was tried.
   */
  failure?: { name: string; message: string };
}

export class CellError extends Error {
  constructor(message: string, readonly diagnostics: SpecDiagnostic[] = []) {
    super(message);
    this.name = 'CellError';
  }
}

/**
 * A spec parsed and checked once. The kind's own check returns a richer object (the typed spec,
 * source positions for later errors); the runner passes that same object to the run, the
 * preflight and the provenance, so nothing parses the source a second time.
 */
export interface CheckedSpec {
  diagnostics: SpecDiagnostic[];
  /** No error-severity diagnostics: only then may the cell run. */
  ok: boolean;
  /** The document as written, as plain JSON (undefined if it did not parse): the provenance's spec. */
  raw: unknown;
}

/** What the shell must know, and grant, before a cell runs. */
export interface Preflight {
  /** Hosts (without port) the cell will open connections to: the editor asks before any beyond loopback. */
  hosts: string[];
  /** Names of stored secrets the cell reads: the editor's secret storage; headless, XENLAT_SECRET_<NAME>. */
  secretNames: string[];
  /** What will be sent, for the confirmation: `host:port` and one sentence (protocol, rate, amount, connections). */
  traffic?: { target: string; what: string };
  /**
   * Ids of other cells of the notebook whose stored results the cell reads (CellContext.cellResult):
   * the shell sends only those results to the worker. Default: none.
   */
  cells?: string[];
}

/** The worker thread a kind's cells run in; kinds naming the same worker share one. */
export interface WorkerNeeds {
  name: string;
  /** Heap limits of that worker (see the probe kind's, for why a kind would want its own). */
  resourceLimits?: ResourceLimits;
}

/** What a result's provenance records about its spec. */
export interface SpecProvenance {
  spec: unknown;
  seed?: number;
}

/**
 * What a cell kind implements: one folder under src/cells/ and one line in src/cells/registry.ts.
 * Build it with `defineCellKind` (src/cells/define-kind.ts), which adds `validate` and `run`.
 */
export interface CellKindDefinition<C extends CheckedSpec = CheckedSpec> {
  /** The cell language, e.g. `xenlat-data`. */
  language: string;
  /** Parse + validate without running. Never throws for user input: problems are diagnostics. */
  check(source: string): C;
  keyDocs(): SpecKeyDoc[];
  /** Runs a spec whose check was ok; throws CellError for problems found while running; honours ctx.signal. */
  runChecked(checked: C, ctx: CellContext): Promise<CellOutcome>;
  /** Default: the document as written, and its `seed` if it writes one. */
  provenance?(checked: C): SpecProvenance;
  /** Hosts and secrets the cell needs granted. Default: none. */
  preflight?(checked: C): Preflight;
  /** Default: the shared default worker. */
  worker?: WorkerNeeds;
  /**
   * Keys whose value may take an environment variable as `${NAME}` (a probe's `target`); a
   * `${name}` elsewhere that is not a notebook parameter is an error. Default: none.
   */
  environmentKeys?: readonly string[];
  /** Source of a starter cell, for a new notebook: it runs as is on any machine. */
  template?: string;
  /** One markdown paragraph put before the template cell: what this kind is for. */
  templateIntro?: string;
}

/** A cell kind as the runner, the CLI and the editor use it. */
export interface CellKind<C extends CheckedSpec = CheckedSpec> extends CellKindDefinition<C> {
  provenance(checked: C): SpecProvenance;
  preflight(checked: C): Preflight;
  /** The check's diagnostics; a bug in the check becomes one error diagnostic instead of a throw. */
  validate(source: string): SpecDiagnostic[];
  /** check + runChecked: throws CellError (with diagnostics) for an invalid spec. */
  run(source: string, ctx: CellContext): Promise<CellOutcome>;
}
