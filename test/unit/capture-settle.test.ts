// The probe's capture (and the test recorder) stop tcpdump only once its file has stopped growing:
// SIGINT does not drain the kernel's ring, so a fixed pause lost the last packets under load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForCaptureToSettle } from '../../src/probe/capture-settle';

test('waits while the file grows, returns once it has kept its size for the quiet time', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'xenlat-settle-')), 'c.pcap');
  writeFileSync(file, 'x');
  // A writer that keeps appending for 600 ms, as tcpdump catching up on a loaded machine would.
  const started = Date.now();
  const timer = setInterval(() => appendFileSync(file, 'y'), 40);
  setTimeout(() => clearInterval(timer), 600);
  const waited = await waitForCaptureToSettle(file, { quietMs: 200, maxMs: 5000, everyMs: 10 });
  assert.ok(Date.now() - started >= 600 + 200 - 50, `returned after ${waited} ms, while the file still grew`);
  assert.ok(waited < 2000, `waited ${waited} ms`);
});

test('a file that keeps growing is given up on after maxMs; a missing file settles at once', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'xenlat-settle-')), 'c.pcap');
  writeFileSync(file, 'x');
  const timer = setInterval(() => appendFileSync(file, 'y'), 20);
  const waited = await waitForCaptureToSettle(file, { quietMs: 200, maxMs: 400, everyMs: 10 });
  clearInterval(timer);
  assert.ok(waited >= 400 && waited < 900, `waited ${waited} ms`);
  const none = await waitForCaptureToSettle(join(tmpdir(), 'no-such-xenlat-file'), { quietMs: 50, maxMs: 1000, everyMs: 10 });
  assert.ok(none < 500, `waited ${none} ms for a file that does not exist`);
});
