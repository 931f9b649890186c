import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';
import { CellError } from '../../src/cells/types';
import { testContext } from '../support/cell-context';
import { startMemcached, type Memcached } from '../support/memcached';

const PASSWORD = 'pw-Zq8!secret-xyz';
let mc: Memcached;
before(async () => {
  mc = await startMemcached({ sasl: { user: 'probe', password: PASSWORD } });
});
after(async () => {
  await mc?.stop();
});

const ctx = (secrets?: Record<string, string>) => testContext({ secrets });

function serialized(out: { result: unknown; markdown: string; charts: unknown }): string {
  return JSON.stringify(out, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v));
}

test('SASL PLAIN with the right password (env variable), both views', { timeout: 20_000 }, async () => {
  process.env.XENLAT_TEST_MC_PASSWORD = PASSWORD;
  try {
    const out = await runProbeCell(`target: ${mc.target}\nclient: both\nmode: closed\nrequests: 40\nwarmup: 2\nauth:\n  user: probe\n  passwordEnv: XENLAT_TEST_MC_PASSWORD\nhostSignals: false\n`, ctx());
    const result = out.result as ProbeResult;
    assert.equal(result.summary.errors.total, 0, JSON.stringify(result.errors.list.slice(0, 3)));
    assert.equal(result.summary.count, 40);
    assert.equal(result.run.counts.misses, 0, 'the pre-run set authenticated too');
    assert.deepEqual(result.run.auth, { user: 'probe', passwordFrom: 'environment variable XENLAT_TEST_MC_PASSWORD' });
    assert.ok(!serialized(out).includes(PASSWORD));
  } finally {
    delete process.env.XENLAT_TEST_MC_PASSWORD;
  }
});

test('pipelined requests handed over while the connection opens wait for authentication', { timeout: 20_000 }, async () => {
  // At 20,000/s several requests reach the connection between its connect and the end of the SASL
  // exchange; written at once, they would reach memcached before the credentials.
  const out = await runProbeCell(`target: ${mc.target}\nclient: raw\nrate: 20000/s\nrequests: 400\nwarmup: 0\nconnections: 1\npipeline: 8\nauth: { user: probe, secret: MC_PASS }\nhostSignals: false\n`, ctx({ MC_PASS: PASSWORD }));
  const result = out.result as ProbeResult;
  assert.equal(result.summary.errors.total, 0, JSON.stringify(result.errors.list.slice(0, 3)));
  assert.equal(result.summary.count, 400);
});

test('a wrong password (granted secret) is "authentication failed" on both paths, and never shown', { timeout: 20_000 }, async () => {
  const wrong = 'wrong-Pw-98765';
  const out = await runProbeCell(`target: ${mc.target}\nclient: both\nmode: closed\nrequests: 6\nwarmup: 0\nauth: { user: probe, secret: MC_PASS }\nhostSignals: false\n`, ctx({ MC_PASS: wrong }));
  const result = out.result as ProbeResult;
  assert.equal(result.summary.errors.byKind.auth, 6, JSON.stringify(result.errors.list));
  for (const e of result.errors.list) assert.match(e.message, /authentication failed/);
  assert.ok(result.errors.list.some((e) => e.path === 'memjs') && result.errors.list.some((e) => e.path === 'raw'));
  const text = serialized(out);
  assert.ok(!text.includes(wrong) && !text.includes(PASSWORD));
  assert.match(out.markdown, /authentication failed/);
});

test('without credentials a SASL server refuses requests as an auth fault', { timeout: 20_000 }, async () => {
  const out = await runProbeCell(`target: ${mc.target}\nop: set\nclient: raw\nmode: closed\nrequests: 3\nwarmup: 0\nhostSignals: false\n`, ctx());
  const r = out.result as ProbeResult;
  assert.equal(r.summary.errors.byKind.auth, 3, JSON.stringify(r.errors.list));
});

test('a missing env variable or secret is a spec error naming it, not its value', async () => {
  await assert.rejects(
    runProbeCell(`target: ${mc.target}\nauth: { user: probe, passwordEnv: XENLAT_NOT_SET_ANYWHERE }\n`, ctx()),
    (e: unknown) => e instanceof CellError && /XENLAT_NOT_SET_ANYWHERE is not set/.test(e.message),
  );
  await assert.rejects(
    runProbeCell(`target: ${mc.target}\nauth: { user: probe, secret: NOPE }\n`, ctx({})),
    (e: unknown) => e instanceof CellError && /no secret named NOPE/.test(e.message),
  );
});

test('headless: `xenlat exec xenlat-probe` reads a stored secret from XENLAT_SECRET_<NAME> and prints the result, never the secret', { timeout: 30_000 }, async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'xenlat-exec-probe-'));
  const spec = join(dir, 'probe.yaml');
  writeFileSync(spec, `target: ${mc.target}\nclient: both\nmode: closed\nrequests: 20\nwarmup: 0\nauth: { user: probe, secret: ocs-prod }\nhostSignals: false\n`);
  const exec = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['dist/cli.js', 'exec', 'xenlat-probe', spec, '--json'], { encoding: 'utf8', env: { ...process.env, ...env } });
  const ok = exec({ XENLAT_SECRET_OCS_PROD: PASSWORD });
  assert.equal(ok.status, 0, ok.stderr);
  const result = JSON.parse(ok.stdout);
  assert.equal(result.kind, 'xenlat-probe');
  assert.equal(result.summary.count, 20);
  assert.equal(result.summary.errors.total, 0);
  assert.ok(!(ok.stdout + ok.stderr).includes(PASSWORD));
  // Without the variable the secret is missing: a clear error naming where it was looked for.
  const missing = exec({});
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /probe.yaml:6:\d+: auth.secret: no secret named ocs-prod is available .*headless: set XENLAT_SECRET_OCS_PROD/);
});
