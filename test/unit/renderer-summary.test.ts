import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummaryHtml, escapeHtml, formatDuration, formatMs, provenanceText } from '../../src/renderer/summary';

const result = {
  kind: 'xenlat-data',
  summary: {
    count: 50000,
    minMs: 0.0812,
    meanMs: 1.234,
    maxMs: 1234.56,
    percentilesMs: { '50': 0.9, '90': 2.5, '99': 12.25, '99.9': 210, '99.99': 1100 },
    stalls: { thresholdMs: 100, count: 25 },
  },
  provenance: {
    tool: 'xenlat', version: '0.1.0', language: 'xenlat-data', spec: {},
    startTime: '2024-05-01T10:00:00.000Z', endTime: '2024-05-01T10:00:12.345Z',
  },
};

test('escapeHtml', () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
});

test('formatMs and formatDuration', () => {
  assert.equal(formatMs(0.0812), '0.0812 ms');
  assert.equal(formatMs(12.25), '12.25 ms');
  assert.equal(formatMs(1234.56), '1,234.6 ms');
  assert.equal(formatMs(0), '0 ms');
  assert.equal(formatMs(undefined), '—');
  assert.equal(formatMs(NaN), '—');
  assert.equal(formatMs('3'), '—');
  assert.equal(formatDuration(340), '340 ms');
  assert.equal(formatDuration(12345), '12.3 s');
  assert.equal(formatDuration(184000), '3 min 04 s');
  assert.equal(formatDuration(7500000), '2 h 05 min');
  assert.equal(formatDuration(-1), '—');
});

