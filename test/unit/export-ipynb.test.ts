import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIME_ERROR, MIME_SVG } from '../../src/format';
import { MIME_VEGALITE_V5, exportIpynb } from '../../src/export/ipynb';
import { renderSvg } from '../../src/charts/svg';
import { SOME_CELLS, exampleNotebook } from './export-fixtures';

type Json = Record<string, unknown>;

const isMultiline = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((l) => typeof l === 'string'));

function onlyKeys(o: Json, required: string[], optional: string[], where: string): void {
  for (const k of required) assert.ok(k in o, `${where}: ${k} is required`);
  for (const k of Object.keys(o)) assert.ok(required.includes(k) || optional.includes(k), `${where}: ${k} is not allowed`);
}

/**
 * The required fields and closed objects of the nbformat 4.5 JSON schema (nbformat.v4.5.schema.json):
 * top level, the three cell types (with 4.5's cell ids), and the output types we write.
 */
function checkNbformat45(nb: Json): void {
  onlyKeys(nb, ['metadata', 'nbformat_minor', 'nbformat', 'cells'], [], 'notebook');
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  const meta = nb.metadata as Json;
  assert.equal(typeof meta, 'object');
  if (meta.kernelspec) onlyKeys(meta.kernelspec as Json, ['name', 'display_name'], [], 'kernelspec');
  if (meta.language_info) assert.equal(typeof (meta.language_info as Json).name, 'string');
  const ids = new Set<string>();
  for (const [i, c] of (nb.cells as Json[]).entries()) {
    const where = `cell ${i}`;
    assert.match(c.id as string, /^[a-zA-Z0-9-_]{1,64}$/, `${where}: id`);
    assert.ok(!ids.has(c.id as string), `${where}: unique id`);
    ids.add(c.id as string);
    assert.ok(isMultiline(c.source), `${where}: source`);
    assert.equal(typeof c.metadata, 'object');
    if (c.cell_type === 'markdown' || c.cell_type === 'raw') {
      onlyKeys(c, ['id', 'cell_type', 'metadata', 'source'], ['attachments'], where);
      continue;
    }
    assert.equal(c.cell_type, 'code', where);
    onlyKeys(c, ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'], [], where);
    assert.ok(c.execution_count === null || (Number.isInteger(c.execution_count) && (c.execution_count as number) >= 0));
    for (const o of c.outputs as Json[]) {
      if (o.output_type === 'display_data') {
        onlyKeys(o, ['output_type', 'data', 'metadata'], [], `${where} display_data`);
        for (const [mime, v] of Object.entries(o.data as Json)) {
          assert.match(mime, /^[a-z]+\/[-+.\w]+$/, `${where}: mime ${mime}`);
          if (!/^application\/(.*\+)?json$/.test(mime)) assert.ok(isMultiline(v), `${where}: ${mime} is a (multiline) string`);
        }
      } else if (o.output_type === 'stream') {
        onlyKeys(o, ['output_type', 'name', 'text'], [], `${where} stream`);
        assert.ok(o.name === 'stdout' || o.name === 'stderr');
        assert.ok(isMultiline(o.text));
      } else if (o.output_type === 'error') {
        onlyKeys(o, ['output_type', 'ename', 'evalue', 'traceback'], [], `${where} error`);
        assert.ok((o.traceback as unknown[]).every((l) => typeof l === 'string'));
      } else assert.fail(`${where}: output type ${String(o.output_type)}`);
    }
  }
}

test('ipynb export is nbformat 4.5: markdown cells, Xenlat cells with their language, chart outputs in three forms', async () => {
  const nb = exampleNotebook(SOME_CELLS);
  const out = JSON.parse(JSON.stringify(await exportIpynb(nb, { renderSvg }))) as Json;
  checkNbformat45(out);
  const cells = out.cells as Json[];
  assert.equal(cells.length, nb.cells.length);
  assert.deepEqual(cells.map((c) => c.id), nb.cells.map((c) => c.id));
  const black = cells.find((c) => c.id === 'sim-black')!;
  assert.equal((black.metadata as { xenlat: { language: string } }).xenlat.language, 'xenlat-sim');
  assert.equal((black.source as string[]).join(''), nb.cells.find((c) => c.id === 'sim-black')!.source);
  const outputs = black.outputs as { data: Json; metadata: Json }[];
  assert.match((outputs[0]!.data['text/markdown'] as string[]).join(''), /\| count \|/);
  const timeline = outputs.find((o) => (o.metadata.xenlat as { chart?: string }).chart === 'timeline')!;
  assert.equal((timeline.data[MIME_VEGALITE_V5] as Json).$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
  assert.ok((timeline.data[MIME_VEGALITE_V5] as Json).vconcat);
  assert.match((timeline.data[MIME_SVG] as string[]).join(''), /^<svg[\s\S]*<\/svg>$/);
  assert.match((timeline.data['text/markdown'] as string[]).join(''), /^\*\*.*vCPU schedule\*\*$/);
  // The provenance of the result goes with the cell.
  assert.equal(((black.metadata as Json).xenlat as { provenance: { tool: string } }).provenance.tool, 'xenlat');
  assert.equal((cells.find((c) => c.id === 'story')!).cell_type, 'markdown');
});

test('ipynb export: a failed cell is an error output; a chart loading a URL keeps only its stored SVG', async () => {
  const nb = exampleNotebook(['evidence-log', 'probe-get']);
  const cell = nb.cells.find((c) => c.id === 'evidence-log')!;
  const chart = cell.outputs[1]!.items[0]!.value as { spec: Json };
  chart.spec = { ...chart.spec, data: { url: 'https://example.com/x.csv' } };
  cell.outputs[1]!.items.push({ mime: MIME_SVG, value: '<svg id="stored"></svg>' });
  nb.cells.find((c) => c.id === 'probe-get')!.outputs = [{ items: [{ mime: MIME_ERROR, value: { name: 'CellError', message: 'connect refused', stack: 'CellError: connect refused\n  at probe' } }] }];
  const out = JSON.parse(JSON.stringify(await exportIpynb(nb, { renderSvg }))) as Json;
  checkNbformat45(out);
  const cells = out.cells as { id: string; outputs: Json[] }[];
  const failed = cells.find((c) => c.id === 'probe-get')!.outputs;
  assert.deepEqual(failed, [{ output_type: 'error', ename: 'CellError', evalue: 'connect refused', traceback: ['CellError: connect refused', '  at probe'] }]);
  const urlChart = cells.find((c) => c.id === 'evidence-log')!.outputs[1]!.data as Json;
  assert.equal(MIME_VEGALITE_V5 in urlChart, false);
  assert.deepEqual(urlChart[MIME_SVG], ['<svg id="stored"></svg>']);
});
