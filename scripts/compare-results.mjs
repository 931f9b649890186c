// Compares two .xenlat notebooks cell by cell, ignoring only when things ran: each cell's execution
// times and its result's provenance start/end times. Everything else (sources, results, samples,
// markdown, chart specs, SVGs, provenance spec/seed/version) must be identical.
// Cells that measure something live (probes) differ from run to run: leave them out by language.
// Usage: node scripts/compare-results.mjs <expected.xenlat> <actual.xenlat> [--skip-language <language>]... [--skip-cell <id>]...
import { readFileSync } from 'node:fs';

const TIME_KEYS = new Set(['startTime', 'endTime']);

function normalise(notebook) {
  for (const cell of notebook.cells) {
    if (cell.execution) for (const k of TIME_KEYS) delete cell.execution[k];
    for (const output of cell.outputs ?? []) {
      for (const item of output.items ?? []) {
        const prov = item.value && typeof item.value === 'object' ? item.value.provenance : undefined;
        if (prov) for (const k of TIME_KEYS) delete prov[k];
      }
    }
  }
  return notebook;
}

const args = process.argv.slice(2);
const skip = new Set();
for (let i = args.indexOf('--skip-language'); i >= 0; i = args.indexOf('--skip-language')) skip.add(args.splice(i, 2)[1]);
// A cell that reads a live measurement (an explain over a probe) differs as its input does.
const skipCells = new Set();
for (let i = args.indexOf('--skip-cell'); i >= 0; i = args.indexOf('--skip-cell')) skipCells.add(args.splice(i, 2)[1]);
const [a, b] = args.map((f) => normalise(JSON.parse(readFileSync(f, 'utf8'))));
if (!a || !b) {
  console.error('usage: node scripts/compare-results.mjs <expected.xenlat> <actual.xenlat> [--skip-language <language>]... [--skip-cell <id>]...');
  process.exit(2);
}
let differences = 0;
let compared = 0;
const cells = Math.max(a.cells.length, b.cells.length);
for (let i = 0; i < cells; i++) {
  const sameCell = a.cells[i]?.language === b.cells[i]?.language && a.cells[i]?.id === b.cells[i]?.id;
  if (sameCell && (skip.has(a.cells[i]?.language) || skipCells.has(a.cells[i]?.id))) {
    console.log(`cell ${i} (${a.cells[i].id}, ${a.cells[i].language}): skipped`);
    continue;
  }
  compared++;
  const x = JSON.stringify(a.cells[i]);
  const y = JSON.stringify(b.cells[i]);
  if (x === y) continue;
  differences++;
  let at = 0;
  while (at < x.length && x[at] === y[at]) at++;
  console.log(`cell ${i} (${a.cells[i]?.id ?? b.cells[i]?.id}) differs at character ${at}:\n  expected …${x.slice(Math.max(0, at - 80), at + 80)}\n  actual   …${y.slice(Math.max(0, at - 80), at + 80)}`);
}
const rest = JSON.stringify({ ...a, cells: undefined }) === JSON.stringify({ ...b, cells: undefined });
if (!rest) {
  differences++;
  console.log('the notebook metadata differs');
}
console.log(differences === 0 ? `identical: ${compared} of ${cells} cells compared (times of the runs aside)` : `${differences} difference(s)`);
process.exit(differences === 0 ? 0 : 1);
