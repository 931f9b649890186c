import * as path from 'node:path';
import * as vscode from 'vscode';
import { cellLanguages, getCellKind } from '../cells/registry';
import { useBundle } from '../l10n';
import { WorkerCellRunner } from '../runner/worker-runner';
import { assignCellIds } from './cell-ids';
import { registerCommands } from './commands';
import { XenlatController } from './controller';
import { registerLanguageFeatures } from './language/register-language-features';
import { XenlatSerializer } from './serializer';
import { ParameterValuesStore, registerParameterCommand } from './parameters';
import { RunGuard } from './run-guard';
import { offerStarterForEmptyNotebooks } from './starter';
import { registerOutputActions } from './output-actions';
import { registerChartImages } from './chart-images';
import { answerRendererL10n } from './renderer-l10n';

export function activate(context: vscode.ExtensionContext): void {
  // The core, the workers and the renderer speak the editor's language through the same bundle.
  useBundle(vscode.l10n.bundle, vscode.env.language);
  const runner = new WorkerCellRunner({ script: path.join(context.extensionPath, 'dist', 'cell-worker.js') });
  const parameters = new ParameterValuesStore(context.workspaceState);
  const guard = new RunGuard(context);
  // Cells also run (again) for the samples a simulation's result does not store.
  const rerun = { runner, guard };
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer('xenlat', new XenlatSerializer(), { transientOutputs: false }),
    new XenlatController(runner, guard, parameters),
    registerParameterCommand(parameters),
    { dispose: () => runner.dispose() },
    assignCellIds(),
    ...registerCommands(context, rerun),
    offerStarterForEmptyNotebooks(),
    ...registerOutputActions(rerun),
    registerChartImages(),
    answerRendererL10n(),
  );
  registerLanguageFeatures(context, getCellKind, cellLanguages);
}

export function deactivate(): void {}
