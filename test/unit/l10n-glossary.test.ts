// The glossary of docs/l10n.md holds in every translation: a zh-CN text whose English uses a glossary
// term (as a word, in any case) uses that term's Chinese. Checked over the message bundle, the
// package.nls contributions, the walkthrough pages and the Chinese founding-case notebook, so that
// "stall" never reads 停顿 in one place and 卡顿 in another.
//
// Only terms with one rendering are listed. Left out on purpose: sample (样本, but 采样 as a verb),
// tick (时钟滴答, but a chart's tick mark is 刻度线), connect (建立连接, but a button says 不连接),
// request (keys like `requests` are bare words in messages), and percentile (第 99.9 百分位 in prose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mergeBundleSources } from '../../scripts/l10n-bundles.mjs';

/** English term (a word-bounded, case-insensitive pattern unless said otherwise) -> its Chinese. */
const GLOSSARY: Array<[RegExp, string]> = [
  [/\bstall(s|ed)?\b/i, '卡顿'],
  [/\bstall threshold\b/i, '卡顿阈值'],
  [/\bfounding case\b/i, '起源案例'],
  [/\blatenc(y|ies)\b/i, '延迟'],
  [/\bmedian\b/i, '中位数'],
  [/\bhypothes[ie]s\b/i, '假设'],
  [/\bnotebooks?\b/i, '笔记本'],
  [/\bcells?\b/i, '单元格'],
  [/\bsimulat(e|es|ed|ion|ions|ing|or)\b/i, '模拟'],
  [/\bprob(e|es|ed|ing)\b/i, '探测'],
  // the noun and the verb; a regular expression's capture group is another thing (捕获组)
  [/\bcapture\b(?!\s+groups?\b)/i, '抓包'],
  [/\bcaptured?[- ]to[- ]read\b/i, '抓包到读取'],
  [/\bwire latency\b/i, '线上延迟'],
  [/\bwire wait\b/i, '线上等待'],
  [/\bguests?\b/i, '客户机'],
  [/\bdriver domain\b/i, '驱动域'],
  [/\bhypervisor\b/i, '虚拟机监控器'],
  [/\bevent[- ]channels?\b/i, '事件通道'],
  [/\bgrant copy\b/i, '授权复制'],
  [/\bpage flip(s|ping)?\b/i, '页面翻转'],
  [/\bshared rings?\b/i, '共享环'],
  // case-sensitive: `pcpus` is a key name, written as it is
  [/\bpCPUs?\b/, '物理 CPU'],
  [/\bcredit scheduler\b/i, '信用调度器'],
  [/\btime ?slices?\b/i, '时间片'],
  [/\bratelimit\b/i, '速率限制'],
  [/\baccounting period\b/i, '记账周期'],
  [/\bpreempt(s|ed|ion)?\b/i, '抢占'],
  [/\bsteal time\b/i, '被偷时间'],
  [/\binterrupt moderation\b/i, '中断合并'],
  [/\bdelayed[- ]ACKs?\b/i, '延迟确认'],
  [/\bretransmi(t|ts|tted|ssion|ssions)\b/i, '重传'],
  [/\bretransmission timeouts?\b/i, '重传超时'],
  [/\btail[- ]loss probes?\b/i, '尾部丢包探测'],
  [/\bduplicate ACKs?\b/i, '重复确认'],
  [/\bzero windows?\b/i, '零窗口'],
  [/\bhandshakes?\b/i, '握手'],
  [/\bsegments?\b/i, '报文段'],
  [/\bthroughput\b/i, '吞吐量'],
  [/\bconnection pool\b/i, '连接池'],
  [/\bshapers?\b/i, '整形器'],
  [/\btoken bucket\b/i, '令牌桶'],
  [/\bwarm-?up\b/i, '预热'],
  [/\bseed\b/i, '种子'],
  [/\bsweep(s|ing)?\b/i, '扫描'],
  [/\bhistogram\b/i, '直方图'],
  [/\btimeline\b/i, '时间线'],
  [/\bopen loop\b/i, '开环'],
  [/\bclosed loop\b/i, '闭环'],
  [/\bweight\b/i, '权重'],
  [/\blognormal\b/i, '对数正态'],
  [/\bstop-the-world\b/i, '全局停顿'],
  [/\bsend lateness\b/i, '发送延后'],
  [/\bclient pauses?\b/i, '客户端暂停'],
  [/\bhost signals\b/i, '主机信号'],
  [/\bbulk mode\b/i, '批量模式'],
  [/\bsecrets?\b/i, '机密'],
  [/\bcredentials?\b/i, '凭据'],
  [/\breport\b/i, '报告'],
  [/\bparameters?\b/i, '参数'],
  [/\bneighbou?rs?\b/i, '邻居'],
  [/\bsockets?\b/i, '套接字'],
  [/\bverdict\b/i, '结论'],
  [/\bstall episodes?\b/i, '卡顿事件'],
  [/\bsignatures?\b/i, '特征'],
  [/\bcapture point\b/i, '抓包点'],
  [/\btime-sequence graph\b/i, '时间序列图'],
  [/\bfast retransmi(t|ts|ssions?)\b/i, '快速重传'],
  [/\bspurious retransmi(t|ts|ssions?)\b/i, '虚假重传'],
];

