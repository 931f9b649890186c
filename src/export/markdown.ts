// Markdown + SVG export: a README.md a blog post or a repository can take as it is, with every
// chart as an SVG file beside it (relative links, so the folder can move as a whole).
import type { NotebookFile } from '../format';
import { XENLAT_VERSION } from '../version';
import { cellOutputs, chartSvg, ranLine, safeName, type SvgRenderer } from './notebook-outputs';
import { t } from '../l10n';

export interface MarkdownExportOptions {
  /** Draws a chart whose stored SVG is missing (the runner stores one; older/trimmed files may not). */
  renderSvg?: SvgRenderer;
  /** Show each code cell's spec (default true): readers re-running the investigation need it. */
  includeSpecs?: boolean;
}

export interface MarkdownExport {
  /** File name (relative to the export folder) → content. `README.md` is always there. */
  files: Map<string, string>;
}

export async function exportMarkdown(notebook: NotebookFile, options: MarkdownExportOptions = {}): Promise<MarkdownExport> {
  const files = new Map<string, string>();
  const parts: string[] = [];
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown') {
      parts.push(cell.source.trim());
      continue;
    }
    const block: string[] = [];
    if (options.includeSpecs !== false) block.push(fenced(cell.source, 'yaml', `${cell.language} · ${cell.id}`));
    for (const out of cellOutputs(cell)) {
      if (out.markdown !== undefined) block.push(out.markdown.trim());
      if (out.result) {
        const line = provenanceLine(out.result);
        if (line) block.push(line);
      }
      if (out.chart) {
        const svg = await chartSvg(out.chart, options.renderSvg);
        if (svg === undefined) {
          block.push(`_${t('(chart "{0}" has no stored image)', escapeInline(out.chart.title))}_`);
          continue;
        }
        let name = `${safeName(cell.id)}-${safeName(out.chart.id)}.svg`;
        for (let n = 2; files.has(name); n++) name = `${safeName(cell.id)}-${safeName(out.chart.id)}-${n}.svg`;
        files.set(name, svg);
        block.push(`![${escapeInline(out.chart.title)}](${encodeURI(name)})`);
      }
      if (out.error) block.push(fenced(out.error.stack || `${out.error.name ?? 'Error'}: ${out.error.message ?? ''}`, 'text'));
      else if (out.text !== undefined && out.markdown === undefined && !out.chart) block.push(fenced(out.text.trimEnd(), 'text'));
    }
    parts.push(block.join('\n\n'));
  }
  parts.push(`---\n\n_${t('Exported by Xenlat {0}.', XENLAT_VERSION)}_`);
  files.set('README.md', parts.filter((p) => p.length > 0).join('\n\n') + '\n');
  return { files };
}

/** A fence longer than any backtick run inside, so a spec holding ``` cannot close it early. */
function fenced(text: string, lang: string, comment?: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const body = comment && lang === 'yaml' ? `# ${comment}\n${text}` : text;
  return `${fence}${lang}\n${body.replace(/\n+$/, '')}\n${fence}`;
}

function provenanceLine(result: Record<string, unknown>): string | undefined {
  const p = result.provenance as { startTime?: string; endTime?: string; version?: string; cancelled?: boolean; parameters?: Record<string, string> } | undefined;
  if (!p?.startTime) return undefined;
  const params = Object.entries(p.parameters ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
  const ran = ranLine(p.startTime, p.endTime, p.version ?? '?');
  return `_${ran}${params ? t(', parameters {0}', params) : ''}${p.cancelled ? t(' (cancelled: partial result)') : ''}._`;
}

/** Text inside [] of a link/image: brackets and backslashes would end or bend it. */
function escapeInline(s: string): string {
  return s.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
