import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellsWithOmittedSamples, csvRow, exportCsv } from '../../src/export/csv-export';
import { fromFileJson } from '../../src/format';
import { runCell } from '../../src/runner/run-cell';
import { exampleNotebook, probeNotebook } from './export-fixtures';

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF), enough to read back what we write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  assert.equal(field, '', 'the last row ends with CRLF');
  return rows;
}

test('csv: samples of every stored result, a re-run’s for results stored without them, and the simulation requests', async () => {
  const nb = exampleNotebook(['evidence-log', 'probe-get', 'sim-vcpu', 'sim-black']);
  const stored = (id: string) => nb.cells.find((c) => c.id === id)!.outputs[0]!.items[0]!.value as { samples?: Float64Array; samplesOmitted?: { count: number }; summary: { maxMs: number }; slowest: { index: number; latencyMs: number; cause: string; instantsMs: Record<string, number> }[] };
  const plain = exportCsv(nb);
  // Measured and imported results keep their samples; a simulation's are made again, not stored.
  assert.ok(plain.has('evidence-log-samples.csv') && plain.has('probe-get-samples.csv'));
  assert.ok(!plain.has('sim-black-samples.csv'));
  assert.deepEqual(
    cellsWithOmittedSamples(nb),
    ['sim-vcpu', 'sim-black'].map((id) => ({ id, count: stored(id).samplesOmitted!.count })),
  );
  assert.ok(stored('sim-black').samplesOmitted!.count >= 50000);

  const source = nb.cells.find((c) => c.id === 'sim-black')!.source;
  const again = await runCell({ language: 'xenlat-sim', source, notebookDir: 'examples', keepSamples: true }, { signal: new AbortController().signal });
  const samples = (fromFileJson(again.outputs[0]!.items[0]!.value) as { samples: Float64Array }).samples;
  const files = exportCsv(nb, new Map([['sim-black', { samples }]]));
  const rows = parseCsv(files.get('sim-black-samples.csv')!);
  assert.deepEqual(rows[0], ['index', 'latency_ms']);
  assert.equal(rows.length - 1, stored('sim-black').samplesOmitted!.count);
  assert.equal(Number(rows[1235]![1]), samples[1234]);
  assert.equal(Math.max(...rows.slice(1).map((r) => Number(r[1]))), stored('sim-black').summary.maxMs);
  const log = parseCsv(files.get('evidence-log-samples.csv')!);
  assert.equal(Number(log[1]![1]), stored('evidence-log').samples![0]);

  const requests = parseCsv(files.get('sim-black-requests.csv')!);
  const header = requests[0]!;
  const result = stored('sim-black');
  assert.equal(requests.length - 1, result.slowest.length);
  const first = Object.fromEntries(header.map((h, i) => [h, requests[1]![i]]));
  const r = result.slowest[0]!;
  assert.equal(Number(first.index), r.index);
  assert.equal(Number(first.latency_ms), r.latencyMs);
  assert.equal(first.cause, r.cause);
  assert.equal(Number(first['app-to-send_ms']), Math.round((r.instantsMs.appSend! - r.instantsMs.poolAcquired!) * 1000) / 1000);
  assert.equal(Number(first.appRead_ms), r.instantsMs.appRead);
  // The sweep cell's rows.
  const sweep = parseCsv(files.get('sim-vcpu-sweep.csv')!);
  assert.ok(sweep[0]!.includes('p99.9_ms'));
  assert.ok(sweep.length > 2);
  // A data cell keeps no per-request table.
  assert.ok(!files.has('evidence-log-requests.csv') && !files.has('evidence-log-stalls.csv'));
});

test('csv: a probe’s stalls with each stage, the stall cause and the quoted free text', () => {
  const files = exportCsv(probeNotebook());
  const rows = parseCsv(files.get('probe-stalls.csv')!);
  const at = (row: string[], name: string) => row[rows[0]!.indexOf(name)];
  assert.equal(rows.length, 3);
  assert.equal(at(rows[1]!, 'seq'), '17');
  assert.equal(at(rows[1]!, 'firstByte_ms'), '41.2');
  assert.equal(at(rows[1]!, 'connect_ms'), '');
  assert.equal(at(rows[1]!, 'cause'), 'network-or-server');
  assert.equal(at(rows[1]!, 'signature'), '~40 ms: Nagle / delayed ACK');
  assert.equal(at(rows[2]!, 'cause'), 'client');
  assert.deepEqual(parseCsv(files.get('probe-samples.csv')!).slice(1).map((r) => Number(r[1])), [0.1, 41.55, 0.2, 60.25]);
});

test('csv rows quote commas, quotes and line breaks', () => {
  assert.equal(csvRow(['a,b', 'say "hi"', 'two\nlines', 1.5, undefined, NaN]), '"a,b","say ""hi""","two\nlines",1.5,,\r\n');
  assert.deepEqual(parseCsv(csvRow(['a,b', 'say "hi"'])), [['a,b', 'say "hi"']]);
});
