import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderSvg as drawSvg } from '../../charts/svg';
import { cellsWithOmittedSamples, exportCsv } from '../../export/csv-export';
import { cellResult } from '../../export/notebook-outputs';
import { drawOnce } from '../../export/svg-cache';
import type { NotebookFile } from '../../format';
import { WorkerCellRunner } from '../../runner/worker-runner';
import { rerunRequest, samplesFromRerun } from '../../runner/samples-again';
import { exportHtml } from '../../export/html';
import { exportIpynb } from '../../export/ipynb';
import { exportMarkdown } from '../../export/markdown';
import { exportTrace } from '../../export/trace';
import { writeFileAtomic } from '../atomic-write';
import { t } from '../../l10n';
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
    throw new CliError(t('xenlat export: give at least one of --html <file>, --md <dir>, --trace <file.json>, --csv <dir>, --ipynb <file>'));
  }
  const { notebook } = await readNotebook(file);
  // The file stores chart specs only: each SVG is drawn once, whichever forms ask for it.
  const renderSvg = drawOnce(drawSvg);
  const title = path.basename(file, '.xenlat');
  if (targets.html) {
    await writeFileAtomic(targets.html, await exportHtml(notebook, { renderSvg }));
    stderr(t('wrote {0}', targets.html));
  }
  if (targets.md) {
    const { files } = await exportMarkdown(notebook, { renderSvg });
    await writeFiles(targets.md, files);
    stderr(t('wrote {0} and {1} chart(s)', path.join(targets.md, 'README.md'), files.size - 1));
  }
  if (targets.csv) {
    const files = exportCsv(notebook, await regenerateSamples(notebook, path.dirname(path.resolve(file)), stderr));
    await writeFiles(targets.csv, files);
    stderr(t('wrote {0} CSV file(s) to {1}', files.size, targets.csv));
  }
  if (targets.trace) {
    const { text, events } = exportTrace(notebook);
    await writeFileAtomic(targets.trace, text);
    stderr(t('wrote {0}: {1} events (open it in https://ui.perfetto.dev or chrome://tracing)', targets.trace, events.toLocaleString('en-US')));
  }
  if (targets.ipynb) {
    const nb = await exportIpynb(notebook, { renderSvg });
    await writeFileAtomic(targets.ipynb, JSON.stringify(nb, null, 1) + '\n');
    stderr(t('wrote {0} ({1})', targets.ipynb, title));
  }
  return 0;
}

async function writeFiles(dir: string, files: Map<string, string>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFileAtomic(path.join(dir, name), text);
}

/**
 * The samples a file leaves out (reproducible results) come back by running those cells again,
 * with the parameters their results record; a re-run that does not give the stored result (the
 * cell was edited, another Xenlat version) is not used (src/runner/samples-again.ts).
 */
async function regenerateSamples(notebook: NotebookFile, notebookDir: string, stderr: (line: string) => void): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>();
  const wanted = cellsWithOmittedSamples(notebook);
  if (wanted.length === 0) return out;
  const runner = new WorkerCellRunner();
  try {
    for (const { id, count } of wanted) {
      const cell = notebook.cells.find((c) => c.id === id)!;
      const stored = cellResult(cell)!;
      stderr(`    ${t('re-running {0} for its {1} samples (the file does not store them)', id, count.toLocaleString('en-US'))}`);
      const r = await runner.run(rerunRequest(cell, stored, notebookDir), { signal: new AbortController().signal });
      const again = samplesFromRerun(stored, r);
      if (again.ok) out.set(id, again.samples);
      else stderr(`    ${t('{0}: {1} Its samples are left out.', id, again.message)}`);
    }
  } finally {
    runner.dispose();
  }
  return out;
}
