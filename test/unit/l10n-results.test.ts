// What results say, in Chinese under a zh-cn bundle (issue #16): a simulation, a sweep's diagnostics,
// the bulk mode, a probe against real memcached (measured and unreachable) and a data cell give
// Chinese summaries, progress, failure causes, chart titles and axis titles; the same run under
// English is unchanged, byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { inChinese, titles } from '../support/zh-cn';
import { simCell } from '../../src/cells/sim';
import { dataCell } from '../../src/cells/data';
import type { SimBulkResult } from '../../src/cells/sim/bulk-cell';
import { renderSvg } from '../../src/charts/svg';
import type { ChartOutput } from '../../src/cells/types';
import { startMemcached, type Memcached } from '../support/memcached';
import { probe, testContext } from '../support/cell-context';
import { ProbeProgress } from '../../src/cells/probe/progress';
import { describeProbeTraffic } from '../../src/cells/probe/traffic';
import { checkProbeSpec } from '../../src/cells/probe/check';
import { consentPrompt } from '../../src/runner/consent';
import { RecordStore } from '../../src/probe/record-store';
import type { RequestRecord } from '../../src/probe/record';

const chart = (charts: ChartOutput[], id: string) => charts.find((c) => c.id === id)!;

const SIM = 'preset: black-0.1s\nrequests: 3000\nseed: 7\nstallThresholdMs: 50\n';

test('a simulation speaks Chinese: summary, symptoms, progress, chart titles and axes; English stays byte-identical', async () => {
  const english = await simCell.run(SIM, testContext({ notebookDir: tmpdir() }));
  const c = testContext({ notebookDir: tmpdir() });
  const { markdown, charts } = await inChinese(() => simCell.run(SIM, c));
  assert.match(markdown, /预设 `black-0\.1s`，3,000 个请求，速率 [\d,]+\/s，种子 7。/);
  assert.match(markdown, /\| 数量 \| 最小值 \| 平均值 \| p50 \|.*\| 最大值 \| 卡顿 > 50 ms \|/);
  assert.match(markdown, /的时间分布：/);
  assert.match(markdown, /症状：抓包后读取 > 50 ms 的有 \d+ 次/);
  assert.ok(!/requests at|Symptoms|Time of/.test(markdown), markdown);
  assert.match(c.updates[0]!.message!, /^正在模拟 3,000 个请求（预设 black-0\.1s）/);
  assert.match(c.updates.at(-1)!.message!, /^p99\.9 .* 次卡顿$/);
  // Titles: the preset label and the chart names are Chinese; ids and field names stay.
  assert.deepEqual(charts.map((x) => x.id), english.charts.map((x) => x.id));
  assert.equal(chart(charts, 'histogram').title, '预设 black-0.1s: 延迟直方图');
  assert.equal(chart(charts, 'timeline').title, '预设 black-0.1s: 最慢的请求与 vCPU 调度');
  const hist = titles(chart(charts, 'histogram').spec);
  assert.ok(hist.includes('延迟（ms，对数刻度）') && hist.includes('样本数（symlog 刻度）'), hist.join(' | '));
  assert.ok(titles(chart(charts, 'cdf').spec).includes('分位数（1 − p 的对数刻度）'));
  assert.ok(titles(chart(charts, 'stages').spec).includes('阶段平均耗时 (ms)'));
  const timeline = titles(chart(charts, 'timeline').spec);
  assert.ok(timeline.includes('自请求到达起的 ms') && timeline.includes('所选请求前后的 vCPU（初始为最慢的请求）'), timeline.join(' | '));
  // The translated labels are used inside Vega expressions (the capture/read rule labels): the
  // charts must still draw, with the Chinese text in them.
  const svg = await renderSvg(chart(charts, 'timeline').spec);
  assert.match(svg, /客户机抓包|应用读取/);
  // English after the Chinese run: the same bytes as before it.
  const again = await simCell.run(SIM, testContext({ notebookDir: tmpdir() }));
  assert.equal(again.markdown, english.markdown);
  assert.equal(JSON.stringify(again.charts), JSON.stringify(english.charts));
  assert.match(english.markdown, /Preset `black-0\.1s`, 3,000 requests at/);
});

test('a sweep names its worst combination and explains a bad sweep key in Chinese', async () => {
  const { markdown, charts } = await inChinese(() =>
    simCell.run('preset: vcpu-contention\nrequests: 1000\nseed: 2\nsweep:\n  neighbours.cpuBound: [0, 2]\n', testContext({ notebookDir: tmpdir() })),
  );
  assert.match(markdown, /下面是详情：neighbours\.cpuBound = \d（p99\.9 最高）。/);
  assert.equal(chart(charts, 'sweep').title, '预设 vcpu-contention: p99.9 延迟随 neighbours.cpuBound 的变化');
  assert.ok(titles(chart(charts, 'sweep').spec).includes('p99.9 延迟（ms，对数刻度）'));
  const messages = await inChinese(async () => simCell.validate('preset: vcpu-contention\nsweep:\n  seed: [1, 2]\n  neighbours.cpuBund: [0, 1]\n').map((d) => d.message));
  assert.ok(messages.includes('sweep.seed："seed" 不能扫描：请改用另一个种子重新运行单元格'), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('sweep.neighbours.cpuBund：未知的模型键 "neighbours.cpuBund"：你是不是想写 "neighbours.cpuBound"？')), messages.join('\n'));
});

