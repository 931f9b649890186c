// Quick fixes for spec diagnostics that name the intended text ("did you mean ..."): the
// diagnostic carries its fix (src/cells/spec/did-you-mean.ts); this only turns it into an edit.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, type SpecDiagnostics } from './spec-diagnostics';

export class SpecQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: SpecDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const fix = this.diagnostics.fixFor(doc.uri, d);
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, d.range, fix.replacement);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
