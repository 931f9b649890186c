import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderSvg } from '../../charts/svg';
import { exportCsv } from '../../export/csv-export';
import { exportHtml } from '../../export/html';
import { exportIpynb } from '../../export/ipynb';
import { exportMarkdown } from '../../export/markdown';
import { exportTrace } from '../../export/trace';
import { writeFileAtomic } from '../atomic-write';
import { CliError, readNotebook } from '../notebook-io';

export interface ExportTargets {
  html?: string;
  md?: string;
  trace?: string;
  csv?: string;
  ipynb?: string;
}

/** `xenlat export`: every requested form of the notebook, from its stored outputs (nothing is run). */
export async function exportCommand(file: string, targets: ExportTargets, stderr: (line: string) => void): Promise<number> {
  if (!targets.html && !targets.md && !targets.trace && !targets.csv && !targets.ipynb) {
    throw new CliError('xenlat export: give at least one of --html <file>, --md <dir>, --trace <file.json>, --csv <dir>, --ipynb <file>');
  }
  const { notebook } = await readNotebook(file);
  const title = path.basename(file, '.xenlat');
  if (targets.html) {
    await writeFileAtomic(targets.html, await exportHtml(notebook, { renderSvg }));
    stderr(`wrote ${targets.html}`);
  }
  if (targets.md) {
    const { files } = await exportMarkdown(notebook, { renderSvg });
    await writeFiles(targets.md, files);
    stderr(`wrote ${path.join(targets.md, 'README.md')} and ${files.size - 1} chart(s)`);
  }
  if (targets.csv) {
    const files = exportCsv(notebook);
    await writeFiles(targets.csv, files);
    stderr(`wrote ${files.size} CSV file(s) to ${targets.csv}`);
  }
  if (targets.trace) {
    const { text, events } = exportTrace(notebook);
    await writeFileAtomic(targets.trace, text);
    stderr(`wrote ${targets.trace}: ${events.toLocaleString('en-US')} events (open it in https://ui.perfetto.dev or chrome://tracing)`);
  }
  if (targets.ipynb) {
    const nb = await exportIpynb(notebook, { renderSvg });
    await writeFileAtomic(targets.ipynb, JSON.stringify(nb, null, 1) + '\n');
    stderr(`wrote ${targets.ipynb} (${title})`);
  }
  return 0;
}

async function writeFiles(dir: string, files: Map<string, string>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFileAtomic(path.join(dir, name), text);
}
