// End-to-end tests in a real VS Code (code-server from npm) driven by Playwright + Debian Chromium.
//
//   npm run package && npm run test:e2e
//   node test/e2e/run-e2e.mjs [--only <substring>] [--vsix <path>] [--keep]
//
// Environment: XENLAT_CACHE (editor cache, default ~/.cache/xenlat), XENLAT_E2E_VSIX (VSIX to test,
// default dist/xenlat.vsix), XENLAT_E2E_KEEP=1 (keep the temp folders for debugging).
// Screenshots and code-server logs go to test-artifacts/e2e/ (gitignored).
// The last line printed is exactly "N passed, M failed"; the exit code is non-zero if any failed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as helpers from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e');
// The scenarios' budget starts once the editor is set up: from an empty cache (CI, a new machine) the
// set-up installs code-server, which took 2 min on a quiet machine and 5 min on a loaded one, and has a
// bound of its own.
const GLOBAL_TIMEOUT_MS = Number(process.env.XENLAT_E2E_TIMEOUT_MS || 15 * 60_000);
const SETUP_TIMEOUT_MS = 25 * 60_000;
const SCENARIO_TIMEOUT_MS = 4 * 60_000;

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = opt('--only');
const keep = argv.includes('--keep') || process.env.XENLAT_E2E_KEEP === '1';
const vsixPath = resolve(repoRoot, opt('--vsix') || process.env.XENLAT_E2E_VSIX || 'dist/xenlat.vsix');

const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...a);

// Everything that must be torn down, whatever happens.
const cleanups = [];
let finished = false;
async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (e) {
      console.error(`cleanup failed: ${e.message}`);
    }
  }
}

