// A notebook cell's stored result, looked up by cell id: what a cell that reads other cells'
// results is sent with its run, and what a re-run for omitted samples is compared with.
import type * as vscode from 'vscode';
import { decodeOutputItem } from '../format/plain';
import { MIME_RESULT } from '../format/mimes';

/** The stored result (file JSON, samples still encoded) of the notebook's cell with this id. */
export function storedResult(notebook: vscode.NotebookDocument, id: string): Record<string, unknown> | undefined {
  const cell = notebook.getCells().find((c) => c.metadata?.id === id);
  return cell && cellStoredResult(cell);
}

/** The stored result of this cell, or undefined (not run, or an output that does not decode). */
export function cellStoredResult(cell: vscode.NotebookCell): Record<string, unknown> | undefined {
  for (const o of cell.outputs) {
    for (const item of o.items) {
      if (item.mime !== MIME_RESULT) continue;
      try {
        return decodeOutputItem(MIME_RESULT, item.data) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
