// The shell speaks Chinese under a zh-cn bundle: the CLI (following LANG), the runner's messages
// (in its worker thread too), the consent prompt, the exports and the renderer's summary; and
// the default locale stays English, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundleOfReply, isL10nRequest, L10N_REQUEST, l10nReply } from '../../src/l10n/renderer-message';
import { exportHtml } from '../../src/export/html';
import { exportMarkdown } from '../../src/export/markdown';
import { buildSummaryHtml } from '../../src/renderer/summary';
import { consentPrompt, declinedMessage } from '../../src/runner/consent';
import { errorToOutputs } from '../../src/runner/outputs';
import { WorkerCellRunner } from '../../src/runner/worker-runner';
import type { NotebookFile } from '../../src/format';
import { inChinese } from '../support/zh-cn';


const cli = path.resolve('dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-l10n-shell-'));
const xenlat = (lang: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LANGUAGE: '', LC_ALL: '', LC_MESSAGES: '', LANG: lang } });

test('CLI: LANG=zh_CN.UTF-8 gives Chinese usage errors and check messages; LANG=C the English ones', () => {
  const zhUsage = xenlat('zh_CN.UTF-8', 'check');
  assert.equal(zhUsage.status, 2);
  assert.match(zhUsage.stderr, /^xenlat check：需要一个笔记本\n\n用法：xenlat <command> \[options\]/);
  const enUsage = xenlat('C.UTF-8', 'check');
  assert.match(enUsage.stderr, /^xenlat check: expected a notebook\n\nUsage: xenlat <command> \[options\]/);

  const file = path.join(dir, 'bad.xenlat');
  const cells = [{ id: 'c1', kind: 'code', language: 'xenlat-nope', source: ['x: 1'] }];
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  const zhCheck = xenlat('zh_CN.UTF-8', 'check', file);
  assert.equal(zhCheck.status, 1);
  // The severity word stays English (problem matchers read it); the sentence is Chinese.
  assert.match(zhCheck.stdout, /:\d+:\d+: error: 单元格 c1：未知的单元格语言“xenlat-nope”/);
  assert.match(xenlat('C', 'check', file).stdout, /:\d+:\d+: error: cell c1: unknown cell language "xenlat-nope"/);
});

test('CLI: a Chinese run says what it wrote in Chinese', () => {
  const file = path.join(dir, 'ok.xenlat');
  const cells = [{ id: 'inline', kind: 'code', language: 'xenlat-data', source: ['samples: [1, 2, 3]'] }];
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  const r = xenlat('zh_CN.UTF-8', 'run', file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /成功，用时 \d+\.\d\d s/);
  assert.match(r.stderr, /已写入 .*ok\.xenlat：运行了 1 个单元格，0 个失败/);
  // Its report declares the language it is written in, for screen readers and translation tools.
  const html = path.join(dir, 'ok.html');
  assert.equal(xenlat('zh_CN.UTF-8', 'export', file, '--html', html).status, 0);
  assert.match(readFileSync(html, 'utf8'), /<html lang="zh-CN">[\s\S]*数量/);
  assert.equal(xenlat('C.UTF-8', 'export', file, '--html', html).status, 0);
  assert.match(readFileSync(html, 'utf8'), /<html lang="en">/);
});

test('runner: messages made in the worker thread follow the bundle the shell hands it', async () => {
  const run = async () => {
    const runner = new WorkerCellRunner({ script: path.resolve('dist/cell-worker.js') });
    try {
      return await runner.run({ language: 'xenlat-nope', source: '', notebookDir: dir }, { signal: new AbortController().signal });
    } finally {
      runner.dispose();
    }
  };
  assert.match((await inChinese(run)).error!.message, /^未知的单元格语言“xenlat-nope”：Xenlat 运行的是 /);
  assert.match((await run()).error!.message, /^Unknown cell language "xenlat-nope": Xenlat runs /);
  const stack = await inChinese(() => (errorToOutputs({ name: 'InvalidCell', message: 'bad', details: [{ line: 2, column: 3, message: 'x' }] })[0].items[0].value as { stack: string }).stack);
  assert.equal(stack, 'bad\n  第 2 行，第 3 列：x');
});

test('the remote-host question is asked in Chinese, its safe answer still first', async () => {
  const p = await inChinese(() => consentPrompt('cache.internal', undefined));
  assert.equal(p.message, '要从本机向 cache.internal 发送请求吗？');
  assert.deepEqual(p.choices, ['不连接', '允许连接']);
  assert.match(p.detail, /Xenlat 会在此工作区中记住 cache\.internal/);
  assert.equal(await inChinese(() => declinedMessage('db')), '未运行：你选择了不连接到 db。再次运行此单元格会重新询问。');
  assert.deepEqual(consentPrompt('cache.internal', undefined).choices, ['Do Not Connect', 'Allow Connecting']);
});

