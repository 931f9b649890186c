// A simulation's result is stored without its samples (a re-run gives them byte for byte). When
// the user asks for them from the editor, the cell runs again in the same runner as Run (its
// worker, off the editor thread), with its progress in a notification that has Cancel; the samples
// are used only if the re-run gives the stored result (src/runner/samples-again.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { referencedResults } from '../runner/cell-results';
import { omittedSampleCount, rerunRequest, samplesFromRerun } from '../runner/samples-again';
import type { CellRunner, Preflight, PreflightAnswer } from '../runner/types';
import type { RunGuard } from './run-guard';
import { storedResult } from './stored-results';

/** The button of the stale-result warning (compared with the choice, so the translated text). */
const runCellAgain = () => vscode.l10n.t('Run Cell');

export interface RerunDeps {
  runner: CellRunner;
  guard: RunGuard;
}

/** The samples the stored result left out, made again; undefined (after telling the user why) when they cannot be. */
export async function samplesByRunningAgain(cell: vscode.NotebookCell, stored: Record<string, unknown>, label: string, deps: RerunDeps): Promise<Float64Array | undefined> {
  const count = omittedSampleCount(stored) ?? 0;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This result does not store its samples, and running the cell again to make them needs a trusted workspace.'));
    return undefined;
  }
  const notebookDir = cell.notebook.uri.scheme === 'file' ? path.dirname(cell.notebook.uri.fsPath) : process.cwd();
  const id = typeof cell.metadata?.id === 'string' ? cell.metadata.id : `cell-${cell.index + 1}`;
  const source = cell.document.getText();
  const language = cell.document.languageId;
  const req = rerunRequest({ id, language, source }, stored, notebookDir);
  // The same questions as Run asks (hosts beyond loopback, stored secrets), from the worker's preflight.
  const preflight = async (p: Preflight): Promise<PreflightAnswer> => {
    const verdict = await deps.guard.check(p);
    if (!verdict.ok) return verdict;
    return { ok: true, secrets: verdict.secrets, cellResults: referencedResults(p.cells, (ref) => storedResult(cell.notebook, ref)) };
  };
  const rerun = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Xenlat: running "{0}" again for its {1} samples (the file does not store them)', label, count.toLocaleString('en-US')), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let done = 0;
      try {
        return await deps.runner.run(
          req,
          {
            signal: abort.signal,
            preflight,
            onProgress: (message, fraction) => {
              const now = fraction === undefined ? done : Math.round(Math.min(1, fraction) * 100);
              progress.report({ message, increment: Math.max(0, now - done) });
              done = Math.max(done, now);
            },
          },
        );
      } finally {
        sub.dispose();
      }
    },
  );
  if (rerun.notRun) {
    if (!rerun.notRun.declined) void vscode.window.showInformationMessage(rerun.notRun.message);
    return undefined;
  }
  const again = samplesFromRerun(stored, rerun);
  if (again.ok) return again.samples;
  if (again.why === 'cancelled') return undefined;
  if (again.why === 'failed') {
    void vscode.window.showErrorMessage(again.message);
    return undefined;
  }
  // Not awaited: a notification's answer may never come, and an export must not wait for it.
  const button = runCellAgain();
  void vscode.window.showWarningMessage(`${label}: ${again.message}`, button).then((choice) => {
    if (choice !== button) return;
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: cell.notebook.uri });
  });
  return undefined;
}

/**
 * The samples every result of the notebook left out, made again cell by cell (for the editor's
 * CSV export, as `xenlat export --csv` does), by cell id; a cell whose re-run was cancelled,
 * failed or gave another result is left out (the user was told which and why).
 */
export async function omittedSamplesAgain(notebook: vscode.NotebookDocument, deps: RerunDeps): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>();
  for (const cell of notebook.getCells()) {
    const id = cell.metadata?.id;
    const stored = typeof id === 'string' ? storedResult(notebook, id) : undefined;
    if (!stored || omittedSampleCount(stored) === undefined) continue;
    const samples = await samplesByRunningAgain(cell, stored, id as string, deps);
    if (samples) out.set(id as string, samples);
  }
  return out;
}
