import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportHtml } from '../export/html';
import { activeXenlat, exportInput, registerExportCommands } from './export-commands';
import type { RerunDeps } from './samples-rerun';
import { SECRET_PREFIX } from './run-guard';
import { offerReport } from './report-view';
import { starterCells } from './starter';
import { openFoundingCase } from './founding-case';
import { DOCS_LINK, OPEN_DOCS_COMMAND } from './language/hover-text';

export function registerCommands(context: vscode.ExtensionContext, rerun: RerunDeps): vscode.Disposable[] {
  const workerScript = path.join(context.extensionPath, 'dist', 'cell-worker.js');
  return [
    vscode.commands.registerCommand('xenlat.newNotebook', async () => {
      const doc = await vscode.workspace.openNotebookDocument('xenlat', new vscode.NotebookData(starterCells()));
      await vscode.window.showNotebookDocument(doc);
    }),
    vscode.commands.registerCommand('xenlat.exportHtml', async () => {
      const active = activeXenlat();
      if (!active) return;
      const { doc, base, dir } = active;
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(dir, `${base}.html`),
        filters: { [vscode.l10n.t('HTML report')]: ['html'] },
      });
      if (!target) return;
      const { notebook, renderSvg } = await exportInput(doc, workerScript);
      const html = await exportHtml(notebook, { title: base, renderSvg });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
      void offerReport(html, target);
    }),
    vscode.commands.registerCommand('xenlat.storeSecret', async () => {
      const name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Xenlat: store a secret'),
        prompt: vscode.l10n.t('Name the secret (cells refer to it as auth.secret: <name>)'),
        validateInput: (v) => (/^[A-Za-z0-9_.-]{1,64}$/.test(v) ? undefined : vscode.l10n.t('Letters, digits, _ . - (at most 64)')),
      });
      if (!name) return;
      const value = await vscode.window.showInputBox({ title: vscode.l10n.t('Xenlat: secret "{0}"', name), prompt: vscode.l10n.t('The password or token'), password: true });
      if (value === undefined) return;
      await context.secrets.store(SECRET_PREFIX + name, value);
      void vscode.window.showInformationMessage(vscode.l10n.t('Stored secret "{0}" in the editor\'s secret storage.', name));
    }),
    vscode.commands.registerCommand('xenlat.deleteSecret', async () => {
      const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Xenlat: delete a stored secret'), prompt: vscode.l10n.t('Name of the secret') });
      if (!name) return;
      await context.secrets.delete(SECRET_PREFIX + name);
      void vscode.window.showInformationMessage(vscode.l10n.t('Deleted secret "{0}".', name));
    }),
    // Opens a doc shipped in the extension as a rendered preview inside the editor (also in the
    // browser-based editor and over Remote), scrolled to the section; hovers link here.
    vscode.commands.registerCommand(OPEN_DOCS_COMMAND, async (docs?: unknown) => {
      const link = typeof docs === 'string' && DOCS_LINK.test(docs) ? docs : 'README.md';
      const [file, anchor] = link.split('#');
      const uri = vscode.Uri.joinPath(context.extensionUri, ...file.split('/'));
      await vscode.commands.executeCommand('markdown.showPreview', anchor ? uri.with({ fragment: anchor }) : uri);
    }),
    vscode.commands.registerCommand('xenlat.openFoundingCase', () => openFoundingCase(context)),
    vscode.commands.registerCommand('xenlat.clearResults', () => vscode.commands.executeCommand('notebook.clearAllCellsOutputs')),
    ...registerExportCommands(workerScript, rerun),
  ];
}
