import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderSvg as drawSvg } from '../../charts/svg';
import { exportCsv } from '../../export/csv-export';
import { cellResult, codeCells, type Regenerated } from '../../export/notebook-outputs';
import { drawOnce } from '../../export/svg-cache';
import type { NotebookFile } from '../../format';
import { WorkerCellRunner } from '../../runner/worker-runner';
import { runCellAgain, runCellsAgain, type StoredCell } from '../../runner/run-again';
import { exportHtml } from '../../export/html';
import { exportIpynb } from '../../export/ipynb';
import { exportMarkdown } from '../../export/markdown';
import { exportTrace } from '../../export/trace';
import { writeFileAtomic } from '../atomic-write';
import { t } from '../../l10n';
import { CliError, readNotebook } from '../notebook-io';
import { notebookPreflight } from '../preflight-answer';

export interface ExportTargets {
  html?: string;
  md?: string;
  trace?: string;
  csv?: string;
  ipynb?: string;
}

/**
 * `xenlat export`: every requested form of the notebook, from its stored outputs. Only the CSV and
 * trace run cells again: the reproducible ones, for the samples and every request the file does
 * not store (used only if the re-run gives the stored result again).
 */
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
  // One re-run per cell serves both: with every request when the trace or the CSV wants them.
  const again = targets.csv || targets.trace ? await runAgain(notebook, path.dirname(path.resolve(file)), stderr) : new Map<string, Regenerated>();
  if (targets.csv) {
    const files = exportCsv(notebook, again);
    await writeFiles(targets.csv, files);
    stderr(t('wrote {0} CSV file(s) to {1}', files.size, targets.csv));
  }
  if (targets.trace) {
    const { chunks, events, notes } = exportTrace(notebook, again);
    await writeFileAtomic(targets.trace, chunks);
    stderr(t('wrote {0}: {1} events (open it in https://ui.perfetto.dev or chrome://tracing)', targets.trace, events.toLocaleString('en-US')));
    for (const [id, note] of notes) stderr(`    ${id}: ${note}`);
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
 * The samples a file leaves out (reproducible results) and every request's record come back by
 * running those cells again, with the parameters their results record; a re-run that does not
 * give the stored result (the cell was edited, another Xenlat version) is not used
 * (src/runner/samples-again.ts).
 */
async function runAgain(notebook: NotebookFile, notebookDir: string, stderr: (line: string) => void): Promise<Map<string, Regenerated>> {
  const cells = codeCells(notebook).flatMap((c): StoredCell[] => {
    const stored = cellResult(c);
    return stored ? [{ id: c.id, language: c.language, source: c.source, stored }] : [];
  });
  const runner = new WorkerCellRunner();
  try {
    return await runCellsAgain(cells, async (cell, count) => {
      stderr(`    ${t('re-running {0} for its {1} samples and requests (the file does not store them)', cell.id, count.toLocaleString('en-US'))}`);
      const again = await runCellAgain(runner, cell, notebookDir, { signal: new AbortController().signal, preflight: notebookPreflight(notebook) }, { keepRequests: true });
      if (!again.ok) stderr(`    ${t('{0}: {1} Its samples and requests are left out.', cell.id, again.message)}`);
      return again;
    });
  } finally {
    runner.dispose();
  }
}
