import * as vscode from 'vscode';
import { isJsonMime, MIME_STDOUT } from '../format/mimes';
import type { RunOutput } from '../runner/types';

const encoder = new TextEncoder();

export function toCellOutputs(outputs: RunOutput[]): vscode.NotebookCellOutput[] {
  return outputs.map(
    (o) =>
      new vscode.NotebookCellOutput(
        o.items.map((item) => {
          if (item.mime === MIME_STDOUT) return vscode.NotebookCellOutputItem.stdout(String(item.value));
          if (isJsonMime(item.mime)) return new vscode.NotebookCellOutputItem(encoder.encode(JSON.stringify(item.value)), item.mime);
          return vscode.NotebookCellOutputItem.text(String(item.value), item.mime);
        }),
        o.metadata,
      ),
  );
}
