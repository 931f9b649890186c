// Helpers for the end-to-end tests: code-server process management and workbench driving
// (command palette, Explorer, notebook cells, output webviews). Plain ESM, no build step.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { mkdirSync, writeFileSync, readFileSync, existsSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export const MIME_RESULT = 'application/vnd.xenlat.result+json';

/** Free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A memcached of its own on a free loopback port, for probe scenarios: waits until it accepts
 * connections. `args`: more memcached flags (e.g. `-S` for SASL); `env`: its environment.
 * Returns { port, target, stop }.
 */
export async function startMemcached({ args = [], env, log = () => {}, label = 'memcached' } = {}) {
  const port = await freePort();
  const all = [...args, '-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', ...(process.getuid?.() === 0 ? ['-u', 'root'] : [])];
  const mc = spawn('memcached', all, { stdio: 'ignore', ...(env ? { env } : {}) });
  await waitFor(() => new Promise((res) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); res(true); });
    s.on('error', () => res(false));
  }), { timeout: 10_000, message: `${label} to listen on ${port}` });
  log(`${label} on 127.0.0.1:${port}`);
  return { port, target: `127.0.0.1:${port}`, stop: () => mc.kill() };
}

/** Poll `fn` until it returns a truthy value; throws `message` (plus the last error) on timeout. */
export async function waitFor(fn, { timeout = 10_000, interval = 250, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastErr ? ` (last error: ${lastErr.message})` : ''}`);
    }
    await sleep(interval);
  }
}

/** Quiet user settings (see the notes on running VS Code offline) plus per-scenario overrides. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'files.autoSave': 'off',
    'window.restoreWindows': 'all',
    ...extra,
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Run code-server's entry.js once (e.g. --install-extension) and return its output; throws on failure. */
export function runEntry(editor, args, { timeout = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(editor.node, [editor.entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`entry.js ${args.join(' ')} timed out after ${timeout} ms\n${out}`));
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      if (code === 0) resolve(out);
      else reject(new Error(`entry.js ${args.join(' ')} exited with ${code}\n${out}`));
    });
  });
}

/**
 * Start code-server on a free loopback port, in its own process group (so it and its children can be
 * killed by group id). `locale` (e.g. 'zh-cn') is the display language extensions see; without its
 * language pack VS Code's own UI stays English. Returns { port, url, child, stop() }.
 */
export async function startCodeServer(editor, { userDataDir, extensionsDir, folder, logFile, locale }) {
  const port = await freePort();
  const args = [
    editor.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(locale ? ['--locale', locale] : []),
    folder,
  ];
  const log = createWriteStream(logFile);
  const child = spawn(editor.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${editor.nodeBinDir}:${process.env.PATH}` },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const end = Date.now() + 5000;
    while (!exited && Date.now() < end) await sleep(100);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  };
  await waitFor(
    async () => {
      if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`);
      const r = await fetch(`${url}/healthz`).catch(() => null);
      return r && r.ok;
    },
    { timeout: 60_000, interval: 300, message: `code-server to answer on ${url} (log: ${logFile})` },
  ).catch(async (e) => {
    await stop();
    throw e;
  });
  return { port, url, child, stop, logFile };
}

// ------------------------------------------------------------------------------------------------
// Workbench driving

/** Navigate to the workbench for `folder` and wait until it is up and the extensions had time to load. */
export async function openWorkbench(page, serverUrl, folder, { settleMs = 8000 } = {}) {
  await page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page, { settleMs });
}

export async function waitForWorkbench(page, { settleMs = 8000, timeout = 60_000 } = {}) {
  await page.locator('.monaco-workbench').first().waitFor({ state: 'attached', timeout });
  // The status bar and explorer appear once the workbench has restored its parts.
  await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout });
  // Trap from the notes: opening a notebook right after the workbench appears (before the extension
  // host has scanned the extensions) can open it as plain JSON text. Give it time; callers also check.
  await sleep(settleMs);
}

/** Give the workbench keyboard focus without clicking anything that has side effects. */
export async function focusWorkbench(page) {
  await page.keyboard.press('Escape');
  const sb = page.locator('.part.statusbar').first();
  // Clicking an empty part of the status bar focuses the window without running a command.
  const box = await sb.boundingBox();
  if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 0);
  await page.keyboard.press('Escape');
}

/**
 * Run a command by its label through the command palette, e.g. 'Notebook: Run All'.
 * Picks the row whose label equals the given text (falls back to the first row that contains it).
 */
export async function runCommand(page, label, { timeout = 15_000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Escape');
    if (attempt > 0) await focusWorkbench(page);
    await page.keyboard.press('Control+Shift+P');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch {
      if (attempt === 2) throw new Error(`command palette did not open (for "${label}")`);
    }
  }
  const input = widget.locator('input').first();
  await input.fill(`>${label}`);
  const rows = widget.locator('.monaco-list-row');
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`, 'i') }) });
  try {
    await exact.first().waitFor({ state: 'visible', timeout });
    await exact.first().click();
  } catch {
    const loose = rows.filter({ hasText: label });
    if ((await loose.count()) === 0) {
      const seen = await rows.allInnerTexts().catch(() => []);
      await page.keyboard.press('Escape');
      throw new Error(`command "${label}" not found in the command palette (rows: ${JSON.stringify(seen.slice(0, 8))})`);
    }
    await loose.first().click();
  }
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Make sure the Explorer view is showing (without toggling it closed). */
export async function showExplorer(page) {
  const view = page.locator('.explorer-folders-view');
  if (await view.first().isVisible().catch(() => false)) return;
  await runCommand(page, 'View: Show Explorer');
  await view.first().waitFor({ state: 'visible', timeout: 10_000 });
}

