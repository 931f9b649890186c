// Open time in the editor: a notebook opened from the Explorer in code-server (the packaged
// extension, headless Chromium), timed from the click until (1) its cells are laid out, (2) the
// first stored output is drawn, (3) after Ctrl+End, the last cell's last chart is drawn. Notebook
// outputs are drawn lazily (only cells near the viewport), so (3) is what a reader waits for to see
// the end of the investigation; it includes the drawing of the outputs scrolled past on the way.
// Each run is a fresh browser window; files are interleaved so that load drifts hit them alike.
//
// Run (holds the machine-wide e2e lock; needs `npm run package`):
//   flock /tmp/xenlat-e2e.lock node bench/editor-open-bench.mjs [runs] [label=file ...]
// Default files: the founding case as committed now, and as it was at 360f313 (6.3 MB: every chart
// with a static SVG, every simulation's samples).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as h from '../test/e2e/helpers.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 3);
const files = process.argv.slice(3).length
  ? Object.fromEntries(process.argv.slice(3).map((a) => a.split('=')))
  : { 'current.xenlat': join(repoRoot, 'examples/black-0.1s.xenlat'), 'old-360f313.xenlat': 'git:360f313:examples/black-0.1s.xenlat' };

function editorSetup() {
  const out = execFileSync('bash', [join(repoRoot, 'scripts/setup-editor.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = /^XENLAT_EDITOR_READY node=(\S+) entry=(\S+) chromium=(\S+)$/m.exec(out);
  if (!m) throw new Error('scripts/setup-editor.sh did not print its XENLAT_EDITOR_READY line');
  return { node: m[1], nodeBinDir: dirname(m[1]), entry: m[2], chromium: m[3] };
}

/**
 * The last chart of the notebook, given a title no other chart has (charts of several cells share
 * titles such as "Ranking"): its drawing ends the run. Only the title's text changes, in place.
 */
function markLastChart(text) {
  const matches = [...text.matchAll(/"title": ("(?:[^"\\]|\\.)*"),\n\s*"spec": \{/g)];
  if (matches.length === 0) throw new Error('no chart in the notebook');
  const m = matches.at(-1);
  const title = `${JSON.parse(m[1])} [the last chart]`;
  const at = m.index + '"title": '.length;
  return { text: text.slice(0, at) + JSON.stringify(title) + text.slice(at + m[1].length), title };
}

async function poll(fn, timeout = 120_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await h.sleep(50);
  }
  throw new Error('timed out');
}

async function openOnce(browser, serverUrl, workspace, name, lastTitle) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1200 } });
  const page = await context.newPage();
  try {
    await h.openWorkbench(page, serverUrl, workspace);
    const t0 = Date.now();
    await h.clickExplorerFile(page, name);
    await poll(async () => (await h.cellRows(page).count()) > 0);
    const cells = Date.now() - t0;
    await poll(async () => !!(await h.findInFrames(page, '.xenlat-chart svg, .xenlat-summary')));
    const first = Date.now() - t0;
    // Focus the notebook's cell list (Ctrl+1: the first editor group) and jump to its end (Ctrl+End),
    // again every few seconds in case a key went to a part still loading.
    const sel = `.xenlat-chart[aria-label="${lastTitle.replaceAll('"', '\\"')}"] svg`;
    let pressed = 0;
    await poll(async () => {
      if (await h.findInFrames(page, sel)) return true;
      if (Date.now() - pressed > 3000) {
        pressed = Date.now();
        await page.keyboard.press('Control+1');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+End');
      }
      return false;
    });
    const last = Date.now() - t0;
    await h.runCommand(page, 'View: Close All Editors').catch(() => {});
    await h.sleep(500);
    return { cells, first, last };
  } finally {
    await context.close();
  }
}

async function main() {
  const editor = editorSetup();
  const root = mkdtempSync(join(tmpdir(), 'xenlat-open-bench-'));
  const stops = [];
  // Interrupted, stop code-server (its own process group) and the browser before leaving.
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    const workspace = join(root, 'workspace');
    mkdirSync(workspace, { recursive: true });
    const last = {};
    for (const [name, src] of Object.entries(files)) {
      const text = src.startsWith('git:') ? execFileSync('git', ['-C', repoRoot, 'show', src.slice(4)], { encoding: 'utf8', maxBuffer: 1 << 30 }) : readFileSync(src, 'utf8');
      const marked = markLastChart(text);
      writeFileSync(join(workspace, name), marked.text);
      last[name] = marked.title;
      console.log(`${name}: ${(statSync(join(workspace, name)).size / 1024).toFixed(0)} KB, ends with the chart "${last[name]}"`);
    }
    const extensionsDir = join(root, 'extensions');
    await h.runEntry(editor, ['--user-data-dir', join(root, 'install'), '--extensions-dir', extensionsDir, '--install-extension', join(repoRoot, 'dist/xenlat.vsix')]);
    const userDataDir = join(root, 'user');
    h.writeUserSettings(userDataDir, {});
    const server = await h.startCodeServer(editor, { userDataDir, extensionsDir, folder: workspace, logFile: join(root, 'code-server.log') });
    stops.push(server.stop);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: editor.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    stops.push(() => browser.close());
    const results = Object.fromEntries(Object.keys(files).map((n) => [n, []]));
    for (let run = 0; run <= RUNS; run++) {
      for (const name of Object.keys(files)) {
        const load = loadavg()[0].toFixed(1);
        const r = await openOnce(browser, server.url, workspace, name, last[name]);
        // The first round warms code-server and the extension up: not counted.
        if (run > 0) results[name].push(r);
        console.log(`${run === 0 ? 'warm-up ' : `run ${run}   `} ${name}: cells ${r.cells} ms, first output ${r.first} ms, last chart ${r.last} ms (load ${load})`);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log('| file | cells laid out | first output | last chart drawn |\n|---|---:|---:|---:|');
    for (const [name, rs] of Object.entries(results)) {
      const f = (k) => `${median(rs.map((r) => r[k]))} ms (${Math.min(...rs.map((r) => r[k]))}–${Math.max(...rs.map((r) => r[k]))})`;
      console.log(`| ${name} | ${f('cells')} | ${f('first')} | ${f('last')} |`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
