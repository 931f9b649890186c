// Localisation: every message the product marks has a translation in every shipped locale, with the
// same placeholders; no translation is left for a message that no longer exists; package.json's
// contributions are all localised; a process picks its language the way users expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { extractMessages, placeholders } from '../support/l10n-extract';
import { mergeBundleSources } from '../../scripts/l10n-bundles.mjs';
import { currentBundle, msg, t, tr, useBundle } from '../../src/l10n';
import { localeFromEnv, readBundle } from '../../src/l10n/node-bundle';

const LOCALES = readdirSync('l10n').filter((n) => statSync(path.join('l10n', n)).isDirectory());
const extracted = extractMessages(['src']);

test('zh-cn is shipped', () => {
  assert.ok(LOCALES.includes('zh-cn'));
});

test('every marked message is a literal', () => {
  assert.deepEqual(extracted.problems, []);
});

for (const locale of LOCALES) {
  const bundle = mergeBundleSources(path.join('l10n', locale)) as Record<string, string>;

  test(`${locale}: every marked message has a translation`, () => {
    const missing = [...extracted.messages].filter(([m]) => typeof bundle[m] !== 'string' || bundle[m].trim() === '');
    assert.deepEqual(
      missing.map(([m, where]) => `${where[0]}: ${JSON.stringify(m)}`),
      [],
      `${missing.length} message(s) without a ${locale} translation (add them to l10n/${locale}/<area>.json)`,
    );
  });

  test(`${locale}: translations keep their message's placeholders`, () => {
    const wrong = Object.entries(bundle).filter(([m, tr]) => placeholders(m).join() !== placeholders(tr).join());
    assert.deepEqual(wrong.map(([m, tr]) => `${JSON.stringify(m)} -> ${JSON.stringify(tr)}`), []);
  });

  test(`${locale}: no translation of a message the product no longer has`, () => {
    const stale = Object.keys(bundle).filter((m) => !extracted.messages.has(m));
    assert.deepEqual(stale, [], `remove these from l10n/${locale}/*.json`);
  });

  test(`${locale}: package.json contributions are localised`, () => {
    const pkg = readFileSync('package.json', 'utf8');
    const keys = [...new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    const base = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
    const file = `package.nls.${locale}.json`;
    assert.ok(existsSync(file), `${file} is missing`);
    const loc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    assert.deepEqual(keys.filter((k) => !(k in base)), [], 'keys missing from package.nls.json');
    assert.deepEqual(keys.filter((k) => !loc[k]), [], `keys missing from ${file}`);
    assert.deepEqual(Object.keys(loc).filter((k) => !(k in base)), [], `${file} has keys package.nls.json lacks`);
  });
}

test('t() and tr() follow the bundle in use; English without one', () => {
  const marked = msg('Seed of the random streams');
  try {
    useBundle({ 'No server reachable at {0}': '{0} 处没有可连接的服务器', 'Seed of the random streams': '随机流的种子' });
    assert.equal(t('No server reachable at {0}', '10.0.0.7:11211'), '10.0.0.7:11211 处没有可连接的服务器');
    assert.equal(tr(marked), '随机流的种子');
    assert.equal(t('Not in the bundle {0}', 3), 'Not in the bundle 3');
    assert.ok(currentBundle());
  } finally {
    useBundle(undefined);
  }
  assert.equal(t('No server reachable at {0}', 'h'), 'No server reachable at h');
  assert.equal(currentBundle(), undefined);
});

test('the CLI locale comes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order', () => {
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.utf8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANGUAGE: 'zh_CN:en', LANG: 'C' }), 'zh-cn');
  assert.equal(localeFromEnv({ LC_MESSAGES: 'de_DE@euro' }), 'de-de');
  assert.equal(localeFromEnv({ LANG: 'C.UTF-8' }), undefined);
  assert.equal(localeFromEnv({ LANG: 'POSIX' }), undefined);
  assert.equal(localeFromEnv({}), undefined);
});

test('a locale finds its bundle, zh and zh-tw falling back to zh-cn; English needs none', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-l10n-'));
  writeFileSync(path.join(dir, 'bundle.l10n.zh-cn.json'), JSON.stringify({ a: '甲' }));
  assert.deepEqual(readBundle(dir, 'zh-cn'), { a: '甲' });
  assert.deepEqual(readBundle(dir, 'zh'), { a: '甲' });
  assert.deepEqual(readBundle(dir, 'zh-tw'), { a: '甲' });
  assert.equal(readBundle(dir, 'en-us'), undefined);
  assert.equal(readBundle(dir, 'fr-fr'), undefined);
  assert.equal(readBundle(dir, undefined), undefined);
});

test('two areas translating one message differently is an error', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-l10n-'));
  writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ stall: '卡顿' }));
  writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ stall: '停顿' }));
  assert.throws(() => mergeBundleSources(dir), /translated differently/);
});
