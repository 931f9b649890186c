// Jupyter export (nbformat 4.5): markdown cells stay markdown; each Xenlat cell becomes a code cell
// whose source is its spec and whose language is in `metadata.xenlat.language` (there is no kernel
// to run it: the notebook is for reading, in JupyterLab or VS Code's own notebook editor). Charts
// are display_data with the Vega-Lite spec, the SVG and a Markdown caption, so each viewer picks
// what it can draw; the summary table is Markdown.
import type { NotebookFile } from '../format';
import { XENLAT_VERSION } from '../version';
import { findUrlReferences } from '../charts/url-guard';
import { cellOutputs, chartSvg, type SvgRenderer } from './notebook-outputs';

export const MIME_VEGALITE_V5 = 'application/vnd.vegalite.v5+json';
const VEGA_LITE_V5_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface IpynbExportOptions {
  renderSvg?: SvgRenderer;
}

type Json = Record<string, unknown>;

export async function exportIpynb(notebook: NotebookFile, options: IpynbExportOptions = {}): Promise<Json> {
  const cells: Json[] = [];
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown') {
      cells.push({ id: cell.id, cell_type: 'markdown', metadata: {}, source: lines(cell.source) });
      continue;
    }
    const outputs: Json[] = [];
    let provenance: unknown;
    for (const out of cellOutputs(cell)) {
      if (out.result?.provenance) provenance = out.result.provenance;
      if (out.markdown !== undefined) {
        outputs.push(displayData({ 'text/markdown': lines(out.markdown), 'text/plain': lines(out.markdown) }, { xenlat: { role: 'result' } }));
      }
      if (out.chart) {
        const data: Json = {};
        // A spec that loads a URL would make the reader's viewer fetch it: such a chart goes as SVG only.
        if (out.chart.spec && findUrlReferences(out.chart.spec).length === 0) data[MIME_VEGALITE_V5] = asV5(out.chart.spec);
        const svg = await chartSvg(out.chart, options.renderSvg);
        if (svg !== undefined) data['image/svg+xml'] = lines(svg);
        data['text/markdown'] = lines(`**${out.chart.title}**`);
        data['text/plain'] = lines(out.chart.title);
        outputs.push(displayData(data, { xenlat: { role: 'chart', chart: out.chart.id } }));
      }
      if (out.error) {
        outputs.push({
          output_type: 'error',
          ename: out.error.name ?? 'Error',
          evalue: out.error.message ?? '',
          traceback: (out.error.stack ?? `${out.error.name ?? 'Error'}: ${out.error.message ?? ''}`).split('\n'),
        });
      } else if (out.text !== undefined && !out.result && !out.chart) {
        outputs.push({ output_type: 'stream', name: 'stdout', text: lines(out.text) });
      }
    }
    cells.push({
      id: cell.id,
      cell_type: 'code',
      execution_count: cell.execution?.order ?? null,
      metadata: { xenlat: { language: cell.language, ...(provenance ? { provenance } : {}) }, vscode: { languageId: cell.language } },
      source: lines(cell.source),
      outputs,
    });
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'yaml' }, xenlat: { version: XENLAT_VERSION, metadata: notebook.metadata } },
    cells,
  };
}

function displayData(data: Json, metadata: Json): Json {
  return { output_type: 'display_data', data, metadata };
}

/** nbformat's multiline string: lines keeping their `\n`, the last without one. */
function lines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  return parts.map((l, i) => (i < parts.length - 1 ? l + '\n' : l)).filter((l) => l !== '');
}

/**
 * The charts are written for Vega-Lite 6 but use nothing 5 lacks (marks, layers, vconcat, point
 * params); Jupyter's renderers take the v5 MIME type and warn about a v6 `$schema`, so it is named v5.
 */
function asV5(spec: Json): Json {
  return typeof spec.$schema === 'string' ? { ...spec, $schema: VEGA_LITE_V5_SCHEMA } : spec;
}
