// A result with 1,000,000 samples: stored by the headless CLI, opened in the editor, its charts drawn
// from the stored (pre-binned) specs. Prints the figures docs/benchmarks.md records.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CHART = '.xenlat-chart[data-render-ms]';
const N = 1_000_000;

export default {
  name: '1,000,000-sample result opens and charts quickly',
  async prepare({ workspace, repoRoot, log }) {
    // Deterministic lognormal-ish latencies around 3 ms with a few 100 ms stalls.
    let s = 42;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const lines = new Array(N);
    for (let i = 0; i < N; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      let ms = 3 * Math.exp(0.3 * z);
      if (rnd() < 0.0005) ms += 100;
      lines[i] = ms.toFixed(3);
    }
    writeFileSync(join(workspace, 'million.txt'), lines.join('\n') + '\n');
    const nb = {
      format: 'xenlat', version: 1, metadata: {},
      cells: [{ id: 'million1', kind: 'code', language: 'xenlat-data', source: ['title: one million samples', 'file: million.txt', 'stallThresholdMs: 50'] }],
    };
    const file = join(workspace, 'million.xenlat');
    writeFileSync(file, JSON.stringify(nb, null, 2) + '\n');
    const t0 = Date.now();
    execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', file], { stdio: 'ignore' });
    log(`stored by the CLI in ${Date.now() - t0} ms; million.xenlat is ${(statSync(file).size / 1e6).toFixed(2)} MB`);
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    const t0 = Date.now();
    await h.openNotebookFromExplorer(page, 'million.xenlat', { log });
    const opened = Date.now() - t0;
    await h.waitFor(async () => (await countInFrames(page, CHART)) >= 2, { timeout: 60_000, interval: 100, message: 'both charts of the 1M-sample result to be drawn' });
    const visible = Date.now() - t0;
    const times = await renderTimes(page);
    log(`FIGURE 1M-sample result: notebook open ${opened} ms, both charts drawn ${visible} ms after the click; renderer draw times ${times.join(', ')} ms`);
    h.assert(times.length >= 2, 'render times were not recorded');
    await h.sleep(500);
    await screenshot('million-charts');
  },
};

async function countInFrames(page, selector) {
  let n = 0;
  for (const frame of page.frames()) n += await frame.locator(selector).count().catch(() => 0);
  return n;
}

async function renderTimes(page) {
  const out = [];
  for (const frame of page.frames()) {
    const values = await frame.locator(CHART).evaluateAll((els) => els.map((e) => Number(e.dataset.renderMs))).catch(() => []);
    out.push(...values);
  }
  return out;
}
