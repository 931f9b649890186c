import * as vscode from 'vscode';
import { isL10nRequest, l10nReply } from '../l10n/renderer-message';

/**
 * Answers the renderer's request for the editor's bundle (src/l10n/renderer-message.ts): the
 * webview cannot read the extension's files, so the bundle comes over the renderer's messaging.
 */
export function answerRendererL10n(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging('xenlat-renderer');
  return messaging.onDidReceiveMessage((e) => {
    if (isL10nRequest(e.message)) void messaging.postMessage(l10nReply(vscode.l10n.bundle), e.editor);
  });
}
