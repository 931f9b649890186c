import * as path from 'node:path';
import * as vscode from 'vscode';
import { starterNotebook } from '../cells/starter-notebook';
import { newCellId } from '../format';

const NOTEBOOK_TYPE = 'xenlat';

/** The template as notebook cells, each with its own id. */
export function starterCells(): vscode.NotebookCellData[] {
  return starterNotebook().map((c) => {
    const cell =
      c.kind === 'markdown'
        ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.source, 'markdown')
        : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.source, c.language!);
    cell.metadata = { id: newCellId() };
    return cell;
  });
}

/**
 * An empty `.xenlat` (what "New File" creates) opens with an offer of the template instead of a
 * blank page a newcomer cannot start from.
 */
export function offerStarterForEmptyNotebooks(): vscode.Disposable {
  const offered = new Set<string>();
  const offer = async (nb: vscode.NotebookDocument) => {
    // Untitled notebooks come from "New Xenlat Notebook" (the template itself), which may be seen
    // here before its cells are: only files are offered the template.
    if (nb.notebookType !== NOTEBOOK_TYPE || nb.uri.scheme === 'untitled' || nb.cellCount > 0 || offered.has(nb.uri.toString())) return;
    offered.add(nb.uri.toString());
    const insert = vscode.l10n.t('Insert Template');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('{0} is empty. Start from a template with a cell of each kind, each introduced in a line?', path.basename(nb.uri.path)),
      insert,
    );
    if (choice !== insert || nb.isClosed || nb.cellCount > 0) return;
    const edit = new vscode.WorkspaceEdit();
    edit.set(nb.uri, [vscode.NotebookEdit.insertCells(0, starterCells())]);
    await vscode.workspace.applyEdit(edit);
  };
  for (const nb of vscode.workspace.notebookDocuments) void offer(nb);
  return vscode.workspace.onDidOpenNotebookDocument((nb) => void offer(nb));
}
