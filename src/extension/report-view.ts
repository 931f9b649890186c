import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Shows an exported report inside the editor. `openExternal` on a file did nothing in the
 * browser-based editor (code-server) and over Remote, where the file is not on the machine that
 * runs the browser; a webview works in all three. The report has no scripts (its own CSP forbids
 * them) and the webview gets none either; its table-of-contents links are in-page anchors.
 */
export function showReport(html: string, file: vscode.Uri): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('xenlat.report', path.basename(file.path), vscode.ViewColumn.Active, {
    enableScripts: false,
    enableFindWidget: true,
    localResourceRoots: [],
  });
  panel.webview.html = html;
  return panel;
}

/** The toast after an export: open the report here, or show the file in the Explorer. */
export async function offerReport(html: string, file: vscode.Uri): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Exported {0}', path.basename(file.path)), open, reveal);
  if (choice === open) showReport(html, file);
  else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', file);
}
