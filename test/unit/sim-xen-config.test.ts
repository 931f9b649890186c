import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CONFIG_DOCS, DEFAULT_CONFIG, mergeConfig, validateConfig } from '../../src/sim/xen/config';
import { PRESETS } from '../../src/sim/xen/presets';
import { configFor } from '../../src/sim/xen/preset-config';
import { simulate } from '../../src/sim/xen/model';
import { summarizeRun } from '../../src/sim/xen/summary';
import { INSTANTS } from '../../src/sim/xen/run-types';
import { TraceHash } from '../../src/sim/engine/index';

function leaves(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

test('CONFIG_DOCS documents every key of DEFAULT_CONFIG with its default, and nothing else', () => {
  assert.deepEqual(CONFIG_DOCS.map((d) => d.path).sort(), leaves(DEFAULT_CONFIG).sort());
  for (const d of CONFIG_DOCS) {
    assert.ok(d.description.length > 10, d.path);
    if (d.type === 'enum') assert.ok(d.allowed && (d.allowed.includes(d.default as string) || (d.default === null && d.derivedFrom)), d.path);
    // A key may be left unset (null) only when the docs say what it is derived from.
    if (d.default === null) assert.ok(d.derivedFrom, d.path);
  }
  assert.deepEqual(validateConfig(DEFAULT_CONFIG), []);
});

test('mergeConfig merges deeply, replaces arrays and rejects unknown keys with the dotted path', () => {
  const c = mergeConfig(DEFAULT_CONFIG, { scheduler: { tsliceMs: 5 }, neighbours: { pcpus: [1, 0] } });
  assert.equal(c.scheduler.tsliceMs, 5);
  assert.equal(c.scheduler.tickMs, null, 'unset: derived from xen.version');
  assert.deepEqual(c.neighbours.pcpus, [1, 0]);
  assert.equal(DEFAULT_CONFIG.scheduler.tsliceMs, 30, 'base untouched');
  assert.throws(() => mergeConfig(DEFAULT_CONFIG, { scheduler: { tslice: 5 } }), /unknown config key 'scheduler\.tslice'/);
  assert.throws(() => mergeConfig(DEFAULT_CONFIG, { tcp: { nagle: { on: true } } }), /'tcp\.nagle\.on'/);
});

test('validateConfig reports types, ranges, enums and cross-key rules by path', () => {
  const bad = mergeConfig(DEFAULT_CONFIG, { scheduler: { kind: 'sedf', tsliceMs: -1 }, guest: { evtchnVcpu: 3 }, requests: 1.5 });
  const paths = validateConfig(bad).map((i) => i.path);
  assert.ok(paths.includes('scheduler.kind') && paths.includes('scheduler.tsliceMs') && paths.includes('requests'), paths.join());
  const bad2 = mergeConfig(DEFAULT_CONFIG, { guest: { evtchnVcpu: 3 } });
  assert.deepEqual(validateConfig(bad2).map((i) => i.path), ['guest.evtchnVcpu']);
});

test('every preset is a valid configuration with a one-paragraph explanation', () => {
  for (const [name, p] of Object.entries(PRESETS)) {
    assert.deepEqual(validateConfig(configFor(name)), [], name);
    assert.ok(p.explanation.length > 200 && !p.explanation.includes('\n'), name);
    assert.ok(p.summary.length > 20, name);
  }
  assert.deepEqual(Object.keys(PRESETS).sort(), ['baseline', 'black-0.1s', 'client-pool', 'dom0-contention', 'guest-pause', 'legacy-page-flip', 'loss-rto', 'nagle-delayed-ack', 'netback-rate-limit', 'server-pause', 'vcpu-contention'].sort());
});

function canonical(config: ReturnType<typeof configFor>, seed: number): string {
  const r = simulate(config, seed);
  const h = new TraceHash();
  for (const k of INSTANTS) for (const x of r.requests.instants[k]) h.add(x);
  for (const x of r.requests.loggedLatencyUs) h.add(x);
  for (const x of r.requests.cause) h.add(x);
  for (const x of r.requests.connectUs ?? []) h.add(x);
  return JSON.stringify({ summary: summarizeRun(r, config.stallThresholdMs), hash: h.digest(), intervals: r.vcpuIntervals, stats: r.stats, counters: r.counters });
}

test('determinism: same config + seed gives a byte-identical canonical summary; another seed differs', () => {
  const c = configFor('black-0.1s', { requests: 10_000 });
  const a = canonical(c, 7);
  assert.equal(canonical(c, 7), a);
  assert.notEqual(canonical(c, 8), a);
  const v = configFor('vcpu-contention', { requests: 5000, scheduler: { kind: 'credit2' } });
  assert.equal(canonical(v, 3), canonical(v, 3));
});

test('the Xen model is pinned for each preset (its results must be byte-identical on every machine)', () => {
  // If this fails after an intended model change, update the digests and say so in the change:
  // saved simulation outputs (examples/black-0.1s.xenlat) change with them.
  const digests: Record<string, string> = {};
  for (const preset of Object.keys(PRESETS)) {
    digests[preset] = createHash('sha256').update(canonical(configFor(preset, { requests: 3000 }), 11)).digest('hex').slice(0, 16);
  }
  assert.deepEqual(digests, PINNED);
});

const PINNED: Record<string, string> = {
  'black-0.1s': 'cca2b59413a5cda1',
  'client-pool': 'a7cb97321532b94a',
  'dom0-contention': '504a60ad2970dd6f',
  'guest-pause': 'c82fdcc657769dc2',
  'legacy-page-flip': 'ac751c3da666a4ad',
  'loss-rto': '3c2d30f7a79761aa',
  'nagle-delayed-ack': 'c6e6a110010be93f',
  'netback-rate-limit': 'ed1209d9cd403595',
  'server-pause': 'e3198585220d0e59',
  'vcpu-contention': 'bfce0e998b0297ef',
  baseline: '7035fcf4264ee69d',
};

test('docs/sim.md shows the keys and presets the model has (scripts/gen-sim-docs.ts --check)', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-sim-docs.ts', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
