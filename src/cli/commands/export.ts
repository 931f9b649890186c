import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderSvg as drawSvg } from '../../charts/svg';
import { cellsWithOmittedSamples, exportCsv, resultSamples } from '../../export/csv-export';
import { cellResult } from '../../export/notebook-outputs';
import { drawOnce } from '../../export/svg-cache';
import type { NotebookFile } from '../../format';
import { WorkerCellRunner } from '../../runner/worker-runner';
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
  // The file stores chart specs only: each SVG is drawn once, whichever forms ask for it.
  const renderSvg = drawOnce(drawSvg);
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
    const files = exportCsv(notebook, await regenerateSamples(notebook, path.dirname(path.resolve(file)), stderr));
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

/**
 * The samples a file leaves out (reproducible results) come back by running those cells again,
 * with the parameters their results record. A re-run whose summary differs from the stored one
 * (another Xenlat version, say) is not used: its samples would not be the result's.
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
      const parameters = (stored.provenance as { parameters?: Record<string, string> } | undefined)?.parameters;
      stderr(`    re-running ${id} for its ${count.toLocaleString('en-US')} samples (the file does not store them)`);
      const r = await runner.run(
        { language: cell.language, source: cell.source, notebookDir, cellId: id, keepSamples: true, ...(parameters ? { parameters } : {}) },
        { signal: new AbortController().signal },
      );
      const again = r.result ? resultSamples(r.result) : undefined;
      if (!r.ok || !again) {
        stderr(`    ${id}: the re-run failed (${r.error?.message ?? 'no result'}); its samples are left out`);
      } else if (JSON.stringify(r.result!.summary) !== JSON.stringify(stored.summary)) {
        stderr(`    ${id}: the re-run does not give the stored result (another Xenlat version?); its samples are left out`);
      } else out.set(id, again);
    }
  } finally {
    runner.dispose();
  }
  return out;
}
