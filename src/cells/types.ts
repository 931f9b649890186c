// The contract every cell kind implements. Pure data in, pure data out: no vscode, no I/O
// beyond what the context grants, so the editor, the CLI and the tests share one code path.
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
}

/** What hover/completion know about one key of a spec. */
export interface SpecKeyDoc {
  key: string;            // dotted path, e.g. `unit` or `scheduler.tsliceMs`
  type: string;           // human text, e.g. "number (ms)" or "us | ms | s"
  description: string;
  values?: string[];      // allowed literal values, for completion
  default?: string;
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
  /** Named environment/secret values granted by the shell (never stored). */
  secrets?: Record<string, string>;
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
}

export class CellError extends Error {
  constructor(message: string, readonly diagnostics: SpecDiagnostic[] = []) {
    super(message);
    this.name = 'CellError';
  }
}

export interface CellKind {
  language: string;
  /** Parse + validate without running. Never throws for user input: returns diagnostics. */
  validate(source: string): SpecDiagnostic[];
  keyDocs(): SpecKeyDoc[];
  /** Throws CellError (with diagnostics) for an invalid spec; honours ctx.signal. */
  run(source: string, ctx: CellContext): Promise<CellOutcome>;
}
