// Export speed: the founding-case notebook exported as HTML, Markdown and Jupyter together, the
// charts (stored as specs only) drawn as SVG for them.
// - CLI (`xenlat export --html --md --ipynb`, in-process): every form drawing every chart, against
//   one drawing per chart content shared by the three (drawOnce);
// - editor (three export commands one after the other, charts drawn in a worker thread, each
//   command reading the notebook afresh): a worker batch per command, against the session's
//   SvgCache (only charts not drawn yet).
// The exports' bytes are compared (the HTML without its time stamp). Needs `npm run build` (worker).
// Run: node --import tsx bench/export-bench.ts [file]
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadavg } from 'node:os';
import { parseNotebook } from '../src/format';
import { renderSvg } from '../src/charts/svg';
import { exportHtml } from '../src/export/html';
import { exportIpynb } from '../src/export/ipynb';
import { exportMarkdown } from '../src/export/markdown';
import { chartsToDraw, drawnSvgs, type SvgRenderer } from '../src/export/notebook-outputs';
import { SvgCache, drawOnce } from '../src/export/svg-cache';
import { renderSvgsInWorker } from '../src/runner/svg-worker';

const FILE = process.argv[2] ?? 'examples/black-0.1s.xenlat';
const text = readFileSync(FILE, 'utf8');
const WORKER = path.resolve('dist/cell-worker.js');

type Form = 'html' | 'md' | 'ipynb';
const FORMS: Form[] = ['html', 'md', 'ipynb'];

async function exportForm(form: Form, nb: ReturnType<typeof parseNotebook>, render: SvgRenderer): Promise<string> {
  if (form === 'html') return (await exportHtml(nb, { renderSvg: render })).replace(/ on \d{4}-\d\d-\d\dT[\d:.]+Z/, '');
  if (form === 'md') return [...(await exportMarkdown(nb, { renderSvg: render })).files].flat().join('\n');
  return JSON.stringify(await exportIpynb(nb, { renderSvg: render }));
}

async function exportAll(nb: ReturnType<typeof parseNotebook>, render: SvgRenderer): Promise<string> {
  const parts: string[] = [];
  for (const form of FORMS) parts.push(await exportForm(form, nb, render));
  return parts.join('\n');
}

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const load = loadavg()[0]!.toFixed(1);
  const t = performance.now();
  const out = await f();
  console.log(`${label}: ${((performance.now() - t) / 1000).toFixed(2)} s (load ${load})`);
  return out;
}

async function main(): Promise<void> {
  const nb = parseNotebook(text);
  console.log(`${FILE}: ${chartsToDraw(nb).length} charts to draw`);
  const each = await timed('CLI, each form draws its charts', () => exportAll(nb, renderSvg));
  const byObject = new Map<Record<string, unknown>, Promise<string>>();
  const identity = await timed('CLI, one drawing per spec object (the CLI before)', () => exportAll(parseNotebook(text), (spec) => byObject.get(spec) ?? (byObject.set(spec, renderSvg(spec)), byObject.get(spec)!)));
  const shared = await timed('CLI, one drawing per chart (drawOnce)', () => exportAll(parseNotebook(text), drawOnce(renderSvg)));
  console.log(`  same bytes: ${each === shared && identity === shared}`);

  // The editor: three commands, each reading the notebook afresh and drawing in a worker.
  const editorBefore = await timed('editor, HTML + Markdown + Jupyter, a worker batch each', async () => {
    const parts: string[] = [];
    for (const form of FORMS) {
      const fresh = parseNotebook(text);
      const specs = chartsToDraw(fresh);
      parts.push(await exportForm(form, fresh, drawnSvgs(specs, await renderSvgsInWorker(WORKER, specs))));
    }
    return parts.join('\n');
  });
  const cache = new SvgCache();
  const editorAfter = await timed('editor, HTML + Markdown + Jupyter, SvgCache', async () => {
    const parts: string[] = [];
    for (const form of FORMS) {
      const fresh = parseNotebook(text);
      parts.push(await exportForm(form, fresh, await cache.renderer(chartsToDraw(fresh), (specs) => renderSvgsInWorker(WORKER, specs))));
    }
    return parts.join('\n');
  });
  console.log(`  same bytes: ${editorBefore === editorAfter && editorAfter === shared}`);
}

void main();
