// CSV export of every result: the raw samples, and the per-request tables a result keeps (a
// simulation's requests with their instants and stage times: every request when a re-run gave
// them, else the slowest it stores; a probe's stalls with their stages and stall cause, a sweep's rows). Tables are recognised by their shape, not by the
// cell's kind. Named csv-export.ts so a per-output CSV writer (src/export/csv.ts) can sit beside it.
import { omittedSampleCount, resultSamples, type NotebookFile } from '../format';
import { INSTANTS, STAGES as SIM_STAGES } from '../sim/xen/run-types';
import { STAGES as PROBE_STAGES } from '../probe/record';
import { cellResult, codeCells, safeName, withRegenerated, type Regenerated } from './notebook-outputs';

export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF rows. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

function csvField(v: CsvValue): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const out = [csvRow(header)];
  for (const r of rows) out.push(csvRow(r));
  return out.join('');
}

export { resultSamples } from '../format/result-samples';

export type Row = Record<string, unknown>;
/** A list of records (the shape of a result's per-request tables), read without trusting the file. */
export const isRows = (v: unknown): v is Row[] => Array.isArray(v) && v.every((r) => r !== null && typeof r === 'object');

/**
 * File name → CSV text, for every code cell with a result. A result stored without its samples
 * (`samplesOmitted`: the kind gives them again) takes them from `regenerated` (cell id → what a
 * re-run gave), which the caller gets by running the cell again; without them its samples table
 * is left out. A re-run's `everyRequest` makes the requests table hold every request.
 */
export function exportCsv(notebook: NotebookFile, regenerated: ReadonlyMap<string, Regenerated> = new Map()): Map<string, string> {
  const files = new Map<string, string>();
  for (const cell of codeCells(notebook)) {
    const stored = cellResult(cell);
    if (!stored) continue;
    const result = withRegenerated(stored, regenerated.get(cell.id));
    const stem = safeName(cell.id);
    for (const [name, text] of resultTables(result)) files.set(`${stem}-${name}.csv`, text);
  }
  return files;
}

/** Cells whose stored result left its samples out because a re-run gives them back. */
export function cellsWithOmittedSamples(notebook: NotebookFile): { id: string; count: number }[] {
  return codeCells(notebook).flatMap((cell) => {
    const count = omittedSampleCount(cellResult(cell) ?? {});
    return count === undefined ? [] : [{ id: cell.id, count }];
  });
}

/** The tables one result holds, by name (`samples`, `requests`, `stalls`, `sweep`). */
export function resultTables(result: Record<string, unknown>): Map<string, string> {
  const tables = new Map<string, string>();
  const samples = resultSamples(result);
  if (samples) tables.set('samples', samplesCsv(samples));
  // A simulation keeps its slowest requests with every instant (ms since arrival); a re-run for
  // an export gives every request in the same shape, in request order.
  const requests = simRequestRows(result);
  if (requests) tables.set('requests', simRequestsCsv(requests));
  // A probe keeps its stalls with the stage durations and the stall's cause.
  if (isRows(result.stalls) && result.stalls.every((r) => r.stagesMs && typeof r.stagesMs === 'object')) {
    tables.set('stalls', probeStallsCsv(result.stalls));
  }
  if (isRows(result.sweep) && result.sweep.every((r) => r.values && r.summary)) tables.set('sweep', sweepCsv(result.sweep));
  return tables;
}

/** A simulation-shaped result's request records: every request when present, else the slowest. */
export function simRequestRows(result: Record<string, unknown>): Row[] | undefined {
  for (const rows of [result.everyRequest, result.slowest]) {
    if (isRows(rows) && rows.some((r) => r.instantsMs && typeof r.instantsMs === 'object')) return rows;
  }
  return undefined;
}

function samplesCsv(samples: Float64Array): string {
  const parts = ['index,latency_ms\r\n'];
  for (let i = 0; i < samples.length; i++) parts.push(`${i},${csvField(samples[i])}\r\n`);
  return parts.join('');
}

function simRequestsCsv(rows: Row[]): string {
  const header = ['index', 'arrive_us', 'latency_ms', 'cause', 'failure', ...SIM_STAGES.map((s) => `${s.id}_ms`), ...INSTANTS.map((i) => `${i}_ms`)];
  return csvTable(
    header,
    rows.map((r) => {
      const at = (r.instantsMs ?? {}) as Record<string, number | undefined>;
      const stage = (from: string, to: string) => (at[from] !== undefined && at[to] !== undefined ? round(at[to]! - at[from]!) : undefined);
      return [r.index as CsvValue, typeof r.arriveUs === 'number' ? round(r.arriveUs) : undefined, r.latencyMs as CsvValue, r.cause as CsvValue, r.failure as CsvValue, ...SIM_STAGES.map((s) => stage(s.from, s.to)), ...INSTANTS.map((i) => at[i])];
    }),
  );
}

function probeStallsCsv(rows: Row[]): string {
  const header = ['seq', 'conn', 'path', 't_ms', 'latency_ms', 'cause', 'stage', ...PROBE_STAGES.map((s) => `${s}_ms`), 'send_lag_ms', 'client_pause_ms', 'inflight', 'signature', 'points_at'];
  return csvTable(
    header,
    rows.map((r) => {
      const st = (r.stagesMs ?? {}) as Record<string, number | undefined>;
      return [
        r.seq as CsvValue,
        r.conn as CsvValue,
        r.path as CsvValue,
        r.tMs as CsvValue,
        r.latencyMs as CsvValue,
        r.cause as CsvValue,
        r.stage as CsvValue,
        ...PROBE_STAGES.map((s) => st[s]),
        r.sendLagMs as CsvValue,
        r.clientPauseMs as CsvValue,
        r.inflight as CsvValue,
        r.signature as CsvValue,
        Array.isArray(r.pointsAt) ? r.pointsAt.join('; ') : undefined,
      ];
    }),
  );
}

function sweepCsv(rows: Row[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values as object)))];
  const pcts = ['50', '90', '99', '99.9', '99.99'];
  const header = [...keys, 'count', 'min_ms', 'mean_ms', ...pcts.map((p) => `p${p}_ms`), 'max_ms', 'stall_threshold_ms', 'stalls'];
  return csvTable(
    header,
    rows.map((r) => {
      const v = r.values as Record<string, unknown>;
      const s = r.summary as { count: number; minMs: number; meanMs: number; maxMs: number; percentilesMs: Record<string, number>; stalls: { thresholdMs: number; count: number } };
      return [
        ...keys.map((k) => (Array.isArray(v[k]) ? (v[k] as unknown[]).join(' ') : (v[k] as CsvValue))),
        s.count,
        s.minMs,
        s.meanMs,
        ...pcts.map((p) => s.percentilesMs?.[p]),
        s.maxMs,
        s.stalls?.thresholdMs,
        s.stalls?.count,
      ];
    }),
  );
}

/** Three decimals (µs of a ms value, ns of a µs one): the model resolves no finer, and differences of rounded instants would show float noise. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
