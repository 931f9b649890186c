// The spec layer, the model's key docs and the file errors speak Chinese under a zh-cn bundle:
// diagnostics (on the same ranges as in English), the key docs a hover shows (with their docs
// links), type words, quick-fix titles, and the message the editor shows for a file it cannot open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCellKind } from '../../src/cells/registry';
import { simKeyDocs, simSchema } from '../../src/cells/sim/schema';
import { presetInfos } from '../../src/cells/sim/model-api';
import { describeFormatError, FormatError, parseNotebook } from '../../src/format/index';
import type { SpecDiagnostic } from '../../src/cells/types';
import { inChineseSync as inChinese } from '../support/zh-cn';

const HAN = /\p{Script=Han}/u;

const where = (d: SpecDiagnostic) => ({ severity: d.severity, path: d.path, range: d.range, replacement: d.fix?.replacement });

test('diagnostics of an invalid spec are Chinese under zh-cn, on the same ranges as in English', () => {
  const cases: Array<[string, string]> = [
    // unknown key with a suggestion, a number out of range, a type mismatch, a bad enum, text for a number
    ['xenlat-sim', 'preset: black-0.1s\nrequets: 100\nseed: -1\nscheduler:\n  tsliceMs: fast\nmode: bulky\n'],
    ['xenlat-probe', 'target: 10.0.0.7\nrequests: 10\nduration: 2s\nauth:\n  password: x\n'],
    ['xenlat-data', 'samples: [1, two]\nunit: sec\nstallThresholdMs: 0\n'],
    ['xenlat-explain', 'observed: a\nsamples: [1]\nhypotheses: [vcpu-contention, vcpu-contention]\nexpect: baseline\n'],
    ['xenlat-capture', 'server: nohostport\n'],
    ['xenlat-sim', 'a: [1\n'],
  ];
  for (const [language, source] of cases) {
    const kind = getCellKind(language)!;
    const english = kind.validate(source);
    const chinese = inChinese(() => kind.validate(source));
    assert.ok(english.length > 0, `${language}: the spec is invalid`);
    assert.deepEqual(chinese.map(where), english.map(where), `${language}: same diagnostics, same places`);
    for (const [i, d] of chinese.entries()) {
      assert.match(d.message, HAN, `${language}: "${d.message}" is Chinese (English: "${english[i]!.message}")`);
      if (d.fix) assert.match(d.fix.title, HAN, 'the quick fix title is Chinese');
      assert.doesNotMatch(english[i]!.message, HAN, 'English stays English');
    }
  }
  // The grammar of the English message is kept: "an integer", "one of a, b".
  const en = getCellKind('xenlat-sim')!.validate('seed: [1]\nmode: [1]\n').map((d) => d.message);
  assert.deepEqual(en, ['seed: expected an integer ≥ 0 ≤ 4294967295, got a list', 'mode: expected one of latency, bulk, got a list']);
  const zh = inChinese(() => getCellKind('xenlat-sim')!.validate('seed: [1]\nmode: [1]\n').map((d) => d.message));
  assert.deepEqual(zh, ['seed：应为整数 ≥ 0 ≤ 4294967295，实际是列表', 'mode：应为latency, bulk 之一，实际是列表']);
});

test('the key docs a hover shows are Chinese under zh-cn and keep their docs links', () => {
  const probeEn = getCellKind('xenlat-probe')!.keyDocs().find((d) => d.key === 'timeoutMs')!;
  const probe = inChinese(() => getCellKind('xenlat-probe')!.keyDocs().find((d) => d.key === 'timeoutMs')!);
  assert.match(probe.description, /超时/);
  assert.match(probe.type, /^数值 > 0 ≤ 600000 \(ms\)$/);
  assert.equal(probe.docs, probeEn.docs);
  assert.equal(probe.default, probeEn.default);

  // The sim cell's docs: its own keys, the model's keys (CONFIG_DOCS), the presets, the sweep entries.
  const docs = inChinese(() => simKeyDocs(simSchema(presetInfos())));
  const en = simKeyDocs(simSchema(presetInfos()));
  assert.equal(docs.length, en.length);
  const tslice = docs.find((d) => d.key === 'scheduler.tsliceMs')!;
  assert.match(tslice.description, /时间片/);
  assert.equal(tslice.docs, 'docs/sim.md#model-keys');
  assert.match(docs.find((d) => d.key === 'scheduler.kind')!.default!, /^取自 发行版本/);
  assert.match(docs.find((d) => d.key === 'preset')!.description, /• black-0\.1s: 起源案例/);
  assert.match(docs.find((d) => d.key === 'scheduler')!.description, /调度器/);
  const sweep = docs.find((d) => d.key === 'sweep.neighbours.cpuBound')!;
  assert.match(sweep.description, /^要扫描的 neighbours\.cpuBound 取值：/);
  assert.match(sweep.type, /列表$/);
  for (const [i, d] of docs.entries()) {
    assert.equal(d.key, en[i]!.key);
    assert.equal(d.docs, en[i]!.docs, `${d.key} keeps its docs link`);
    assert.deepEqual(d.values, en[i]!.values, `${d.key}: values are never translated`);
    if (d.description) assert.match(d.description, HAN, `${d.key}: "${d.description}"`);
  }
  assert.doesNotMatch(en.map((d) => d.description + d.type).join('\n'), HAN, 'English key docs stay English');
});

test('a corrupt file and a newer file are explained in Chinese under zh-cn', () => {
  const corrupt = '{\n  "format": "xenlat",\n  "version": 1,\n  "cells": [\n    { "id": "a", "kind": "markdown" "source": [] }\n  ]\n}\n';
  const said = (text: string) => {
    try {
      parseNotebook(text);
    } catch (e) {
      return describeFormatError(e as FormatError);
    }
    assert.fail('the file parses');
  };
  const en = said(corrupt);
  const zh = inChinese(() => said(corrupt));
  assert.match(en, /^Line 5, column 37: invalid JSON: expected ',' or '\}' after property value, found "\\"". The file was not changed\.$/);
  assert.equal(zh, '第 5 行，第 37 列：JSON 无效：属性值后应为 \',\' 或 \'}\'，实际是 "\\""。文件未被修改。');

  const invalid = JSON.stringify({ format: 'xenlat', version: 1, cells: [{ id: 'a', kind: 'code', source: [] }] }, null, 1);
  assert.match(inChinese(() => said(invalid)), /^第 \d+ 行，第 \d+ 列：代码单元格缺少 "language"（在第 1 个单元格，"language" 字段）。文件未被修改。$/);

  const newer = JSON.stringify({ format: 'xenlat', version: 7, cells: [] });
  assert.equal(said(newer), 'This notebook was made by a newer Xenlat (format version 7); this version reads version 1. Update the Xenlat extension to open it; the file was not changed.');
  assert.equal(inChinese(() => said(newer)), '此笔记本由更新版本的 Xenlat 创建（格式版本 7），当前版本只能读取格式版本 1。请更新 Xenlat 扩展后再打开；文件未被修改。');
});
