// What the founding-case notebook costs to store and to open, as the file was (charts with static
// SVGs, every simulation's samples) and as runs store it now (specs only; a reproducible result
// without its samples). "After" re-runs every cell that is not a probe (a probe measures, so its
// result is kept and only its SVGs go; so does an explain cell, which reads another cell). Open time: what the editor's serializer does on open
// (parse with samples kept encoded, then the VS Code data shape), median of 7.
// Run: node --import tsx bench/output-size-bench.ts [--write <file>]   (needs `npm run build` for the sweep workers)
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MIME_SVG, notebookToPlain, parseNotebook, serializeNotebook, type NotebookFile } from '../src/format/index';
import { runCell } from '../src/runner/run-cell';
import { toCellOutputs } from '../src/runner/outputs';

const FILE = 'examples/black-0.1s.xenlat';
const RUNS = 7;

function openMs(text: string): number {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    notebookToPlain(parseNotebook(text, undefined, { decodeSamples: false }));
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[RUNS >> 1]!;
}

function cellBytes(nb: NotebookFile): Map<string, number> {
  const empty = serializeNotebook({ ...nb, cells: [] }).length;
  return new Map(nb.cells.filter((c) => c.kind === 'code').map((c) => [c.id, serializeNotebook({ ...nb, cells: [c] }).length - empty]));
}

async function main(): Promise<void> {
const before = readFileSync(FILE, 'utf8');
const nb = parseNotebook(before, FILE);
for (const cell of nb.cells) {
  if (cell.kind !== 'code') continue;
  // A probe measures (its result is kept); an explain cell reads another cell's result, which a
  // cell run alone does not have: both keep their stored outputs, without SVGs.
  if (cell.language === 'xenlat-probe' || cell.language === 'xenlat-explain') {
    for (const o of cell.outputs) o.items = o.items.filter((i) => i.mime !== MIME_SVG);
    continue;
  }
  const r = await runCell({ language: cell.language, source: cell.source, notebookDir: path.dirname(path.resolve(FILE)), cellId: cell.id }, { signal: new AbortController().signal });
  if (!r.ok) throw new Error(`${cell.id}: ${r.error?.message}`);
  cell.outputs = toCellOutputs(r.outputs);
  cell.execution = { ...cell.execution, startTime: new Date(r.startTime).toISOString(), endTime: new Date(r.endTime).toISOString() };
}
const after = serializeNotebook(nb);

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const b = cellBytes(parseNotebook(before, FILE));
const a = cellBytes(nb);
console.log(`file: ${kb(before.length)} -> ${kb(after.length)}; open ${openMs(before).toFixed(0)} ms -> ${openMs(after).toFixed(0)} ms`);
console.log('| cell | before | after |\n|---|---|---|');
for (const [id, n] of b) console.log(`| ${id} | ${kb(n)} | ${kb(a.get(id)!)} |`);
const w = process.argv.indexOf('--write');
if (w > 0) writeFileSync(process.argv[w + 1]!, after);
}

void main();
