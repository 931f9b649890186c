import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { MIME_CHART, MIME_SVG } from '../../src/format';
import { exportMarkdown } from '../../src/export/markdown';
import { renderSvg } from '../../src/charts/svg';
import { SOME_CELLS, exampleNotebook } from './export-fixtures';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Every image src and link href in the rendered document. */
function references(markdown: string): { images: string[]; links: string[] } {
  const images: string[] = [];
  const links: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'image') images.push(t.attrGet('src') ?? '');
      if (t.type === 'link_open') links.push(t.attrGet('href') ?? '');
      if (t.children) walk(t.children);
    }
  };
  walk(new MarkdownIt().parse(markdown, {}));
  return { images, links };
}

function writeOut(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-md-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
  return dir;
}

test('markdown export: README with narrative, summary tables and every chart as an SVG beside it', async () => {
  const nb = exampleNotebook(SOME_CELLS);
  const { files } = await exportMarkdown(nb, { renderSvg });
  const dir = writeOut(files);
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const html = new MarkdownIt().render(readme);
  // Narrative (the story's heading), each result's table, the specs as YAML blocks.
  assert.match(html, /<h1>[^<]*black 0\.1/i);
  const codeCells = nb.cells.filter((c) => c.kind === 'code');
  assert.equal((html.match(/<table>/g) ?? []).length >= codeCells.length, true);
  assert.equal((html.match(/<code class="language-yaml">/g) ?? []).length, codeCells.length);

  const { images, links } = references(readme);
  const charts = codeCells.reduce((n, c) => n + c.outputs.filter((o) => o.items.some((i) => i.mime === MIME_CHART)).length, 0);
  assert.ok(charts >= 10);
  assert.equal(images.length, charts);
  assert.equal(files.size, charts + 1);
  for (const src of images) {
    assert.doesNotMatch(src, /^[a-z]+:|^\//i, 'relative link');
    const file = path.join(dir, decodeURI(src));
    assert.ok(existsSync(file), `${src} exists`);
    assert.match(readFileSync(file, 'utf8'), /^<svg[\s>]/);
  }
  // Links the notebook's own text makes to files resolve too, or are absolute URLs.
  for (const href of links) assert.ok(/^(https?:|mailto:|#)/.test(href) || existsSync(path.join(dir, decodeURI(href))), `link ${href}`);
  assert.ok(images.includes('sim-black-timeline.svg'));
});

test('markdown export: charts are drawn from their specs, a stored SVG (older files) is used as it is, else they are named', async () => {
  const nb = exampleNotebook(['evidence-log']);
  const without = (await exportMarkdown(nb)).files;
  assert.ok(![...without.keys()].some((k) => k.startsWith('evidence-log-')));
  assert.match(without.get('README.md')!, /_\(chart "[^"]+" has no stored image\)_/);
  const drawn = (await exportMarkdown(nb, { renderSvg })).files;
  assert.match(drawn.get('evidence-log-cdf.svg') ?? '', /^<svg/);
  nb.cells[0]!.outputs[1]!.items.push({ mime: MIME_SVG, value: '<svg id="stored"></svg>' });
  assert.equal((await exportMarkdown(nb, { renderSvg })).files.get('evidence-log-histogram.svg'), '<svg id="stored"></svg>');
});

test('markdown export: a spec holding a code fence cannot close its block', async () => {
  const nb = exampleNotebook([]);
  nb.cells = [{ id: 'odd', kind: 'code', language: 'xenlat-data', source: 'title: "```"\nsamples: [1]', outputs: [] }];
  const readme = (await exportMarkdown(nb)).files.get('README.md')!;
  const tokens = new MarkdownIt().parse(readme, {});
  const fence = tokens.find((t) => t.type === 'fence')!;
  assert.equal(fence.content, '# xenlat-data · odd\ntitle: "```"\nsamples: [1]\n');
});

test('markdown export: the provenance line names the parameters a result ran with', async () => {
  const nb = exampleNotebook(['sim-black']);
  const result = nb.cells.find((c) => c.id === 'sim-black')!.outputs[0]!.items[0]!.value as { provenance: Record<string, unknown> };
  result.provenance.parameters = { rate: '500/s', target: '10.0.0.7:11211' };
  const readme = (await exportMarkdown(nb)).files.get('README.md')!;
  assert.match(readme, /_Ran 2026-[^_]* with Xenlat [^_]*, parameters rate = 500\/s, target = 10\.0\.0\.7:11211\._/);
});

test('markdown export: a chart that cannot be drawn is named, the rest of the export goes on', async () => {
  const nb = exampleNotebook(['evidence-log']);
  const failing = async (spec: Record<string, unknown>) => (JSON.stringify(spec).includes('"above"') ? Promise.reject(new Error('cannot draw')) : renderSvg(spec));
  const { files } = await exportMarkdown(nb, { renderSvg: failing });
  assert.match(files.get('README.md')!, /_\(chart "[^"]+" has no stored image\)_/);
  assert.ok([...files.keys()].some((k) => k.endsWith('.svg')));
});
