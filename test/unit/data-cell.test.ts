import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { dataCell, type DataResult } from '../../src/cells/data';
import { CellError } from '../../src/cells/types';
import { testContext } from '../support/cell-context';

const fixtures = resolve(import.meta.dirname ?? __dirname, '../fixtures/data');

const ctx = (signal?: AbortSignal) => testContext({ signal, notebookDir: fixtures });

async function run(source: string, c = ctx()) {
  const outcome = await dataCell.run(source, c);
  return { ...outcome, result: outcome.result as DataResult };
}

async function runError(source: string): Promise<CellError> {
  try {
    await dataCell.run(source, ctx());
  } catch (e) {
    assert.ok(e instanceof CellError, `expected CellError, got ${e}`);
    return e;
  }
  assert.fail('expected the run to fail');
}

// latencies.csv, requests.log and seconds.txt all hold 1.5, 2.25, 120, 0.75 ms.
const expected = {
  count: 4,
  minMs: 0.75,
  meanMs: 31.125,
  maxMs: 120,
  percentilesMs: { '50': 1.5, '90': 120, '99': 120, '99.9': 120, '99.99': 120 },
  stalls: { thresholdMs: 100, count: 1 },
};

test('inline samples: summary, samples in ms, charts and markdown', async () => {
  const c = ctx();
  const { result, charts, markdown } = await run('title: demo\nsamples: [1.5, 2.25, 120, 0.75]\n', c);
  assert.equal(result.kind, 'xenlat-data');
  assert.deepEqual(result.summary, expected);
  assert.deepEqual([...result.samples], [1.5, 2.25, 120, 0.75]);
  assert.deepEqual(result.source, { lines: 4, skipped: 0 });
  assert.deepEqual(charts.map((ch) => ch.id), ['histogram', 'cdf']);
  assert.match(charts[0].title, /^demo: /);
  assert.match(markdown, /\| count \| min \| mean \| p50 \| p90 \| p99 \| p99\.9 \| p99\.99 \| max \| stalls > 100 ms \|/);
  assert.match(markdown, /\| 4 \| 750 µs \| 31\.13 ms \| 1\.5 ms \|/);
  assert.ok(c.updates.length >= 1 && c.updates.length <= 3);
});

test('CSV by column name, with a quoted header, quoted values, blank lines and empty fields', async () => {
  const { result } = await run('file: latencies.csv\ncolumn: "latency, ms"\n');
  assert.deepEqual(result.summary, expected);
  assert.deepEqual([...result.samples], [1.5, 2.25, 120, 0.75]);
  assert.deepEqual(result.source, { file: 'latencies.csv', lines: 6, skipped: 1 });
});

test('CSV by index, no header, quoted fields with escaped quotes and CRLF', async () => {
  const { result } = await run('file: noheader.csv\ncolumn: 0\n');
  assert.deepEqual(result.summary, expected);
  const second = await run('file: latencies.csv\ncolumn: 1\n');
  assert.deepEqual(second.result.summary, expected);
});

test('text lines with a pattern; unmatched lines are skipped and counted; unit us', async () => {
  const { result } = await run('file: requests.log\npattern: "took (\\\\d+)us"\nunit: us\n');
  assert.deepEqual(result.summary, expected);
  assert.deepEqual(result.source, { file: 'requests.log', lines: 5, skipped: 1 });
  // Without a title, the charts are headed by the file the samples came from.
  const { charts } = await run('file: requests.log\npattern: "took (\\\\d+)us"\nunit: us\n');
  for (const c of charts) assert.match(c.title, /^requests\.log: /, c.title);
});

test('plain number lines in seconds', async () => {
  const { result } = await run('file: seconds.txt\nunit: s\nstallThresholdMs: 2\n');
  assert.deepEqual(result.summary.percentilesMs, expected.percentilesMs);
  assert.deepEqual(result.summary.stalls, { thresholdMs: 2, count: 2 });
});

test('format can be forced: a .log read as csv', async () => {
  const e = await runError('file: requests.log\nformat: csv\n');
  // The first line is not a number, so it is taken for a header; the second one fails.
  assert.match(e.message, /^requests\.log:2: column "2024-01-01 10:00:00 GET \/a took 1500us status=200": "2024-01-01 10:00:01 GET \/b took 2250us status=200" is not a number$/);
});

test('missing file: names the path as written and as resolved, and the errno', async () => {
  const e = await runError('file: nope.csv\n');
  assert.equal(e.message, `file: cannot read "nope.csv" (resolved to ${resolve(fixtures, 'nope.csv')}): ENOENT (no such file or directory)`);
  assert.deepEqual(e.diagnostics[0].range, { startLine: 0, startCol: 6, endLine: 0, endCol: 14 });
});

test('non-numeric CSV value names file:line and the column', async () => {
  const e = await runError('file: bad.csv\ncolumn: latency\n');
  assert.equal(e.message, 'bad.csv:3: column "latency": "abc" is not a number');
  const missing = await runError('file: bad.csv\ncolumn: lat\n');
  assert.match(missing.message, /bad\.csv:1: column "lat" is not in the header \(columns: "id", "latency"\)/);
});

test('no samples matched', async () => {
  const e = await runError('file: requests.log\npattern: "nothing (\\\\d+)"\n');
  assert.match(e.message, /no samples in "requests\.log" \(5 lines read, 5 skipped: no line matched pattern/);
});

test('both or neither of samples/file', async () => {
  const both = await runError('samples: [1]\nfile: latencies.csv\n');
  assert.match(both.message, /use either "samples" or "file", not both/);
  assert.deepEqual(both.diagnostics.map((d) => d.range.startLine), [0, 1]);
  const neither = await runError('unit: ms\n');
  assert.match(neither.message, /line 1: missing the samples: add "samples: \[\.\.\]"/);
});

test('invalid spec: CellError lists the problems with lines; validate returns the same diagnostics', async () => {
  const source = 'samples: [1, 2]\nunit: minutes\nstallThresholdMs: -5\n';
  const e = await runError(source);
  assert.equal(e.message, 'The xenlat-data spec has 2 problems:\n  line 2: unit: "minutes" is not one of us, ms, s\n  line 3: stallThresholdMs: must be > 0 ms (got -5)');
  assert.deepEqual(dataCell.validate(source), e.diagnostics);
  assert.deepEqual(dataCell.validate('samples: [1]\n'), []);
  const warn = dataCell.validate('samples: [1]\npattern: "(x)"\n');
  assert.equal(warn[0].severity, 'warning');
  assert.match(dataCell.validate('file: a.log\ncolumn: 2\n')[0].message, /column: ignored here/);
});

test('cancellation: an aborted signal stops the run', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(dataCell.run('samples: [1]\n', ctx(ac.signal)), { name: 'AbortError' });
  await assert.rejects(dataCell.run('file: latencies.csv\n', ctx(ac.signal)), { name: 'AbortError' });
});

test('keyDocs cover every key with hover text', () => {
  const keys = dataCell.keyDocs().map((d) => d.key);
  assert.deepEqual(keys.sort(), ['column', 'file', 'format', 'pattern', 'samples', 'stallThresholdMs', 'title', 'unit']);
});

test('cancellation mid-run: aborting while the file is read rejects with AbortError', async () => {
  const ac = new AbortController();
  const c = ctx(ac.signal);
  c.progress = () => ac.abort();
  await assert.rejects(dataCell.run('file: latencies.csv\n', c), { name: 'AbortError' });
});
