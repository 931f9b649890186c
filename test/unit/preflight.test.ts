import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOf } from '../../src/cells/probe/preflight';
import { isLoopback, preflightOf } from '../../src/runner/preflight';

test('probe cells name their target host and stored secrets; other cells need nothing', () => {
  assert.deepEqual(preflightOf('xenlat-probe', 'target: Cache.example.com:11211\nauth:\n  user: app\n  secret: ocs-prod'), {
    hosts: ['cache.example.com'],
    secretNames: ['ocs-prod'],
  });
  assert.deepEqual(preflightOf('xenlat-data', 'target: evil:1'), { hosts: [], secretNames: [] });
  assert.deepEqual(preflightOf('xenlat-probe', 'target: [oops'), { hosts: [], secretNames: [] });
});

test('hosts are parsed from host:port, [v6]:port and bare forms', () => {
  assert.equal(hostOf('127.0.0.1:11211'), '127.0.0.1');
  assert.equal(hostOf('[::1]:11211'), '::1');
  assert.equal(hostOf('::1'), '::1');
  assert.equal(hostOf('db'), 'db');
});

test('only loopback addresses skip the confirmation', () => {
  for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1']) assert.equal(isLoopback(h), true, h);
  for (const h of ['10.0.0.1', '192.168.1.1', 'cache.internal', '::ffff:7f00:1', '128.0.0.1', 'localhost.evil.com', 'x.localhost']) assert.equal(isLoopback(h), false, h);
});

test('targets may come from the environment, with a default', async () => {
  const { expandTarget } = await import('../../src/probe/target-env');
  assert.equal(expandTarget('${XL_T:-127.0.0.1:11211}', {}), '127.0.0.1:11211');
  assert.equal(expandTarget('${XL_T:-127.0.0.1:11211}', { XL_T: 'cache:1' }), 'cache:1');
  assert.equal(expandTarget('${XL_H}:11211', { XL_H: 'db' }), 'db:11211');
  assert.throws(() => expandTarget('${XL_NOPE}', {}), /XL_NOPE is not set/);
  process.env.XL_PREFLIGHT_T = 'remote.example:11211';
  assert.deepEqual(preflightOf('xenlat-probe', 'target: ${XL_PREFLIGHT_T:-127.0.0.1:1}').hosts, ['remote.example']);
});
