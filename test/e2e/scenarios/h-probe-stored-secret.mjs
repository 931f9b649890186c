// SASL-protected memcached: the probe cell names a secret; until it is stored the cell says how to
// store it; "Xenlat: Store Secret..." keeps it in the editor's secret storage; the probe then
// authenticates, and the saved notebook never contains the password.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PASSWORD = 'e2e-s3cret-Pa55';

export default {
  name: 'probe: SASL password from the editor secret storage, never in the file',
  async prepare({ workspace, helpers: h, log }) {
    const dir = mkdtempSync(join(tmpdir(), 'xenlat-e2e-sasl-'));
    const db = join(dir, 'sasldb2');
    writeFileSync(join(dir, 'memcached.conf'), `mech_list: plain\nsasldb_path: ${db}\n`);
    const r = spawnSync('saslpasswd2', ['-p', '-a', 'memcached', '-c', '-f', db, 'xenlat'], { input: `${PASSWORD}\n` });
    if (r.status !== 0) throw new Error(`saslpasswd2 failed: ${r.stderr}`);
    const mc = await h.startMemcached({ args: ['-S'], env: { ...process.env, SASL_CONF_PATH: dir }, log, label: 'SASL memcached' });
    const port = mc.port;
    const nb = {
      format: 'xenlat', version: 1, metadata: {},
      cells: [{ id: 'sasl0001', kind: 'code', language: 'xenlat-probe', source: [`target: 127.0.0.1:${port}`, 'requests: 200', 'mode: closed', 'auth:', '  user: xenlat', '  secret: e2e-cache'] }],
    };
    writeFileSync(join(workspace, 'sasl.xenlat'), JSON.stringify(nb, null, 2) + '\n');
    return async () => {
      mc.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'sasl.xenlat', { log });

    await h.runCommand(page, 'Notebook: Run All');
    await h.waitFor(async () => (await allText(page)).includes('Xenlat: Store Secret') || null, { timeout: 30_000, message: 'the cell to say the secret is not stored and how to store it' });
    log('without the secret: the cell says how to store it');

    await h.runCommand(page, 'Xenlat: Store Secret...');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('e2e-cache');
    await page.keyboard.press('Enter');
    await h.sleep(500);
    await input.fill(PASSWORD);
    await page.keyboard.press('Enter');
    log('secret stored through the command');

    await h.runCommand(page, 'Notebook: Run All');
    const okText = await h.waitFor(async () => {
      for (const frame of page.frames()) {
        const t = await frame.locator('.xenlat-summary').allInnerTexts().catch(() => []);
        const hit = t.find((x) => /count\s+200/.test(x));
        if (hit) return hit;
      }
      return null;
    }, { timeout: 40_000, message: 'the probe to authenticate and complete 200 requests' });
    log(`authenticated probe: ${JSON.stringify(okText.split('\n').slice(0, 3).join(' '))}`);
    await screenshot('authenticated');

    const file = join(workspace, 'sasl.xenlat');
    const before = statSync(file).mtimeMs;
    await h.runCommand(page, 'File: Save');
    await h.waitFor(() => statSync(file).mtimeMs !== before, { timeout: 15_000, message: 'sasl.xenlat to be saved' });
    await h.sleep(500);
    const saved = readFileSync(file, 'utf8');
    h.assert(saved.includes('application/vnd.xenlat.result+json'), 'the saved notebook has no result');
    h.assert(!saved.includes(PASSWORD), 'the saved notebook contains the password');
    log('saved notebook holds the result and not the password');
  },
};

async function allText(page) {
  const t = await page.locator('.output, .cell-output-container').allInnerTexts().catch(() => []);
  for (const frame of page.frames()) t.push(...(await frame.locator('body').allInnerTexts().catch(() => [])));
  return t.join('\n');
}
