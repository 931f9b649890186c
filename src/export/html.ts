import MarkdownIt from 'markdown-it';
import { MIME_CHART, MIME_ERROR, MIME_MARKDOWN, MIME_RESULT, MIME_STDERR, MIME_STDOUT, MIME_SVG, MIME_TEXT, type CellOutput, type NotebookFile } from '../format';
import { findUrlReferences } from '../charts/url-guard';
import { XENLAT_VERSION } from '../version';
import { REPORT_CSS } from './html-style';
import { ranLine } from './notebook-outputs';
import { languageTag, t } from '../l10n';

// Raw HTML in markdown is shown as text: a shared notebook must not put script into a report.
const md = new MarkdownIt({ html: false, linkify: true });
// A remote image would be fetched by whoever opens the report; name it instead of loading it.
const drawImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = token.attrGet('src') ?? '';
  if (src.startsWith('data:image/')) return drawImage(tokens, idx, options, env, self);
  return `<span class="remote-image">${esc(t('[image not embedded: {0} ({1})]', token.content || src, src))}</span>`;
};

export interface ExportOptions {
  title?: string;
  /** Draws a chart whose stored SVG is missing. Optional so the editor's bundle need not carry vega. */
  renderSvg?: (spec: Record<string, unknown>) => Promise<string>;
}

/**
 * A self-contained report: no scripts, no remote assets (the CSP forbids both). Charts are SVG
 * inside <img> data URIs, so even a hand-edited SVG in the file cannot run anything.
 */
export async function exportHtml(notebook: NotebookFile, options: ExportOptions = {}): Promise<string> {
  const title = options.title ?? firstHeading(notebook) ?? t('Xenlat report');
  const body: string[] = [];
  const toc: TocEntry[] = [];
  for (const cell of notebook.cells) {
    const anchor = `cell-${slug(cell.id)}`;
    if (cell.kind === 'markdown') {
      for (const h of headings(cell.source)) toc.push({ anchor, text: h.text, level: h.level });
      body.push(`<section class="cell markdown" id="${anchor}">${md.render(cell.source)}</section>`);
      continue;
    }
    const name = codeCellName(cell.source);
    toc.push({ anchor, text: name ? `${name} (${cell.language})` : `${cell.language} · ${cell.id}`, level: 3, cell: true });
    const parts = [`<div class="cell-label">${name ? `${esc(name)} · ` : ''}${esc(cell.language)} · ${esc(cell.id)}</div>`, `<pre class="source"><code>${esc(cell.source)}</code></pre>`];
    for (const output of cell.outputs) parts.push(await outputHtml(output, options));
    body.push(`<section class="cell code" id="${anchor}">${parts.join('\n')}</section>`);
  }
  return `<!DOCTYPE html>
<html lang="${languageTag()}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Xenlat ${esc(XENLAT_VERSION)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><p>${esc(t('{0} · exported by Xenlat {1} on {2}', title, XENLAT_VERSION, new Date().toISOString()))}</p></header>
${tocHtml(toc)}
${body.join('\n')}
</body>
</html>
`;
}

async function outputHtml(output: CellOutput, options: ExportOptions): Promise<string> {
  const item = (mime: string) => output.items.find((i) => i.mime === mime)?.value;
  const chart = item(MIME_CHART) as { title?: string; spec?: unknown } | undefined;
  const svg = item(MIME_SVG);
  if (chart || typeof svg === 'string') {
    let image = typeof svg === 'string' ? svg : undefined;
    if (!image && chart?.spec && options.renderSvg && findUrlReferences(chart.spec).length === 0) image = await options.renderSvg(chart.spec as Record<string, unknown>).catch(() => undefined);
    if (!image) return `<p class="provenance">${esc(t('(chart without a stored image)'))}</p>`;
    return `<figure><img alt="${esc(chart?.title ?? t('chart'))}" src="data:image/svg+xml;base64,${Buffer.from(image, 'utf8').toString('base64')}"></figure>`;
  }
  const markdown = item(MIME_MARKDOWN);
  if (typeof markdown === 'string') return md.render(markdown) + provenanceHtml(item(MIME_RESULT));
  const error = item(MIME_ERROR) as { name?: string; message?: string; stack?: string } | undefined;
  if (error) return `<pre class="error">${esc(error.stack || `${error.name ?? 'Error'}: ${error.message ?? ''}`)}</pre>`;
  for (const mime of [MIME_STDOUT, MIME_STDERR, MIME_TEXT]) {
    const text = item(mime);
    if (typeof text === 'string') return `<pre>${esc(text)}</pre>`;
  }
  return '';
}

function provenanceHtml(result: unknown): string {
  const p = (result as { provenance?: { startTime?: string; endTime?: string; version?: string; cancelled?: boolean } } | undefined)?.provenance;
  if (!p?.startTime) return '';
  const ran = ranLine(p.startTime, p.endTime, p.version ?? '?');
  return `<p class="provenance">${esc(ran)}${p.cancelled ? ` ${esc(t('— cancelled, partial result'))}` : ''}</p>`;
}

interface TocEntry {
  anchor: string;
  text: string;
  /** 1-2 for markdown headings; code cells sit under the heading before them. */
  level: number;
  cell?: boolean;
}

/** A long report (the founding case is ~28,000 px) needs a way in: one link per heading and per code cell. */
function tocHtml(entries: TocEntry[]): string {
  if (entries.length < 2) return '';
  const items = entries.map((e) => `<li class="toc-l${Math.min(e.level, 3)}${e.cell ? ' toc-cell' : ''}"><a href="#${e.anchor}">${esc(e.text)}</a></li>`);
  const contents = esc(t('Contents'));
  return `<nav class="toc" aria-label="${contents}"><strong>${contents}</strong><ol>${items.join('')}</ol></nav>`;
}

/** `#` and `##` headings of a markdown cell (outside code fences). */
function headings(source: string): { level: number; text: string }[] {
  const out: { level: number; text: string }[] = [];
  let fenced = false;
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^(#{1,2})\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) out.push({ level: m[1].length, text: m[2].replace(/[*_`]/g, '') });
  }
  return out;
}

/** A code cell's `title:` (or `preset:`) from its YAML source, read loosely, for the contents. */
function codeCellName(source: string): string | undefined {
  const title = /^title:\s*(.+?)\s*$/m.exec(source)?.[1];
  if (title) return title.replace(/^(['"])(.*)\1$/, '$2');
  const preset = /^preset:\s*([\w.-]+)/m.exec(source)?.[1];
  return preset ? `preset ${preset}` : undefined;
}

function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

function firstHeading(notebook: NotebookFile): string | undefined {
  for (const cell of notebook.cells) {
    if (cell.kind !== 'markdown') continue;
    const m = /^#\s+(.+)$/m.exec(cell.source);
    if (m) return m[1].trim();
  }
  return undefined;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
