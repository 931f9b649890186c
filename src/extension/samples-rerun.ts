// A simulation's result is stored without its samples (a re-run gives them byte for byte). When
// the user asks for them from the editor (a cell's samples as CSV; the trace and CSV exports, which
// also want every request), the cell runs again in the same runner as Run (its worker, off the
// editor thread), with its progress in a notification that has Cancel; what it gives is used only
// if the re-run gives the stored result (src/runner/run-again.ts, as `xenlat export` does).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Regenerated } from '../export/notebook-outputs';
import { runCellAgain, runCellsAgain, type RunAgainOptions, type RunAgainOutcome, type StoredCell } from '../runner/run-again';
import { omittedSampleCount, type CellToRunAgain } from '../runner/samples-again';
import type { CellRunner, Preflight } from '../runner/types';
import type { RunGuard } from './run-guard';
import { cellIdOf } from './cell-ids';
import { cellStoredResult } from './stored-results';

/** The button of the stale-result warning (compared with the choice, so the translated text). */
const runCellButton = () => vscode.l10n.t('Run Cell');

export interface RerunDeps {
  runner: CellRunner;
  guard: RunGuard;
}

/** The samples the stored result left out, made again; undefined (after telling the user why) when they cannot be. */
export async function samplesByRunningAgain(cell: vscode.NotebookCell, stored: Record<string, unknown>, label: string, deps: RerunDeps): Promise<Float64Array | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This result does not store its samples, and running the cell again to make them needs a trusted workspace.'));
    return undefined;
  }
  const count = (omittedSampleCount(stored) ?? 0).toLocaleString('en-US');
  const title = vscode.l10n.t('Xenlat: running "{0}" again for its {1} samples (the file does not store them)', label, count);
  const again = await runAgainWithProgress(cell, { ...storedCell(cell), stored }, label, title, deps, {});
  return again.ok ? again.again.samples : undefined;
}

/**
 * What every result of the notebook left out, made again cell by cell for the editor's trace and
 * CSV exports, as `xenlat export --trace/--csv` does (the same cells, request and checks:
 * src/runner/run-again.ts): the samples and every request's record, by cell id. A cell whose
 * re-run failed or gave another result is left out (the user was told which and why); a cancel
 * leaves out the rest too.
 */
export async function regeneratedForExport(notebook: vscode.NotebookDocument, deps: RerunDeps): Promise<Map<string, Regenerated>> {
  const cells = new Map<string, vscode.NotebookCell>();
  const stored: StoredCell[] = [];
  for (const cell of notebook.getCells()) {
    const id = cell.metadata?.id;
    const result = typeof id === 'string' ? cellStoredResult(cell) : undefined;
    if (!result || omittedSampleCount(result) === undefined) continue;
    cells.set(id as string, cell);
    stored.push({ ...storedCell(cell), stored: result });
  }
  if (stored.length === 0) return new Map();
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(vscode.l10n.t('These results do not store their samples and requests, and running their cells again to make them needs a trusted workspace.'));
    return new Map();
  }
  return runCellsAgain(stored, (one, omitted) => {
    const title = vscode.l10n.t('Xenlat: running "{0}" again for its {1} samples and requests (the file does not store them)', one.id, omitted.toLocaleString('en-US'));
    return runAgainWithProgress(cells.get(one.id)!, one, one.id, title, deps, { keepRequests: true });
  });
}

/** The cell as it is now, for a re-run. */
function storedCell(cell: vscode.NotebookCell): CellToRunAgain {
  return { id: cellIdOf(cell), language: cell.document.languageId, source: cell.document.getText() };
}

/**
 * The cell run again (src/runner/run-again.ts) with its progress in a notification that has
 * Cancel, and the same questions as Run asks; when it gives nothing, the user is told why (a
 * stale result with a button that runs the cell).
 */
async function runAgainWithProgress(cell: vscode.NotebookCell, stored: StoredCell, label: string, title: string, deps: RerunDeps, options: RunAgainOptions): Promise<RunAgainOutcome> {
  const notebookDir = cell.notebook.uri.scheme === 'file' ? path.dirname(cell.notebook.uri.fsPath) : process.cwd();
  // The same questions as Run asks (hosts beyond loopback, stored secrets), from the worker's preflight.
  const preflight = (p: Preflight) => deps.guard.answer(p, cell.notebook);
  const again = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let done = 0;
    try {
      return await runCellAgain(
        deps.runner,
        stored,
        notebookDir,
        {
          signal: abort.signal,
          preflight,
          onProgress: (message, fraction) => {
            const now = fraction === undefined ? done : Math.round(Math.min(1, fraction) * 100);
            progress.report({ message, increment: Math.max(0, now - done) });
            done = Math.max(done, now);
          },
        },
        options,
      );
    } finally {
      sub.dispose();
    }
  });
  if (again.ok || again.why === 'cancelled') return again;
  if (again.why === 'notRun') {
    if (!again.declined) void vscode.window.showInformationMessage(again.message);
  } else if (again.why === 'failed') {
    void vscode.window.showErrorMessage(again.message);
  } else {
    // Not awaited: a notification's answer may never come, and an export must not wait for it.
    const button = runCellButton();
    void vscode.window.showWarningMessage(`${label}: ${again.message}`, button).then((choice) => {
      if (choice !== button) return;
      void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: cell.notebook.uri });
    });
  }
  return again;
}