const exported = {
  format: 'xenlat',
  version: 1,
  metadata: {},
  cells: [
    { id: 'intro', kind: 'markdown', source: '# 黑色0.1秒\n\n## 假设', outputs: [] },
    {
      id: 'data',
      kind: 'code',
      language: 'xenlat-data',
      source: 'samples: [1, 2]\n',
      outputs: [
        {
          items: [
            { mime: 'application/vnd.xenlat.result+json', value: { kind: 'xenlat-data', summary: { count: 2 }, provenance: { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:01.500Z', version: '0.1.0', cancelled: true } } },
            { mime: 'text/markdown', value: '| count |\n|--:|\n| 2 |' },
          ],
        },
        { items: [{ mime: 'application/vnd.xenlat.chart+json', value: { title: 'CDF', spec: { data: { url: 'https://example.com/x.json' } } } }] },
      ],
    },
  ],
} as unknown as NotebookFile;

test('HTML report: Chinese contents, header and provenance under zh-cn; English unchanged without a bundle', async () => {
  const html = await inChinese(() => exportHtml(exported, { title: '调查' }));
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /<nav class="toc" aria-label="目录"><strong>目录<\/strong>/);
  assert.match(html, /<header><p>调查 · 由 Xenlat [\d.]+ 于 \S+ 导出<\/p><\/header>/);
  assert.match(html, /<p class="provenance">于 2026-01-01T00:00:00\.000Z 用 Xenlat 0\.1\.0 运行，用时 1\.50 s — 已取消，部分结果<\/p>/);
  assert.match(html, /（图表没有存储的图片）/);
  const en = await exportHtml(exported, { title: 'Inquiry' });
  assert.match(en, /<strong>Contents<\/strong>/);
  assert.match(en, /<p class="provenance">Ran 2026-01-01T00:00:00\.000Z in 1\.50 s with Xenlat 0\.1\.0 — cancelled, partial result<\/p>/);
});

test('Markdown export: Chinese provenance and footer under zh-cn', async () => {
  const readme = (await inChinese(() => exportMarkdown(exported))).files.get('README.md')!;
  assert.match(readme, /_于 2026-01-01T00:00:00\.000Z 用 Xenlat 0\.1\.0 运行，用时 1\.50 s（已取消：部分结果）\._/);
  assert.match(readme, /_由 Xenlat [\d.]+ 导出。_\n$/);
  assert.match(readme, /_（图表“CDF”没有存储的图片）_/);
  assert.match((await exportMarkdown(exported)).files.get('README.md')!, /_Exported by Xenlat [\d.]+\._\n$/);
});

test('renderer: the summary and ranking tables in Chinese under zh-cn', async () => {
  const result = {
    kind: 'xenlat-explain',
    summary: { count: 10, minMs: 1, maxMs: 100, stalls: { thresholdMs: 50, count: 1 } },
    provenance: { startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:00:02Z', seed: 7 },
    ranking: [{ rank: 1, hypothesis: 'credit-timeslice', params: {}, score: 0.9, verdict: 'consistent', reasons: [] }],
  };
  const html = await inChinese(() => buildSummaryHtml(result, { formatTime: (iso) => iso }));
  for (const text of ['<th scope="row">数量</th>', '<th scope="row">最大值</th>', '<th scope="row">卡顿 &gt; 50.00 ms</th>', '<th>排名</th><th>假设</th>', '运行于 2026-01-01T00:00:00Z · 用时 2.0 s', '种子 7']) {
    assert.ok(html.includes(text), text);
  }
  assert.match(await inChinese(() => buildSummaryHtml({ summary: { count: 0 }, errors: { total: 3, byKind: { timeout: 3 } } })), /没有成功的请求：3 个失败（timeout: 3）。/);
  assert.ok(buildSummaryHtml(result).includes('<th scope="row">count</th>'));
});

test('renderer: the bundle comes from the extension as one checked message', () => {
  assert.ok(isL10nRequest(L10N_REQUEST));
  assert.ok(!isL10nRequest({ type: 'xenlat-image' }));
  assert.deepEqual(bundleOfReply(l10nReply({ a: '甲' })), { a: '甲' });
  assert.equal(bundleOfReply(l10nReply(undefined)), undefined, 'English');
  assert.equal(bundleOfReply(l10nReply({})), undefined);
  assert.equal(bundleOfReply({ type: 'xenlat-image' }), null, 'not a reply');
  // Only text: anything else in a reply is dropped before it can reach a page.
  assert.deepEqual(bundleOfReply({ type: 'xenlat-l10n', bundle: { a: '甲', b: { html: '<b>' }, c: 3 } }), { a: '甲' });
});
