import * as vscode from 'vscode';
import { newCellId } from '../format';

// Ids live in cell metadata. The serializer cannot write back into an open document, so new
// cells get their id here, once, instead of a fresh random id at every save.
export function assignCellIds(): vscode.Disposable {
  return vscode.workspace.onDidChangeNotebookDocument((e) => {
    if (e.notebook.notebookType !== 'xenlat') return;
    const added = e.contentChanges.flatMap((c) => c.addedCells).filter((cell) => typeof cell.metadata?.id !== 'string');
    if (added.length === 0) return;
    const edit = new vscode.WorkspaceEdit();
    edit.set(
      e.notebook.uri,
      added.map((cell) => vscode.NotebookEdit.updateCellMetadata(cell.index, { ...cell.metadata, id: newCellId() })),
    );
    void vscode.workspace.applyEdit(edit);
  });
}

/** A cell's id, or for a cell that has none yet its place (`cell-3`), as file names and messages use it. */
export function cellIdOf(cell: vscode.NotebookCell): string {
  return typeof cell.metadata?.id === 'string' ? cell.metadata.id : `cell-${cell.index + 1}`;
}
