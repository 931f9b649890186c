import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostOf } from '../../src/cells/probe/preflight';
import { isLoopback } from '../../src/runner/preflight';
import { preflightOf } from '../support/preflight';

test('probe cells name their target host and stored secrets; other cells need nothing', async () => {
  const p = await preflightOf('xenlat-probe', 'target: Cache.example.com:11211\nauth:\n  user: app\n  secret: ocs-prod');
  assert.deepEqual({ hosts: p.hosts, secretNames: p.secretNames }, { hosts: ['cache.example.com'], secretNames: ['ocs-prod'] });
  assert.equal(p.traffic?.target, 'Cache.example.com:11211');
  assert.deepEqual(await preflightOf('xenlat-data', 'target: evil:1'), { hosts: [], secretNames: [] });
  assert.deepEqual(await preflightOf('xenlat-probe', 'target: [oops'), { hosts: [], secretNames: [] });
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
  assert.deepEqual((await preflightOf('xenlat-probe', 'target: ${XL_PREFLIGHT_T:-127.0.0.1:1}')).hosts, ['remote.example']);
});

test('the confirmation says host:port, protocol, rate, amount and connections, and its default is not to probe', async () => {
  const { consentPrompt, declinedMessage, DO_NOT_CONNECT } = await import('../../src/runner/consent');
  const ask = async (source: string) => {
    const p = await preflightOf('xenlat-probe', source);
    return consentPrompt(p.hosts[0], p.traffic);
  };
  const open = await ask('target: cache.internal:11211\nrate: 2000/s\nrequests: 10000\nconnections: 2\nclient: raw\n');
  assert.equal(open.message, 'Send requests to cache.internal:11211 from this machine?');
  assert.match(open.detail, /memcached get requests \(binary protocol\) at 2,000\/s, 10,000 requests \(about 5 s\), after 50 warm-up requests, over 2 connections to cache\.internal:11211/);
  assert.equal(open.choices[0], DO_NOT_CONNECT, 'the first (focused) choice is the safe one');
  // Defaults count: client both has a connection per view; a duration is said as a duration.
  assert.match((await ask('target: db:6379\nop: set\nduration: 2min\nrate: 50/s\nwarmup: 0\n')).detail, /memcached set requests \(binary protocol, 100-byte values\) at 50\/s, for 2 min, over 2 connections to db:6379/);
  assert.match((await ask('target: db:22\nprotocol: tcp-connect\nmode: closed\nrequests: 30\nwarmup: 0\n')).detail, /TCP connections \(connect, then close\) back to back .*, 30 requests, over up to 1 at a time/);
  assert.match(declinedMessage('db'), /^Not run: you chose not to connect to db\./);
});