test('the bulk mode table and chart name the configurations in Chinese; the result keeps the English ids', async () => {
  const { markdown, charts, result } = await inChinese(() => simCell.run('mode: bulk\n', testContext({ notebookDir: tmpdir() })));
  assert.match(markdown, /^批量模式：/);
  assert.match(markdown, /\| 方向 \| 配置 \| 模型 Mb\/s \|/);
  assert.match(markdown, /\| 接收 \| 客户机，页面翻转 \(page flipping\)（Xen 3\.0，论文实测） \| \d+ \| 820 \|/);
  const rows = (result as SimBulkResult).bulk.rows;
  assert.ok(rows.some((r) => r.direction === 'receive' && r.configuration === 'guest, grant copy (later Xen)'));
  assert.equal(charts[0]!.title, '各配置的批量吞吐量');
  const svg = await renderSvg(charts[0]!.spec);
  assert.match(svg, /按论文校准/);
});

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});

test('a probe of real memcached speaks Chinese: summary, progress, chart titles and axes', async () => {
  const source = `target: 127.0.0.1:${mc.port}\nop: get\nrate: 2000/s\nrequests: 400\nstallThresholdMs: 0.05\nseed: 1\n`;
  const { markdown, charts } = await inChinese(() => probe(source));
  assert.match(markdown, /\| 视图 \| 数量 \| 最小值 \|/);
  assert.match(markdown, /- \*\*卡顿\*\* > 50 µs：[\d,]+ — 客户端自身（探测暂停）：/);
  assert.match(markdown, /运行期间的\*\*主机信号\*\*：cpuSteal /);
  assert.match(markdown, /- \*\*错误\*\*：无/);
  assert.match(markdown, /- \*\*发送延后\*\*：p99 /);
  assert.match(markdown, /\| 阶段 \| p50（全部） \| p99（全部） \| 平均值（/);
  assert.ok(!/Stalls|Errors|Send lateness/.test(markdown), markdown);
  const title = `127.0.0.1:${mc.port}`;
  assert.equal(chart(charts, 'over-time').title, `${title}: 延迟随时间变化`);
  const overTime = titles(chart(charts, 'over-time').spec);
  assert.ok(overTime.includes('自首次发送起的时间 (s)') && overTime.includes('延迟（ms，对数刻度）'), overTime.join(' | '));
  assert.ok(titles(chart(charts, 'stages').spec).includes('每个请求的 ms'));
  assert.match(await renderSvg(chart(charts, 'over-time').spec), /自首次发送起的时间/);
});

test('a probe with no server says so in Chinese', async () => {
  const { runProbeCell } = await import('../../src/cells/probe');
  const c = testContext();
  const out = await inChinese(() => runProbeCell('target: 127.0.0.1:1\nrequests: 3\nrate: 100/s\ntimeoutMs: 500\n', c));
  assert.match(out.failure!.message, /^127\.0\.0\.1:1 处没有可连接的服务器：全部 3 个请求都在建立连接之前失败（refused 3）。/);
  assert.match(out.markdown, /\*\*127\.0\.0\.1:1 处没有可连接的服务器\*\*/);
  assert.ok(c.updates.some((u) => u.message === '正在探测 127.0.0.1:1…'), JSON.stringify(c.updates));
  const english = await runProbeCell('target: 127.0.0.1:1\nrequests: 3\nrate: 100/s\ntimeoutMs: 500\n', testContext());
  assert.match(english.failure!.message, /^No server reachable at 127\.0\.0\.1:1: all 3 requests failed before a connection was made \(refused 3\)\./);
});

test('a data cell: summary table and a file error in Chinese', async () => {
  const { markdown, charts } = await inChinese(() => dataCell.run('samples: [1, 2, 3, 80]\nstallThresholdMs: 50\n', testContext()));
  assert.match(markdown, /^\| 数量 \| 最小值 \| 平均值 \| p50 \| p90 \| p99 \| p99\.9 \| p99\.99 \| 最大值 \| 卡顿 > 50 ms \|/);
  assert.equal(chart(charts, 'cdf').title, '延迟分位数');
  await assert.rejects(
    inChinese(() => dataCell.run('file: no-such-file.csv\n', testContext({ notebookDir: tmpdir() }))),
    /file：无法读取 "no-such-file\.csv"（解析为 .*）：ENOENT/,
  );
});

test('the probe progress line and the traffic sentence of the remote-host confirmation', async () => {
  const store = new RecordStore();
  for (let i = 0; i < 4; i++) {
    const r: RequestRecord = { seq: i, conn: 0, path: 'raw', warmup: false, tIntended: i, tStart: i, ok: i !== 3, inflight: 0 };
    store.add(r);
    r.tEnd = i + (i === 2 ? 80 : 1);
    store.end(r);
  }
  const progress = new ProbeProgress(50);
  progress.update(store);
  const zhLine = await inChinese(async () => progress.line(10, { elapsedMs: 1000 }));
  assert.match(zhLine, /^已测 4 个请求，共 10 个 \(40%，大约还剩 2 s\)，p50 .*，最大 80 ms，1 次卡顿，1 个错误$/);
  assert.match(progress.line(10, { elapsedMs: 1000 }), /^4 of 10 requests \(40%, about 2 s left\), p50 .*, max 80 ms, 1 stalls, 1 errors$/);
  const traffic = await inChinese(async () => describeProbeTraffic(checkProbeSpec('target: 10.0.0.7:11211\nrate: 500/s\nrequests: 1000\n')).traffic);
  assert.equal(traffic, 'memcached get 请求（二进制协议），以 500/s 的速率，1,000 个请求（约 2 s），在 50 个预热请求之后，使用 2 个连接');
  // The consent question wraps it in one sentence, which must say "send" once.
  const detail = await inChinese(async () => consentPrompt('10.0.0.7', { target: '10.0.0.7:11211', what: traffic }).detail);
  assert.match(detail, /^此笔记本将向 10\.0\.0\.7:11211 发送 memcached get 请求（二进制协议），以 500\/s 的速率，1,000 个请求（约 2 s），在 50 个预热请求之后，使用 2 个连接。/);
});