function fail(message) {
  console.error(`\nERROR: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// ------------------------------------------------------------------------------------------------
// 1. Editor set-up (cached)
function setupEditor() {
  return new Promise((resolvePromise, reject) => {
    const script = join(repoRoot, 'scripts', 'setup-editor.sh');
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => child.exitCode === null && child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`scripts/setup-editor.sh exited with ${code}`));
      const m = /^XENLAT_EDITOR_READY node=(\S+) entry=(\S+) chromium=(\S+)$/m.exec(out);
      if (!m) return reject(new Error('scripts/setup-editor.sh did not print its XENLAT_EDITOR_READY line'));
      resolvePromise({ node: m[1], nodeBinDir: dirname(m[1]), entry: m[2], chromium: m[3] });
    });
  });
}

// ------------------------------------------------------------------------------------------------
async function main() {
  if (!existsSync(vsixPath)) {
    fail(`${vsixPath} does not exist. Build it first with "npm run package" (or pass --vsix <path>).`);
  }
  mkdirSync(artifactsDir, { recursive: true });
  for (const f of readdirSync(artifactsDir)) rmSync(join(artifactsDir, f), { force: true, recursive: true });

  log('setting up the editor (scripts/setup-editor.sh)');
  const setupTimer = setTimeout(() => onTimeout(`the editor set-up did not finish in ${SETUP_TIMEOUT_MS / 1000} s`), SETUP_TIMEOUT_MS);
  setupTimer.unref();
  const editor = await setupEditor();
  clearTimeout(setupTimer);
  log('editor ready');
  setTimeout(() => onTimeout(`global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s for the scenarios reached`), GLOBAL_TIMEOUT_MS).unref();

  const scenarioDir = join(here, 'scenarios');
  const scenarioFiles = readdirSync(scenarioDir).filter((f) => f.endsWith('.mjs')).sort();
  const scenarios = [];
  for (const f of scenarioFiles) {
    const mod = await import(pathToFileURL(join(scenarioDir, f)).href);
    const s = mod.default;
    if (!s || typeof s.run !== 'function') fail(`${f} must export default { name, run(ctx) }`);
    if (only && !f.includes(only) && !s.name.includes(only)) continue;
    scenarios.push({ file: f, ...s });
  }
  if (scenarios.length === 0) fail(`no scenario matched ${only}`);

  const tmpRoot = mkdtempSync(join(tmpdir(), 'xenlat-e2e-'));
  cleanups.push(() => {
    if (keep) log(`kept temp folder ${tmpRoot}`);
    else rmSync(tmpRoot, { recursive: true, force: true });
  });

  // Install the VSIX once into a fresh extensions dir (shared read-only by the scenarios).
  const extensionsDir = join(tmpRoot, 'extensions');
  const installUserDir = join(tmpRoot, 'user-install');
  mkdirSync(extensionsDir, { recursive: true });
  log(`installing ${vsixPath}`);
  const installOut = await helpers.runEntry(editor, [
    '--user-data-dir', installUserDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath,
  ]);
  if (!/successfully installed/i.test(installOut)) {
    throw new Error(`installing the VSIX did not report success:\n${installOut}`);
  }
  log(installOut.trim().split('\n').filter((l) => /install/i.test(l)).join(' | '));

  const { chromium } = await import('playwright-core');
  log(`launching ${editor.chromium}`);
  const browser = await chromium.launch({
    executablePath: editor.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.push(() => browser.close());

  const results = [];
  for (const s of scenarios) {
    const slug = s.file.replace(/\.mjs$/, '');
    const start = Date.now();
    const scenarioCleanups = [];
    let error = null;
    log(`--- ${s.name}`);
    try {
      const dir = join(tmpRoot, slug);
      const userDataDir = join(dir, 'user');
      const workspace = join(dir, 'workspace');
      cpSync(join(here, 'workspace'), workspace, { recursive: true });
      // Scenario-specific files go in before the editor starts, so the Explorer lists them.
      if (s.prepare) {
        const undo = await s.prepare({ workspace, repoRoot, helpers, log: (...a) => log(' ', ...a) });
        if (typeof undo === 'function') {
          scenarioCleanups.push(undo);
          cleanups.push(undo);
        }
      }
      helpers.writeUserSettings(userDataDir, s.settings || {});
      // A display language needs a language pack (VS Code falls back to English without one): such a
      // scenario gets its own extensions dir with Xenlat and a pack without translations
      // (test/e2e/fixtures/language-pack-<locale>), so VS Code's own UI stays English.
      const scenarioExtensionsDir = s.locale ? await installWithLanguagePack(editor, dir, userDataDir, s.locale) : extensionsDir;
      const server = await helpers.startCodeServer(editor, {
        userDataDir, extensionsDir: scenarioExtensionsDir, folder: workspace, logFile: join(artifactsDir, `${slug}.code-server.log`), locale: s.locale,
      });
      scenarioCleanups.push(server.stop);
      cleanups.push(server.stop);
      log(`code-server up on ${server.url}`);
      const context = await browser.newContext({ viewport: { width: 1440, height: 1200 } });
      scenarioCleanups.push(() => context.close());
      const page = await context.newPage();
      const consoleErrors = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      let shot = 0;
      const ctx = {
        page, browser, workspace, repoRoot, serverUrl: server.url, artifactsDir, helpers, editor,
        log: (...a) => log(' ', ...a),
        consoleErrors,
        async screenshot(name) {
          const file = join(artifactsDir, `${slug}-${String(++shot).padStart(2, '0')}-${name}.png`);
          await page.screenshot({ path: file });
          log(`  screenshot ${file}`);
          return file;
        },
      };
      let timer;
      await Promise.race([
        s.run(ctx),
        new Promise((_, rej) => {
          timer = setTimeout(() => rej(new Error(`scenario timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`)), SCENARIO_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
    } catch (e) {
      error = e;
      // A screenshot of the failure state helps more than the stack.
      try {
        const pages = browser.contexts().flatMap((c) => c.pages());
        if (pages.length) await pages.at(-1).screenshot({ path: join(artifactsDir, `${slug}-FAILED.png`) });
      } catch {}
    }
    while (scenarioCleanups.length) await scenarioCleanups.pop()().catch(() => {});
    const secs = ((Date.now() - start) / 1000).toFixed(1);
    results.push({ name: s.name, error });
    if (error) {
      console.log(`FAIL  ${s.name} (${secs} s)\n      ${String(error.stack || error).split('\n').slice(0, 6).join('\n      ')}`);
    } else {
      console.log(`PASS  ${s.name} (${secs} s)`);
    }
  }
  return results;
}

async function installWithLanguagePack(editor, dir, userDataDir, locale) {
  const extensionsDir = join(dir, 'extensions');
  const pack = join(dir, `language-pack-${locale}.vsix`);
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const packed = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', pack], {
    cwd: join(here, 'fixtures', `language-pack-${locale}`), encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`packaging the ${locale} language pack failed:\n${packed.stdout}${packed.stderr}`);
  for (const vsix of [vsixPath, pack]) {
    const out = await helpers.runEntry(editor, ['--user-data-dir', join(dir, 'user-install'), '--extensions-dir', extensionsDir, '--install-extension', vsix]);
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} did not report success:\n${out}`);
  }
  // The server resolves a display language from <user-data-dir>/languagepacks.json, which it writes
  // only when it installs a pack itself (not from the command line): write the entry it would.
  const manifest = JSON.parse(readFileSync(join(here, 'fixtures', `language-pack-${locale}`, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const folder = readdirSync(extensionsDir).find((f) => f.startsWith(`${id}-`));
  const localization = manifest.contributes.localizations[0];
  const packs = {
    [locale]: {
      hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: Object.fromEntries(localization.translations.map((t) => [t.id, join(extensionsDir, folder, t.path)])),
      label: localization.localizedLanguageName,
    },
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  return extensionsDir;
}

async function onTimeout(what) {
  if (finished) return;
  console.error(`\nERROR: ${what}; killing code-server and the browser`);
  await cleanupAll();
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanupAll();
    process.exit(130);
  });
}

let results;
try {
  results = await main();
} catch (e) {
  console.error(`\nERROR: ${e.stack || e}`);
  results = [{ name: 'harness', error: e }];
}
finished = true;
await cleanupAll();
const failed = results.filter((r) => r.error).length;
const passed = results.length - failed;
log(`done; artifacts in ${artifactsDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
