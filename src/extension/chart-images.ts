import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkImageMessage } from '../charts/image-message';

/**
 * Saves (or copies) a chart image the renderer's toolbar sends: only a PNG (checked by its
 * signature) or SVG markup is accepted, and the user picks where it goes.
 */
export function registerChartImages(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging('xenlat-renderer');
  return messaging.onDidReceiveMessage(async (e) => {
    const image = checkImageMessage(e.message);
    if (!image) return;
    if (image.action === 'copy') {
      await vscode.env.clipboard.writeText(image.text ?? '');
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the chart as SVG markup (this editor does not let a chart copy an image).'));
      return;
    }
    const nb = e.editor.notebook.uri;
    const dir = nb.scheme === 'file' ? vscode.Uri.joinPath(nb, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: dir ? vscode.Uri.joinPath(dir, image.fileName) : undefined,
      filters: image.format === 'png' ? { [vscode.l10n.t('PNG image')]: ['png'] } : { [vscode.l10n.t('SVG image')]: ['svg'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, image.bytes);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', path.basename(target.path)));
  });
}
