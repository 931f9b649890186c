import * as vscode from 'vscode';
import { plainToVscodeOutput } from './outputs';
import { describeFormatError, FormatError, notebookToPlain, parseNotebook, plainToNotebook, serializeNotebook, type PlainNotebookData } from '../format';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class XenlatSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    // Throwing here makes VS Code show the message and refuse to open the editor, so a
    // corrupt file is never replaced by an empty notebook on the next save.
    const plain = notebookToPlain(parseFile(decoder.decode(content)));
    const data = new vscode.NotebookData(
      plain.cells.map((c) => {
        const cell = new vscode.NotebookCellData(
          c.kind === 'markup' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code,
          c.value,
          c.languageId,
        );
        cell.metadata = c.metadata;
        cell.outputs = c.outputs.map(plainToVscodeOutput);
        if (c.executionSummary) cell.executionSummary = c.executionSummary;
        return cell;
      }),
    );
    data.metadata = plain.metadata;
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return encoder.encode(serializeNotebook(plainToNotebook(fromNotebookData(data))));
  }
}

function parseFile(text: string) {
  try {
    return parseNotebook(text, undefined, { decodeSamples: false });
  } catch (err) {
    // VS Code shows only the message, and does not tell us the file name: say where in words.
    if (err instanceof FormatError) throw new Error(describeFormatError(err));
    throw err;
  }
}

export function fromNotebookData(data: vscode.NotebookData): PlainNotebookData {
  return {
    metadata: data.metadata ?? {},
    cells: data.cells.map((c) => ({
      kind: c.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code',
      value: c.value,
      languageId: c.languageId,
      metadata: c.metadata ?? {},
      outputs: (c.outputs ?? []).map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: i.data })), metadata: o.metadata ?? {} })),
      ...(c.executionSummary ? { executionSummary: c.executionSummary } : {}),
    })),
  };
}

/** The open document as plain data (unsaved edits included), e.g. for export. */
export function fromNotebookDocument(doc: vscode.NotebookDocument): PlainNotebookData {
  return {
    metadata: doc.metadata ?? {},
    cells: doc.getCells().map((c) => ({
      kind: c.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code',
      value: c.document.getText(),
      languageId: c.document.languageId,
      metadata: c.metadata ?? {},
      outputs: c.outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: i.data })), metadata: o.metadata ?? {} })),
      ...(c.executionSummary ? { executionSummary: c.executionSummary } : {}),
    })),
  };
}
