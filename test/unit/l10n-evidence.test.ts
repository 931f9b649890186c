// The evidence cells in Chinese under a zh-cn bundle (issue #16): a capture cell over committed
// captures (stall context, markdown summary, errors, progress, chart titles, axes and legends)
// and an explain run (reasons, verdicts, signatures, table headers, progress, chart titles) speak
// Chinese; the analysis itself (numbers, ranking, keys) is the one the English run gives, and
// the English run is the same before and after, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureCell, type CaptureResult } from '../../src/cells/capture';
import { CellError, type ChartOutput } from '../../src/cells/types';
import { renderSvg } from '../../src/charts/svg';
import { runCell } from '../../src/runner/run-cell';
import { MIME_CHART, MIME_MARKDOWN, MIME_RESULT } from '../../src/format/mimes';
import { testContext } from '../support/cell-context';
import { writePcap } from '../support/pcap-writer';
import { scriptedConversation } from '../support/tcp-conversation';
import { han, inChinese, titles } from '../support/zh-cn';
import { starterNotebook } from '../../src/cells/starter-notebook';

const chart = (charts: ChartOutput[], id: string) => charts.find((c) => c.id === id)!;
const fixtures = resolve('test/fixtures/capture');
const dir = mkdtempSync(join(tmpdir(), 'xenlat-l10n-evidence-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'conv.pcap'), writePcap(scriptedConversation().frames, { link: 'ethernet' }));
writeFileSync(join(dir, 'notes.txt'), 'not a capture at all\n');

test('a capture cell over a committed capture speaks Chinese: stall context, summary, chart titles and axes', async () => {
  const src = 'file: memcached-binary-proxy-delay60.pcap\nstallThresholdMs: 30\n';
  const english = await captureCell.run(src, testContext({ notebookDir: fixtures }));
  const { result, markdown, charts } = await inChinese(() => captureCell.run(src, testContext({ notebookDir: fixtures })));
  const res = result as CaptureResult;
  // The same analysis: only the words differ.
  assert.deepEqual(res.summary, english.result.summary);
  assert.deepEqual(res.stalls.map((s) => [s.index, s.where, s.wireMs]), (english.result as CaptureResult).stalls.map((s) => [s.index, s.where, s.wireMs]));
  assert.match(res.stalls[0].context[0], /^从请求的最后一个字节到响应的第一个字节经过了 90\.4 ms：这段时间花在网络和服务器上，在本次抓包之外$/);
  assert.match(res.stalls[0].context[1], /^服务器的 ACK 推迟了 41\.8 ms（延迟确认）$/);
  assert.match(markdown, /\| 数量 \| 最小值 \|/, 'the summary table (another area) is Chinese too');
  assert.match(markdown, /2 个连接上 28 个请求的线上延迟（请求第一个字节 -> 响应最后一个字节），在客户端抓包（pcap，[\d.]+ ms 内 74 个包）。2 个静默请求按设计没有响应。/);
  assert.match(markdown, /\| 重传 \| 快速重传 \| 虚假重传 \| 重复确认 \| 零窗口 \| Nagle 扣住 \| 延迟确认 \| 未抓到的字节 \|/);
  assert.match(markdown, /最慢的卡顿（共 1 次）：\n\n- [\d.]+ ms 处 90\.\d+ ms（连接 \d+，请求 \d+，\w+）：从请求的最后一个字节.*在本次抓包之外；服务器的 ACK 推迟了 41\.8 ms（延迟确认）$/m);
  assert.ok(!/Wire latency|Slowest stalls|passed between|retransmissions \|/.test(markdown), markdown);
  // Chart titles: the default title and every chart's name are Chinese; ids stay.
  assert.deepEqual(charts.map((c) => c.id), english.charts.map((c) => c.id));
  assert.equal(chart(charts, 'wire-over-time').title, '抓包：线上延迟随时间变化，标出 TCP 事件');
  assert.equal(chart(charts, 'histogram').title, '抓包：线上: 延迟直方图');
  assert.match(chart(charts, 'time-sequence').title, /^抓包：连接 \d+ 请求 \d+ 的时间序列（90\.\d+ ms）$/);
  assert.equal(chart(charts, 'ack-delays').title, '抓包：两端的 ACK 延迟');
  const wire = titles(chart(charts, 'wire-over-time').spec);
  for (const t of ['抓包时间 (s)', '线上延迟（ms，对数刻度）', 'TCP 事件', '连接', '请求', '线上 (ms)', '卡顿阈值 (ms)']) assert.ok(wire.includes(t), `${t} in ${wire.join(' | ')}`);
  const ack = titles(chart(charts, 'ack-delays').spec);
  assert.ok(ack.includes('ACK 延迟：数据报文段 -> 它的纯 ACK（ms，对数刻度）') && ack.includes('ACK 数'), ack.join(' | '));
  const seq = titles(chart(charts, 'time-sequence').spec);
  assert.ok(seq.includes('抓包时间 (ms)') && seq.includes('序号（本次交互中的字节位置）'), seq.join(' | '));
  const left = wire.concat(ack, seq).filter((t) => !han.test(t) && t !== 'ms');
  assert.deepEqual(left, [], 'no English title left (a unit alone stays)');
  // The English run is unchanged after a Chinese one.
  const again = await captureCell.run(src, testContext({ notebookDir: fixtures }));
  assert.equal(JSON.stringify({ ...again, result: { ...again.result, samples: [] } }), JSON.stringify({ ...english, result: { ...english.result, samples: [] } }));
  assert.match(again.markdown, /Wire latency \(first request byte -> last response byte\) of 28 requests on 2 connections, captured on the client \(pcap, 74 packets over [\d.]+ ms\)\. 2 quiet requests had no response by design\./);
  assert.match(again.markdown, /passed between .* beyond this capture; the server's ACK was delayed 41\.8 ms \(delayed ACK\)$/m);
});

test('TCP events in Chinese; the time-sequence legend is Chinese and its filters still split the ACKs from the data', async () => {
  const src = 'file: conv.pcap\nstallThresholdMs: 20\n';
  const english = await captureCell.run(src, testContext({ notebookDir: dir }));
  const { result, charts } = await inChinese(() => captureCell.run(src, testContext({ notebookDir: dir })));
  const res = result as CaptureResult;
  assert.deepEqual(res.stalls.map((s) => [s.index, s.context[0]]), [
    [1, '请求在 200 ms 后重传'],
    [4, '服务器的接收窗口为零（它没有在读取）'],
    [3, '请求尾部为等待对端的 ACK 被扣住 40.0 ms（Nagle 算法）'],
  ]);
  assert.ok(res.stalls[2].context.includes('服务器的 ACK 推迟了 40.0 ms（延迟确认）'));
  const spec = chart(charts, 'time-sequence').spec as { data: { values: { series: string; t: number }[] }; layer: { transform: { filter: string }[] }[] };
  const enSpec = chart(english.charts, 'time-sequence').spec as typeof spec;
  const series = (s: typeof spec, name: string) => s.data.values.filter((v) => v.series === name).map((v) => v.t);
  // Same points, named in Chinese.
  assert.deepEqual(series(spec, '请求数据'), series(enSpec, 'request data'));
  assert.deepEqual(series(spec, '重传'), series(enSpec, 'retransmission'));
  assert.deepEqual(series(spec, '对响应的 ACK'), series(enSpec, 'ACK of the response'));
  assert.ok(series(spec, '对响应的 ACK').length > 0);
  assert.equal(spec.layer[0].transform[0].filter, "datum.series !== '对响应的 ACK'");
  assert.equal(spec.layer[1].transform[0].filter, "datum.series === '对响应的 ACK'");
  assert.equal(enSpec.layer[1].transform[0].filter, "datum.series === 'ACK of the response'");
  const svg = await renderSvg(spec as unknown as Record<string, unknown>);
  assert.match(svg, /对响应的 ACK/);
  assert.match(svg, /请求数据/);
  // The ACK delays are split by who sent them, in Chinese.
  const by = (chart(charts, 'ack-delays').spec as { data: { values: { by: string }[] } }).data.values.map((v) => v.by);
  assert.ok(by.includes('服务器发出的 ACK'), by.join());
});

test('capture errors and progress in Chinese', async () => {
  await inChinese(async () => {
    await assert.rejects(captureCell.run('file: notes.txt\n', testContext({ notebookDir: dir })), (e: Error) => e instanceof CellError && /^notes\.txt: 不是抓包文件：文件以字节 6e 6f 74 20 开头，不是 pcap 或 pcapng 的魔数/.test(e.message));
    await assert.rejects(captureCell.run('file: conv.pcap\nserver: 10.9.9.9:11211\n', testContext({ notebookDir: dir })), /conv\.pcap：没有可测量的请求：\d+ 个包中没有到 10\.9\.9\.9:11211 的 TCP 连接/);
    const whole = writePcap(scriptedConversation().frames, { link: 'ethernet' });
    writeFileSync(join(dir, 'cut.pcap'), whole.subarray(0, whole.length - 10));
    const cut = await captureCell.run('file: cut.pcap\nstallThresholdMs: 20\n', testContext({ notebookDir: dir }));
    assert.match(cut.markdown, /抓包文件被截断：在 \d+ 个包之后结束于一条记录的中间（末尾 \d+ 字节未读取）；tcpdump 是否被强行终止了？/);
    const c = testContext({ notebookDir: dir });
    await captureCell.run('file: conv.pcap\nstallThresholdMs: 20\n', c);
    assert.ok(c.updates.some((u) => u.message === '所选请求的时间序列图'), c.updates.map((u) => u.message).join(' | '));
    // The starter notebook introduces the capture cell in Chinese; its spec stays as written.
    const intro = starterNotebook().find((cell) => cell.kind === 'markdown' && cell.source.startsWith('**抓包**'));
    assert.ok(intro && /`tcpdump -w`/.test(intro.source), intro?.source);
  });
});

// An observation from the test's own generator (not the Xen model): a ~1 ms body and every 50th
// request stalled by 40 ms plus a little, as Nagle + a 40 ms delayed ACK would.
function delayedAckSamples(n: number): number[] {
  let a = 12345;
  const r = () => ((a = (a * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return Array.from({ length: n }, (_, i) => Math.round((0.6 + 0.6 * r() + (i % 50 === 49 ? 40 + r() * 1.5 : 0)) * 1000) / 1000);
}

test('an explain run speaks Chinese: reasons, verdicts, signatures, table, progress and charts; the ranking is the English one', async () => {
  const src = `samples: [${delayedAckSamples(4000).join(', ')}]\nhypotheses: [nagle-delayed-ack, loss-rto]\nrequests: 6000\n`;
  const run = async () => {
    const progress: string[] = [];
    const r = await runCell({ language: 'xenlat-explain', source: src, notebookDir: dir }, { signal: new AbortController().signal, onProgress: (m) => progress.push(m) });
    assert.equal(r.ok, true, r.error?.message);
    const items = r.outputs.flatMap((o) => o.items);
    const result = items.find((i) => i.mime === MIME_RESULT)!.value as Record<string, any>;
    const markdown = String(items.find((i) => i.mime === MIME_MARKDOWN)!.value);
    const charts = items.filter((i) => i.mime === MIME_CHART).map((i) => i.value as ChartOutput);
    return { result, markdown, charts, progress };
  };
  const en = await run();
  const cn = await inChinese(run);
  // The analysis is the same: hypotheses, ranks, scores, verdict keys, statistics.
  const strip = (rk: any[]) => rk.map(({ reasons: _r, ...rest }) => rest);
  assert.deepEqual(strip(cn.result.ranking), strip(en.result.ranking));
  assert.equal(cn.result.ranking[0].hypothesis, 'nagle-delayed-ack');
  const loss = cn.result.ranking.find((x: any) => x.hypothesis === 'loss-rto');
  assert.equal(loss.verdict, 'ruled-out', 'verdict keys stay English in the result');
  assert.ok(loss.reasons.every((s: string) => han.test(s)), loss.reasons.join('\n'));
  assert.ok(loss.reasons.some((s: string) => /^预测每 10,000 个请求有 [\d.]+ 次卡顿（95% /.test(s)), loss.reasons.join('\n'));
  assert.ok(cn.result.signatures.sentences.every((s: string) => han.test(s)), cn.result.signatures.sentences.join('\n'));
  assert.ok(cn.result.signatures.sentences.some((s: string) => /的卡顿在 40 ms 附近，即Linux 延迟确认的最小值（40 ms）：Nagle 算法在等待一个延迟确认/.test(s)), cn.result.signatures.sentences.join('\n'));
  assert.match(cn.result.signatures.sentences[0], /^主体：中位数 [\d.]+ ms，10–90% 介于 [\d.]+ 与 [\d.]+ ms 之间$/);
  // The markdown table: Chinese headers and verdicts, preset names as written.
  assert.match(cn.markdown, /^\| 排名 \| 假设 \| 拟合值 \| 得分 \| 卡顿率（模拟 对 观测） \| 结论 \| 首要理由 \|$/m);
  assert.match(cn.markdown, /^\| 1 \| nagle-delayed-ack \| .* \| (吻合|部分吻合) \| /m);
  assert.match(cn.markdown, /^\| 2 \| loss-rto \| .* \| 排除 \| /m);
  assert.match(cn.markdown, /\*\*观测到的特征\*\*：/);
  assert.ok(!/Observed signatures|predicts|ruled-out \|/.test(cn.markdown), cn.markdown);
  // Progress: the calibration and the leader, in Chinese.
  assert.ok(cn.progress.some((m) => /^正在校准主体：\d \/ 2 个假设$/.test(m)), cn.progress.join(' | '));
  assert.ok(cn.progress.some((m) => /^\d \/ 2 个假设，目前最佳：[\w-]+（得分 [\d.]+）$/.test(m)), cn.progress.join(' | '));
  // Charts: titles, axes, the observed series and the verdict legend in Chinese, and they draw.
  assert.deepEqual(cn.charts.map((c) => c.title), ['观测与最佳假设对比（尾部 CDF）', '卡顿延迟：观测与最佳拟合对比', '排名']);
  const [cdf, sizes, ranking] = cn.charts.map((c) => c.spec as any);
  assert.equal(cdf.title.text, '观测与假设对比');
  assert.ok(titles(cdf).includes('分位数（1 − p 的对数刻度）'));
  assert.equal(cdf.layer[0].encoding.strokeDash.condition.test, "datum.series === '观测'");
  assert.ok(cdf.layer[0].data.values.some((v: any) => v.series === '观测'));
  assert.ok(titles(sizes).includes('卡顿请求的延迟 (ms)') && titles(sizes).includes('占该序列卡顿的比例'));
  assert.ok(titles(ranking).includes('得分（与观测相差的数量级；越低越好）'));
  assert.deepEqual(ranking.encoding.color.scale.domain, ['吻合', '部分吻合', '排除']);
  assert.ok(ranking.data.values.every((v: any) => ranking.encoding.color.scale.domain.includes(v.verdict)));
  assert.match(await renderSvg(cdf), /观测/);
  // The English run's words are the English ones.
  assert.deepEqual(en.charts.map((c) => c.title), ['Observed vs the best hypotheses (tail CDF)', 'Stall latencies: observed vs the best fit', 'Ranking']);
  assert.equal((en.charts[0].spec as any).layer[0].encoding.strokeDash.condition.test, "datum.series === 'observed'");
  assert.match(en.markdown, /^\| rank \| hypothesis \| fitted \| score \| stall rate \(sim vs obs\) \| verdict \| first reason \|$/m);
});
