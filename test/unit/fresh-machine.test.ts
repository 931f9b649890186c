// What a first run on a new machine met (issue #10): files created world-writable, an abort
// listener left behind per cell, and a nested npm that read the outer `npm test`'s configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/cli/atomic-write';
import { WorkerCellRunner } from '../../src/runner/worker-runner';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-fresh-'));

test('a new file written atomically follows the umask; an existing file keeps its mode', async () => {
  const old = process.umask(0o022);
  try {
    const a = path.join(dir, 'new-022.xenlat');
    await writeFileAtomic(a, 'x');
    assert.equal(statSync(a).mode & 0o777, 0o644);
    process.umask(0o077);
    const b = path.join(dir, 'new-077.xenlat');
    await writeFileAtomic(b, 'x');
    assert.equal(statSync(b).mode & 0o777, 0o600);
    // An existing 0664 file stays 0664 even though the umask (077) would take the group bits away.
    const c = path.join(dir, 'existing.xenlat');
    writeFileSync(c, 'old');
    chmodSync(c, 0o664);
    await writeFileAtomic(c, 'new');
    assert.equal(statSync(c).mode & 0o777, 0o664);
  } finally {
    process.umask(old);
  }
});

test('the runner removes its abort listener when a cell ends (one signal serves a whole run)', async () => {
  const runner = new WorkerCellRunner({ script: path.resolve('dist/cell-worker.js') });
  const abort = new AbortController();
  try {
    for (let i = 0; i < 12; i++) {
      const r = await runner.run({ language: 'xenlat-data', source: `samples: [${i + 1}, 2, 3]`, notebookDir: dir }, { signal: abort.signal });
      assert.equal(r.ok, true);
      assert.equal(getEventListeners(abort.signal, 'abort').length, 0, `listeners left after cell ${i + 1}`);
    }
  } finally {
    runner.dispose();
  }
});

test('xenlat run of a notebook with a 16-combination sweep and 12 cells prints no warning', () => {
  const cells: object[] = [
    { id: 'sweep', kind: 'code', language: 'xenlat-sim', source: ['preset: vcpu-contention', 'requests: 300', 'sweep:', '  neighbours.cpuBound: [0, 1, 2, 3]', '  ratePerSec: [100, 200, 300, 400]'] },
  ];
  for (let i = 0; i < 11; i++) cells.push({ id: `d${i}`, kind: 'code', language: 'xenlat-data', source: [`samples: [${i + 1}, 2, 3]`] });
  const file = path.join(dir, 'many.xenlat');
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  // Warnings become errors: any process warning (e.g. MaxListenersExceededWarning) fails the run.
  const preload = path.join(dir, 'warnings-are-errors.cjs');
  writeFileSync(preload, "process.on('warning', (w) => { console.error('WARNING AS ERROR: ' + w.name + ': ' + w.message); process.exitCode = 97; });\n");
  const r = spawnSync(process.execPath, ['--require', preload, path.resolve('dist/cli.js'), 'run', file, '--json'], { encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /WARNING AS ERROR/);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 12);
  assert.equal(lines[0].ok, true);
  assert.equal(lines[0].result.sweep.length, 16);
});

test('setup-editor runs its nested npm without the outer npm\'s configuration', () => {
  // Source only the function, then call it under a fake `npm test` environment.
  const script = `source <(sed -n '/^without_npm_env()/,/^}/p' scripts/setup-editor.sh); without_npm_env env`;
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_user_agent: 'npm/10 node/v20.0.0 linux x64', npm_config_prefix: '/wrong', NODE: '/usr/bin/node', INIT_CWD: '/x', KEEP_ME: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  const names = r.stdout.split('\n').map((l) => l.split('=')[0]);
  assert.deepEqual(names.filter((n) => n.startsWith('npm_') || n === 'NODE' || n === 'INIT_CWD'), []);
  assert.ok(names.includes('KEEP_ME'), 'other variables pass through');
  assert.ok(names.includes('PATH'));
});