test('summary table has every row', () => {
  const html = buildSummaryHtml(result, { formatTime: (iso) => `T(${iso})` });
  assert.match(html, /^<div class="xenlat-summary">/);
  for (const label of ['count', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max']) {
    assert.ok(html.includes(`<th scope="row">${label}</th>`), label);
  }
  assert.ok(html.includes('<td>50,000</td>'));
  assert.ok(html.includes('<td>12.25 ms</td>'));
  assert.ok(html.includes('stalls &gt; 100 ms</th><td>25 (0.05%)</td>'));
  assert.ok(html.includes('ran T(2024-05-01T10:00:00.000Z) · took 12.3 s · xenlat-data · xenlat 0.1.0'));
  assert.ok(!html.includes('cancelled'));
});

test('cancelled badge', () => {
  const html = buildSummaryHtml({ ...result, provenance: { ...result.provenance, cancelled: true } });
  assert.ok(html.includes('class="xenlat-summary cancelled"'));
  assert.ok(html.includes('cancelled — partial result'));
});

test('missing and malformed fields do not throw', () => {
  for (const v of [undefined, null, 42, 'x', [], {}, { summary: null }, { summary: { percentilesMs: 3, stalls: 'no' } }, { provenance: { startTime: 'not a date', endTime: 7 } }]) {
    const html = buildSummaryHtml(v);
    assert.match(html, /xenlat-summary/);
    assert.ok(html.includes('<th scope="row">p99</th><td>—</td>'));
  }
  assert.equal(provenanceText(undefined), '');
  assert.equal(provenanceText({ startTime: 'not a date' }), 'ran not a date');
  const partial = buildSummaryHtml({ summary: { count: 3, stalls: { count: 1 } } });
  assert.ok(partial.includes('<th scope="row">stalls</th><td>1 (33.33%)</td>'));
});

test('values from the output are escaped', () => {
  const html = buildSummaryHtml({ kind: '<script>x</script>', summary: {}, provenance: { language: '<b>', startTime: '<i>' } });
  assert.ok(!html.includes('<script>'));
  assert.ok(!html.includes('<b>'));
  assert.ok(html.includes('&lt;script&gt;'));
});

test('a result without any successful sample says so instead of showing zero latencies', () => {
  const html = buildSummaryHtml({ kind: 'xenlat-probe', summary: { count: 0, minMs: 0, maxMs: 0 }, errors: { total: 20, byKind: { dns: 20 } } });
  assert.match(html, /No successful request: 20 failed \(dns: 20\)/);
  assert.doesNotMatch(html, /0 ms/);
  const some = buildSummaryHtml({ kind: 'xenlat-probe', summary: { count: 5, minMs: 1, maxMs: 2 }, errors: { total: 2, byKind: {} } });
  assert.match(some, /<th scope="row">errors<\/th><td>2<\/td>/);
});

test('the summary is headed by the cell title, else its preset or probed target, then the kind', () => {
  const head = (r: Record<string, unknown>) => /<div class="xenlat-summary-head">(.*?)<\/div>/.exec(buildSummaryHtml(r))![1];
  const base = { summary: { count: 1, minMs: 1, meanMs: 1, maxMs: 1, percentilesMs: {} } };
  assert.match(head({ ...base, kind: 'xenlat-sim', provenance: { spec: { preset: 'black-0.1s', title: 'H3: <neighbours>' } } }), /xenlat-title">H3: &lt;neighbours&gt;<.*xenlat-sim/);
  assert.match(head({ ...base, kind: 'xenlat-sim', provenance: { spec: { preset: 'black-0.1s' } } }), /xenlat-title">preset black-0\.1s</);
  assert.match(head({ ...base, kind: 'xenlat-probe', provenance: { spec: { target: 'cache:11211' } } }), /xenlat-title">cache:11211</);
  assert.match(head({ ...base, kind: 'xenlat-data' }), /xenlat-kind">xenlat-data</);
  assert.match(head({ ...base, kind: 'xenlat-data', provenance: { spec: { file: 'data/cache.log' } } }), /xenlat-title">data\/cache\.log</);
  // The failed-probe summary is headed the same way.
  assert.match(head({ kind: 'xenlat-probe', summary: { count: 0 }, provenance: { spec: { title: 'GET' } } }), /xenlat-title">GET</);
});

test('a result with a ranking shows it under the summary, escaped, with its ties', () => {
  const html = buildSummaryHtml({
    ...result,
    ranking: [
      { rank: 1, hypothesis: 'vcpu-contention', params: { 'neighbours.cpuBound': 3 }, score: 0.0521, verdict: 'fits', reasons: ['stall sizes cluster at <30>'] },
      { rank: 2, hypothesis: 'loss-rto', params: {}, score: 0.44, verdict: 'ruled-out', reasons: [] },
      'junk',
    ],
    indistinguishable: [{ hypotheses: ['a', 'b'], separatedBy: 'a capture & more' }],
  });
  assert.match(html, /<table class="xenlat-ranking">/);
  assert.match(html, /<td>1<\/td><td>vcpu-contention<\/td><td>neighbours\.cpuBound = 3<\/td><td>0\.052<\/td><td>fits<\/td><td>stall sizes cluster at &lt;30&gt;<\/td>/);
  assert.match(html, /class="xenlat-verdict-ruled-out"/);
  assert.match(html, /<li>a = b: a capture &amp; more<\/li>/);
  assert.doesNotMatch(buildSummaryHtml(result), /xenlat-ranking/);
});

test('a result joined with a capture shows the two capture stages and the stalls after the capture', () => {
  const html = buildSummaryHtml({
    ...result,
    summary: { ...result.summary, stalls: { thresholdMs: 20, count: 3, afterCapture: 2, onWire: 1 } },
    capture: {
      file: 'xenlat-captures/probe-<x>.pcap', packets: 250, joined: 60,
      alignment: { offsetMs: 1, errorMs: 0.0123, consistent: true },
      stages: { wireWait: { count: 60, p50Ms: 0.05, p99Ms: 51.2, maxMs: 51.2 }, captureToRead: { count: 60, p50Ms: 0.02, p99Ms: 39.5, maxMs: 39.5 } },
    },
  });
  assert.match(html, /<table class="xenlat-capture-stages">/);
  assert.match(html, /wireWait: request left → response arrived<\/th><td>0\.0500 ms<\/td><td>51\.20 ms<\/td>/);
  assert.match(html, /captureToRead: response captured → read<\/th><td>0\.0200 ms<\/td><td>39\.50 ms<\/td>/);
  assert.match(html, /Stalls mostly after the capture \(the response had arrived; the read came late\): 2; mostly on the wire: 1\. 60 requests joined with 250 captured packets, clocks aligned within ±0\.012 ms, file xenlat-captures\/probe-&lt;x&gt;\.pcap\./);
  // A capture that could not be taken says why; a capture cell's own `capture` section (no join) adds nothing.
  assert.match(buildSummaryHtml({ ...result, capture: { unavailable: 'capture: tcpdump is not installed' } }), /xenlat-capture-stages">capture: tcpdump is not installed</);
  assert.doesNotMatch(buildSummaryHtml({ ...result, capture: { file: 'a.pcap', format: 'pcap', packets: 10 } }), /capture-stages/);
  assert.doesNotMatch(buildSummaryHtml(result), /capture-stages/);
});
