// The in-memory shape of a `.xenlat` file. It mirrors the file closely (see docs/format.md) so that
// load/save is a faithful, byte-stable round trip; the VS Code shape is derived in plain.ts.

export const FORMAT_NAME = 'xenlat';
export const FORMAT_VERSION = 1;

/** Fields this version does not know, kept (in the order read) so newer files survive a save. */
export type Extra = Record<string, unknown>;

export interface NotebookFile {
  /** Free-form notebook metadata (JSON). */
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  extra?: Extra;
}

export type CellKindName = 'markdown' | 'code';

export interface NotebookCell {
  /** 1-64 chars of [A-Za-z0-9_-], unique in the notebook. */
  id: string;
  kind: CellKindName;
  /** Always set in memory; markdown cells use 'markdown' (not written to the file). */
  language: string;
  /** Text with `\n` line breaks (`\r\n` is normalised to `\n` on save). */
  source: string;
  /** Free-form cell metadata; absent and `{}` mean the same. */
  metadata?: Record<string, unknown>;
  /** Code cells only. */
  execution?: CellExecution;
  /** Code cells only; markdown cells have `[]`. */
  outputs: CellOutput[];
  extra?: Extra;
}

export interface CellExecution {
  order?: number;
  success?: boolean;
  /** ISO-8601, as written by Date.prototype.toISOString; startTime and endTime go together. */
  startTime?: string;
  endTime?: string;
  extra?: Extra;
}

export interface CellOutput {
  items: OutputItem[];
  /** Free-form output metadata; absent and `{}` mean the same. */
  metadata?: Record<string, unknown>;
  extra?: Extra;
}

/**
 * `value` depends on the MIME type (see mimes.ts):
 * - JSON mimes: the JSON value; Float64Arrays anywhere inside it are stored with the samples
 *   codec. Values that were never decoded may hold `{ "$samples": ... }` objects instead; both
 *   serialize identically.
 * - text mimes: a string.
 * - anything else: a Uint8Array.
 */
export interface OutputItem {
  mime: string;
  value: unknown;
  extra?: Extra;
  /** Binary items only: fields beside `base64` in the stored value, kept for newer files. */
  valueExtra?: Extra;
}

export interface ParseOptions {
  /**
   * Decode `$samples` objects into Float64Arrays (default true). The editor passes false: it only
   * forwards the encoded bytes to the renderer, and saving then writes them back verbatim.
   */
  decodeSamples?: boolean;
}

/** VS Code's NotebookData as plain objects, so the extension's serializer is a thin adapter. */
export interface PlainNotebookData {
  cells: PlainCell[];
  metadata: Record<string, unknown>;
}

export interface PlainOutputItem {
  mime: string;
  data: Uint8Array;
}

export interface PlainOutput {
  items: PlainOutputItem[];
  metadata: Record<string, unknown>;
}

export interface PlainExecutionSummary {
  executionOrder?: number;
  success?: boolean;
  timing?: { startTime: number; endTime: number };
}

export interface PlainCell {
  kind: 'markup' | 'code';
  value: string;
  languageId: string;
  metadata: Record<string, unknown>;
  outputs: PlainOutput[];
  executionSummary?: PlainExecutionSummary;
}
