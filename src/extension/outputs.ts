import * as vscode from 'vscode';
import { outputToPlain, type PlainOutput } from '../format';
import { toCellOutputs } from '../runner/outputs';
import type { RunOutput } from '../runner/types';

/** Fresh run outputs go through the file mapping, so saving them writes what `xenlat run` writes. */
export function toVscodeOutputs(outputs: RunOutput[]): vscode.NotebookCellOutput[] {
  return toCellOutputs(outputs).map((o) => plainToVscodeOutput(outputToPlain(o)));
}

export function plainToVscodeOutput(o: PlainOutput): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(
    o.items.map((i) => new vscode.NotebookCellOutputItem(i.data, i.mime)),
    o.metadata,
  );
}