/**
 * The English a reader meets as words: code spans, quoted keys and values, dotted key paths, a
 * message's leading `key:`, flags, `<placeholders>` and link targets are written as they are in
 * every language, so a glossary word inside them says nothing about the translation.
 */
export function prose(english: string): string {
  return english
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/\]\([^)\s]*\)/g, '] ')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/[\w{}$]+(?:\.[\w{}$[\]]+)+/g, ' ')
    .replace(/^[\w.-]+: /, ' ');
}

/** "english => chinese: lacks 卡顿" for every glossary term the English uses and the Chinese lacks. */
export function glossaryMisses(texts: Array<[string, string, string]>): string[] {
  const misses: string[] = [];
  for (const [where, english, chinese] of texts) {
    const words = prose(english);
    for (const [term, zh] of GLOSSARY) {
      if (term.test(words) && !chinese.includes(zh)) misses.push(`${where}: ${JSON.stringify(english.slice(0, 90))} lacks ${zh} (${term.source})`);
    }
  }
  return misses;
}

/** [where, English, Chinese] for every translated text of the product. */
function translatedTexts(): Array<[string, string, string]> {
  const texts: Array<[string, string, string]> = [];
  const bundle = mergeBundleSources('l10n/zh-cn') as Record<string, string>;
  for (const [en, zh] of Object.entries(bundle)) texts.push(['l10n/zh-cn', en, zh]);
  const nlsEn = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const nlsZh = JSON.parse(readFileSync('package.nls.zh-cn.json', 'utf8')) as Record<string, string>;
  for (const [key, en] of Object.entries(nlsEn)) texts.push([`package.nls ${key}`, en, nlsZh[key] ?? '']);
  for (const page of readdirSync('media/walkthrough').filter((n) => n.endsWith('.nls.zh-cn.md'))) {
    const en = readFileSync(`media/walkthrough/${page.replace('.nls.zh-cn.md', '.md')}`, 'utf8');
    texts.push([`media/walkthrough/${page}`, en, readFileSync(`media/walkthrough/${page}`, 'utf8')]);
  }
  const english = JSON.parse(readFileSync('examples/black-0.1s.xenlat', 'utf8')) as { cells: Array<{ id: string; kind: string; source: string[] }> };
  const zh = JSON.parse(readFileSync('examples/black-0.1s.zh-cn.md-cells.json', 'utf8')) as { markdown: Record<string, string>; titles: Record<string, string> };
  for (const cell of english.cells) {
    if (cell.kind === 'markdown') texts.push([`black-0.1s ${cell.id}`, cell.source.join('\n'), zh.markdown[cell.id] ?? '']);
    const title = cell.kind === 'code' ? cell.source.find((l) => l.startsWith('title: ')) : undefined;
    if (title) texts.push([`black-0.1s title of ${cell.id}`, title.slice('title: '.length), zh.titles[cell.id] ?? '']);
  }
  return texts;
}

test('every zh-CN text renders the glossary terms its English uses as the glossary says', () => {
  const texts = translatedTexts();
  assert.ok(texts.length > 500, `only ${texts.length} texts found`);
  assert.deepEqual(glossaryMisses(texts), []);
});

test('the glossary check reports a term translated another way, and not one inside code or keys', () => {
  assert.deepEqual(glossaryMisses([['t', 'A stall of 100 ms', '100 ms 的停顿']]), ['t: "A stall of 100 ms" lacks 卡顿 (\\bstall(s|ed)?\\b)']);
  assert.equal(glossaryMisses([['t', 'Delayed ACKs sent', '发送的延时应答']]).length, 1);
  assert.deepEqual(glossaryMisses([['t', 'set `stalls.afterCapture` or "seed"; see guest.os', '设置 `stalls.afterCapture` 或 "seed"；见 guest.os']]), []);
  assert.deepEqual(glossaryMisses([['t', 'its first capture group is the value', '第一个捕获组就是数值']]), []);
});

test('rejected renderings are used nowhere', () => {
  // Each was found in a draft translation; the glossary term is the one to use.
  const rejected: Array<[RegExp, string]> = [
    [/(?<!全局)停顿/u, 'a stall is 卡顿 (停顿 only in 全局停顿, stop-the-world)'],
    [/延迟尖峰|延时/u, 'latency is 延迟, a stall 卡顿'],
    [/最初的案例|最初案例/u, 'the founding case is 起源案例'],
    [/规格/u, 'a spec stays "spec"'],
    [/您/u, 'the product says 你, as VS Code does'],
  ];
  const found = translatedTexts().flatMap(([where, en, zh]) =>
    rejected.filter(([re]) => re.test(zh)).map(([re, why]) => `${where}: ${JSON.stringify(en.slice(0, 60))} has ${zh.match(re)![0]}: ${why}`),
  );
  assert.deepEqual(found, []);
});
