// What the bytes of one stored simulation cell are: per output (the result, each chart), how much
// of each is indentation and line breaks, and how much sits in one-line data rows. The budget
// (docs/benchmarks.md): ≤ 150 KB for a 50,000-request cell with its charts.
// Run: node --import tsx bench/cell-bytes-bench.ts ['<spec, \n-separated>']
import { serializeNotebook, type NotebookFile } from '../src/format/index';
import { runCell } from '../src/runner/run-cell';
import { toCellOutputs } from '../src/runner/outputs';

const SOURCE = process.argv[2]?.replaceAll('\\n', '\n') ?? 'preset: black-0.1s\nrequests: 50000';

/** Bytes of `text`, of its indentation and line breaks, and of its one-line data rows (`{...}` on a line). */
function split(text: string): { bytes: number; layout: number; rows: number; rowBytes: number } {
  let layout = 0;
  let rows = 0;
  let rowBytes = 0;
  for (const line of text.split('\n')) {
    const indent = /^ */.exec(line)![0].length;
    layout += indent + 1;
    if (/^\{".*\},?$/.test(line.slice(indent))) {
      rows++;
      rowBytes += line.length + 1;
    }
  }
  return { bytes: Buffer.byteLength(text), layout, rows, rowBytes };
}

async function main(): Promise<void> {
  const r = await runCell({ language: 'xenlat-sim', source: SOURCE, notebookDir: process.cwd(), cellId: 'sim' }, { signal: new AbortController().signal });
  if (!r.ok) throw new Error(r.error?.message);
  const outputs = toCellOutputs(r.outputs);
  const nb: NotebookFile = { metadata: {}, cells: [] };
  const empty = serializeNotebook(nb).length;
  const cellText = (outs: typeof outputs) => serializeNotebook({ ...nb, cells: [{ id: 'sim', kind: 'code', language: 'xenlat-sim', source: SOURCE, outputs: outs }] });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const whole = split(cellText(outputs));
  console.log(`${SOURCE.replaceAll('\n', ', ')}: ${kb(whole.bytes - empty)} (budget 150 KB); indentation and line breaks ${kb(whole.layout)}; ${whole.rows} data rows ${kb(whole.rowBytes)}`);
  console.log('| output | bytes | indentation + line breaks | data rows | in rows |\n|---|---:|---:|---:|---:|');
  const bare = cellText([]).length;
  for (const o of outputs) {
    // Each output as it sits in the file (its own indentation depth), without the rest.
    const s = split(cellText([o]));
    const name = (o.metadata?.xenlat as { chart?: string; role?: string } | undefined)?.chart ?? 'result';
    console.log(`| ${name} | ${kb(s.bytes - bare)} | ${kb(s.layout - split(cellText([])).layout)} | ${s.rows} | ${kb(s.rowBytes)} |`);
  }
}

void main();
