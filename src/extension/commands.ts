import * as path from 'node:path';
import * as vscode from 'vscode';
import { newCellId, plainToNotebook } from '../format';
import { exportHtml } from '../export/html';
import { fromNotebookDocument } from './serializer';

const TEMPLATE_DATA = ['# Latencies from a log', 'samples: [0.8, 0.9, 1.1, 1.0, 0.95, 102.4, 1.2, 0.85]', 'unit: ms', 'stallThresholdMs: 50'].join('\n');

export function registerCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('xenlat.newNotebook', async () => {
      const intro = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Investigation\n\nWhat was observed, and what we suspect.', 'markdown');
      const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, TEMPLATE_DATA, 'xenlat-data');
      intro.metadata = { id: newCellId() };
      data.metadata = { id: newCellId() };
      const doc = await vscode.workspace.openNotebookDocument('xenlat', new vscode.NotebookData([intro, data]));
      await vscode.window.showNotebookDocument(doc);
    }),
    vscode.commands.registerCommand('xenlat.exportHtml', async () => {
      const doc = vscode.window.activeNotebookEditor?.notebook;
      if (!doc || doc.notebookType !== 'xenlat') {
        void vscode.window.showErrorMessage('Open a Xenlat notebook to export it.');
        return;
      }
      const base = doc.uri.scheme === 'untitled' ? 'investigation' : path.basename(doc.uri.path, '.xenlat');
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..') : vscode.Uri.file(process.cwd()), `${base}.html`),
        filters: { 'HTML report': ['html'] },
      });
      if (!target) return;
      const html = await exportHtml(plainToNotebook(fromNotebookDocument(doc)), { title: base });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
      const open = await vscode.window.showInformationMessage(`Exported ${path.basename(target.path)}`, 'Open');
      if (open) void vscode.env.openExternal(target);
    }),
    vscode.commands.registerCommand('xenlat.clearResults', () => vscode.commands.executeCommand('notebook.clearAllCellsOutputs')),
  ];
}