/** Click a file in the Explorer's tree (top level of the workspace folder). */
export async function clickExplorerFile(page, name) {
  await showExplorer(page);
  const row = page.locator('.explorer-folders-view .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }),
  });
  await row.first().waitFor({ state: 'visible', timeout: 15_000 });
  await row.first().click();
}

/** Locator for the visible notebook editor's cell rows. */
export function cellRows(page) {
  return page.locator('.notebook-editor .code-cell-row, .notebook-editor .markdown-cell-row');
}

/** The active editor tab's label text (e.g. "demo.xenlat"). */
export async function activeTabLabel(page) {
  return (await page.locator('.tabs-container .tab.active .label-name').first().innerText().catch(() => '')).trim();
}

/** True when a plain text (Monaco) editor is the active editor, i.e. not a notebook's cell editor. */
export async function textEditorVisible(page) {
  return page
    .evaluate(() =>
      [...document.querySelectorAll('.part.editor .editor-instance .monaco-editor')].some(
        (e) => !e.closest('.notebook-editor') && e.getClientRects().length > 0,
      ),
    )
    .catch(() => false);
}

/**
 * Open a notebook through the Explorer and wait until its cell rows are attached. If it opened as a
 * plain text editor (the "too early" trap from the notes: the workbench did not know the notebook
 * type yet), close it and reopen, for up to `timeout` ms.
 */
export async function openNotebookFromExplorer(page, name, { timeout = 90_000, log = () => {} } = {}) {
  const end = Date.now() + timeout;
  let attempt = 0;
  while (Date.now() < end) {
    attempt++;
    // Clicking a file that is already open just focuses its editor, so a second click is harmless.
    await clickExplorerFile(page, name);
    const outcome = await waitFor(
      async () => {
        if ((await cellRows(page).count()) > 0) return 'notebook';
        if ((await activeTabLabel(page)) === name && (await textEditorVisible(page))) return 'text';
        return null;
      },
      { timeout: Math.max(1000, Math.min(20_000, end - Date.now())), interval: 300, message: `${name} to open` },
    ).catch(() => 'nothing');
    if (outcome === 'notebook') {
      if (attempt > 1) log(`  ${name} opened as a notebook on attempt ${attempt}`);
      return;
    }
    if (outcome === 'text') {
      log(`  ${name} opened as plain text (attempt ${attempt}; extensions not scanned yet); closing and reopening`);
      await runCommand(page, 'View: Close All Editors').catch(() => {});
      await sleep(3000);
    } else {
      // Still loading (the notebook editor waits for the extension host); click again and keep waiting.
      log(`  ${name} has not opened yet (attempt ${attempt}); still waiting`);
    }
  }
  throw new Error(`${name} did not open as a notebook within ${timeout / 1000} s (no .code-cell-row/.markdown-cell-row attached)`);
}

/**
 * Find the first frame (page or any webview iframe, nested) in which `selector` matches an element
 * (Playwright's CSS engine pierces open shadow roots). Returns { frame, locator } or null.
 */
export async function findInFrames(page, selector) {
  for (const frame of page.frames()) {
    try {
      const loc = frame.locator(selector);
      if ((await loc.count()) > 0) return { frame, locator: loc };
    } catch {
      // frame detached or not ready
    }
  }
  return null;
}

export async function waitInFrames(page, selector, { timeout = 30_000, message } = {}) {
  return waitFor(() => findInFrames(page, selector), { timeout, interval: 500, message: message || `"${selector}" in some frame` });
}

/** Text of notifications (toasts and the notification center) currently in the DOM. */
export async function notificationsText(page) {
  const t = await page.locator('.notifications-toasts, .notifications-center').allInnerTexts().catch(() => []);
  return t.join('\n');
}

/**
 * Walk a parsed .xenlat cell's outputs and return every value stored for MIME `mime`. Tolerant of the
 * exact shape (items with {mime, data|value|json}, or maps keyed by mime).
 */
export function findMimeValues(node, mime, acc = []) {
  if (Array.isArray(node)) {
    for (const x of node) findMimeValues(x, mime, acc);
  } else if (node && typeof node === 'object') {
    if (node.mime === mime) {
      const v = node.data ?? node.value ?? node.json ?? node.content;
      acc.push(typeof v === 'string' ? safeJson(v) : v);
    } else if (Object.prototype.hasOwnProperty.call(node, mime)) {
      const v = node[mime];
      acc.push(typeof v === 'string' ? safeJson(v) : v);
    }
    for (const [k, v] of Object.entries(node)) if (k !== mime) findMimeValues(v, mime, acc);
  }
  return acc;
}

function safeJson(s) {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export { existsSync };
