import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseNotebook } from '../../src/format';

// Drives the real bundled CLI (dist/cli.js), as `npx xenlat` would.
const cli = path.resolve('dist/cli.js');
const xenlat = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-cli-'));

function notebook(cells: object[]): string {
  return JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n';
}
const good = notebook([
  { id: 'intro', kind: 'markdown', source: ['# Title', 'Some <script>alert(1)</script> text', '', '![a graph](https://example.com/graph.png)'] },
  { id: 'inline', kind: 'code', language: 'xenlat-data', source: ['samples: [1, 2, 3, 150]', 'stallThresholdMs: 100'] },
  { id: 'fromfile', kind: 'code', language: 'xenlat-data', source: ['file: lat.csv', 'column: us', 'unit: us'] },
]);
writeFileSync(path.join(dir, 'lat.csv'), 'ts,us\n1,1000\n2,2000\n3,250000\n');

test('run executes every code cell, writes the outputs and prints one JSON line per cell', () => {
  const file = path.join(dir, 'good.xenlat');
  writeFileSync(file, good);
  const r = xenlat('run', file, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.id, l.language, l.ok]), [['inline', 'xenlat-data', true], ['fromfile', 'xenlat-data', true]]);
  assert.equal(lines[1].result.summary.count, 3);
  assert.equal(lines[1].result.summary.maxMs, 250);
  const saved = parseNotebook(readFileSync(file, 'utf8'), file);
  assert.equal(saved.cells[1].execution?.order, 1);
  assert.equal(saved.cells[2].execution?.success, true);
  assert.equal(saved.cells[2].outputs.length, 3);
  // No temp files left behind by the atomic write.
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('run --out leaves the input untouched; a failing cell gives exit status 1 and an error output', () => {
  const file = path.join(dir, 'bad.xenlat');
  const text = notebook([
    { id: 'ok', kind: 'code', language: 'xenlat-data', source: ['samples: [1]'] },
    { id: 'broken', kind: 'code', language: 'xenlat-data', source: ['samples: [1]', 'unit: minutes'] },
  ]);
  writeFileSync(file, text);
  const out = path.join(dir, 'bad-out.xenlat');
  const r = xenlat('run', file, '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /minutes/);
  assert.equal(readFileSync(file, 'utf8'), text);
  const saved = parseNotebook(readFileSync(out, 'utf8'));
  assert.equal(saved.cells[1].execution?.success, false);
  assert.equal(saved.cells[1].outputs[0].items[0].mime, 'application/vnd.code.notebook.error');
  assert.equal(saved.cells[0].execution?.success, true);
});

test('check prints file:line:col for each problem and exits 1; a clean notebook exits 0', () => {
  const file = path.join(dir, 'check.xenlat');
  writeFileSync(file, notebook([{ id: 'c1', kind: 'code', language: 'xenlat-data', source: ['samples: [1]', 'unit: minutes'] }]));
  const r = xenlat('check', file);
  assert.equal(r.status, 1);
  const text = readFileSync(file, 'utf8').split('\n');
  const m = /^(.+):(\d+):(\d+): error: cell c1 \(unit\): .*minutes/.exec(r.stdout.trim());
  assert.ok(m, r.stdout);
  assert.equal(m[1], file);
  // The reported line/column is where "minutes" sits in the file.
  assert.equal(text[Number(m[2]) - 1].slice(Number(m[3]) - 1).startsWith('minutes'), true, text[Number(m[2]) - 1]);
  // Escapes before the problem (a regex, quotes) still give the column where it sits.
  writeFileSync(file, notebook([{ id: 'c2', kind: 'code', language: 'xenlat-data', source: ['{pattern: "took (\\d+) \"ms\"", unit: minutes}'] }]));
  const r2 = xenlat('check', file);
  const m2 = /:(\d+):(\d+): error: cell c2 \(unit\)/.exec(r2.stdout);
  assert.ok(m2, r2.stdout);
  const line2 = readFileSync(file, 'utf8').split('\n')[Number(m2[1]) - 1];
  assert.match(line2, /\\\\d\+/);
  assert.equal(line2.slice(Number(m2[2]) - 1).startsWith('minutes'), true, line2);
  const clean = path.join(dir, 'clean.xenlat');
  writeFileSync(clean, good);
  assert.equal(xenlat('check', clean).status, 0);
});

test('a corrupt notebook is reported with file, line and column, and never rewritten', () => {
  const file = path.join(dir, 'corrupt.xenlat');
  const text = good.slice(0, 200);
  writeFileSync(file, text);
  for (const args of [['run', file], ['check', file], ['export', file, '--html', path.join(dir, 'x.html')]]) {
    const r = xenlat(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    assert.equal(readFileSync(file, 'utf8'), text);
  }
  assert.equal(existsSync(path.join(dir, 'x.html')), false);
});

test('a notebook from a newer format version is refused, not rewritten', () => {
  const file = path.join(dir, 'newer.xenlat');
  const text = good.replace('"version": 1', '"version": 2');
  writeFileSync(file, text);
  const r = xenlat('run', file);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /newer/);
  assert.equal(readFileSync(file, 'utf8'), text);
});

test('exec runs one spec and prints its result object', () => {
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, 'samples: [10, 20, 30]\nunit: us\n');
  const r = xenlat('exec', 'xenlat-data', spec, '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.kind, 'xenlat-data');
  assert.equal(result.summary.count, 3);
  assert.equal(result.summary.maxMs, 0.03);
  assert.equal(xenlat('exec', 'nonsense', spec).status, 2);
});

test('export writes a self-contained HTML report: no scripts, no remote assets, charts inline', () => {
  const file = path.join(dir, 'export.xenlat');
  writeFileSync(file, good);
  assert.equal(xenlat('run', file).status, 0);
  const html = path.join(dir, 'report.html');
  const r = xenlat('export', file, '--html', html);
  assert.equal(r.status, 0, r.stderr);
  const page = readFileSync(html, 'utf8');
  assert.doesNotMatch(page, /<script/i);
  assert.doesNotMatch(page, /(src|href)="https?:/i);
  assert.match(page, /Content-Security-Policy/);
  assert.match(page, /&lt;script&gt;alert/);
  assert.match(page, /image not embedded: a graph \(https:\/\/example.com\/graph.png\)/);
  assert.equal((page.match(/<img [^>]*src="data:image\/svg\+xml;base64,/g) ?? []).length, 4);
  assert.match(page, /<table>/);
});

test('export writes Markdown with SVGs, CSV, a trace and a Jupyter notebook in one call', () => {
  const file = path.join(dir, 'export-all.xenlat');
  writeFileSync(file, good);
  assert.equal(xenlat('run', file).status, 0);
  const out = path.join(dir, 'all');
  const r = xenlat('export', file, '--md', path.join(out, 'md'), '--csv', path.join(out, 'csv'), '--trace', path.join(out, 't.json'), '--ipynb', path.join(out, 'nb.ipynb'));
  assert.equal(r.status, 0, r.stderr);
  const readme = readFileSync(path.join(out, 'md', 'README.md'), 'utf8');
  // The narrative's own remote image stays as written (a blog post may link one); the charts are local.
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!).filter((src) => !src.startsWith('https:'));
  assert.equal(images.length, 4);
  for (const src of images) assert.match(readFileSync(path.join(out, 'md', src), 'utf8'), /^<svg/);
  assert.deepEqual(readdirSync(path.join(out, 'csv')).sort(), ['fromfile-samples.csv', 'inline-samples.csv']);
  assert.equal(readFileSync(path.join(out, 'csv', 'inline-samples.csv'), 'utf8'), 'index,latency_ms\r\n0,1\r\n1,2\r\n2,3\r\n3,150\r\n');
  assert.ok(Array.isArray(JSON.parse(readFileSync(path.join(out, 't.json'), 'utf8')).traceEvents));
  const nb = JSON.parse(readFileSync(path.join(out, 'nb.ipynb'), 'utf8'));
  assert.equal(nb.nbformat_minor, 5);
  assert.deepEqual(nb.cells.map((c: { cell_type: string }) => c.cell_type), ['markdown', 'code', 'code']);
  // Nothing asked for: a usage error naming the forms.
  const none = xenlat('export', file);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /--md <dir>/);
});

test('usage errors exit 2 with the usage text', () => {
  const r = xenlat('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Usage: xenlat/);
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  assert.equal(xenlat('--version').stdout.trim(), version);
  // What the README tells people to type, through the bin link `npm ci` made.
  assert.equal(spawnSync('npx', ['--no-install', 'xenlat', '--version'], { encoding: 'utf8' }).stdout.trim(), version);
});

test('the shipped example runs headless', () => {
  const copy = path.join(dir, 'example');
  spawnSync('cp', ['-r', 'examples', copy]);
  const file = path.join(copy, 'client-log.xenlat');
  const r = xenlat('run', file, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.trim().split('\n').every((l) => JSON.parse(l).ok));
  void copyFileSync;
});

test('run: a probe with no successful request fails the cell and the run, leading with the plain cause', async () => {
  const { freePort } = await import('../support/memcached');
  const port = await freePort();
  const file = path.join(dir, 'refused.xenlat');
  writeFileSync(file, notebook([{ id: 'p', kind: 'code', language: 'xenlat-probe', source: [`target: 127.0.0.1:${port}`, 'rate: 500/s', 'requests: 10', 'warmup: 0', 'hostSignals: false'] }]));
  const r = xenlat('run', file);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`FAILED: No server reachable at 127\\.0\\.0\\.1:${port}: all 10 requests failed`));
  const saved = parseNotebook(readFileSync(file, 'utf8'), file);
  assert.equal(saved.cells[0].execution?.success, false);
  // The cause first; the result (what was tried) kept after it; no chart.
  assert.deepEqual(saved.cells[0].outputs.map((o) => o.items[0].mime), ['application/vnd.code.notebook.error', 'application/vnd.xenlat.result+json']);
  assert.match(String((saved.cells[0].outputs[0].items[0].value as { message: string }).message), /^No server reachable/);
});
