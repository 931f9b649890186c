import * as path from 'node:path';
import * as vscode from 'vscode';
import { cellLanguages } from '../cells/registry';
import { progressOutput } from '../runner/outputs';
import type { CellRunner } from '../runner/types';
import { toVscodeOutputs } from './outputs';
import type { ParameterValues } from '../format';
import type { ParameterValuesStore } from './parameters';
import type { RunGuard } from './run-guard';
import { msg, tr } from '../l10n';

const PROGRESS_INTERVAL_MS = 250;
/** Shown the moment a run is stopped, until the partial result replaces it. */
export const STOPPING_MESSAGE = msg('Stopping: the partial result follows.');

export class XenlatController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private executionOrder = 0;

  constructor(
    private readonly runner: CellRunner,
    private readonly guard: RunGuard,
    private readonly parameters: ParameterValuesStore,
  ) {
    this.controller = vscode.notebooks.createNotebookController('xenlat-runner', 'xenlat', 'Xenlat');
    this.controller.supportedLanguages = cellLanguages;
    this.controller.supportsExecutionOrder = true;
    this.controller.description = vscode.l10n.t('Runs Xenlat cells off the editor thread');
    this.controller.executeHandler = (cells, notebook) => this.executeAll(cells, notebook);
  }

  dispose(): void {
    this.controller.dispose();
  }

  private async executeAll(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Xenlat does not run cells in an untrusted workspace: they open connections and read files. Trust this folder to run them.'),
        vscode.l10n.t('Manage Workspace Trust'),
      );
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    // Every cell is queued up front so the editor shows them pending, and so cancelling
    // "Run All" also cancels the cells that have not started yet.
    const executions = cells.flatMap((cell) => {
      try {
        return [this.controller.createNotebookCellExecution(cell)];
      } catch {
        return []; // already executing elsewhere
      }
    });
    const notebookDir = notebook.uri.scheme === 'file' ? path.dirname(notebook.uri.fsPath) : process.cwd();
    for (const execution of executions) {
      if (execution.token.isCancellationRequested) {
        execution.end(undefined);
        continue;
      }
      await this.executeCell(execution, notebookDir, notebook);
    }
  }

  private async executeCell(execution: vscode.NotebookCellExecution, notebookDir: string, notebook: vscode.NotebookDocument): Promise<void> {
    const cell = execution.cell;
    execution.executionOrder = ++this.executionOrder;
    execution.start(Date.now());
    await execution.clearOutput();
    const notRun = async (message: string) => {
      await execution.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'NotRun', message })])]);
      execution.end(false, Date.now());
    };
    let parameters: ParameterValues;
    try {
      parameters = this.parameters.valuesFor(notebook);
    } catch (err) {
      return notRun((err as Error).message);
    }
    const abort = new AbortController();
    let lastProgress = 0;
    let progressWrite: Thenable<void> = Promise.resolve();
    /** Set once the run has ended: from then on only its own outputs may be written. */
    let finished = false;
    const sub = execution.token.onCancellationRequested(() => {
      abort.abort();
      // The cell stops at once, but its partial result (analysis, charts) takes a moment more:
      // say straight away that the stop was heard (unless the result is already being written).
      if (!finished) progressWrite = execution.replaceOutput(toVscodeOutputs([progressOutput(tr(STOPPING_MESSAGE))]));
    });
    try {
      const result = await this.runner.run(
        { language: cell.document.languageId, source: cell.document.getText(), notebookDir, cellId: cell.metadata?.id as string | undefined, parameters },
        {
          signal: abort.signal,
          // The worker checked the spec (parameters put in, so this is the host it will really
          // contact) and asks: hosts beyond loopback, stored secrets, the cells it reads.
          preflight: (preflight) => this.guard.answer(preflight, cell.notebook),
          onProgress: (message) => {
            if (abort.signal.aborted) return;
            const now = Date.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            progressWrite = execution.replaceOutput(toVscodeOutputs([progressOutput(message)]));
          },
        },
      );
      finished = true;
      await progressWrite;
      await execution.replaceOutput(toVscodeOutputs(result.outputs));
      // Declined by the user: the cell did not run, which is neither a success nor a failure.
      execution.end(result.cancelled || result.notRun?.declined ? undefined : result.ok, result.endTime);
    } catch (err) {
      finished = true;
      await progressWrite;
      await execution.replaceOutput([new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(err as Error)])]);
      execution.end(false, Date.now());
    } finally {
      sub.dispose();
    }
  }
}
