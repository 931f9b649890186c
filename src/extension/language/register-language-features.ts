// Wires the spec language features (diagnostics, completion, hover) for the Xenlat cell languages.
import * as vscode from 'vscode';
import type { CellKind } from '../../cells/types';
import { COMPLETION_TRIGGER_CHARACTERS, SpecCompletionProvider } from './spec-completion';
import { SpecDiagnostics } from './spec-diagnostics';
import { SpecHoverProvider } from './spec-hover';
import { SpecQuickFixProvider } from './spec-quick-fix';

export const XENLAT_NOTEBOOK_TYPE = 'xenlat';

/** Cells of these languages inside `xenlat` notebooks (cell documents use the `vscode-notebook-cell` scheme). */
export function specDocumentSelector(languages: readonly string[]): vscode.DocumentFilter[] {
  return languages.map((language) => ({ language, notebookType: XENLAT_NOTEBOOK_TYPE }));
}

export function registerLanguageFeatures(
  context: vscode.ExtensionContext,
  getKind: (language: string) => CellKind | undefined,
  languages: string[],
): void {
  const selector = specDocumentSelector(languages);
  const diagnostics = new SpecDiagnostics(getKind, languages);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, new SpecQuickFixProvider(diagnostics), { providedCodeActionKinds: SpecQuickFixProvider.kinds }),
    vscode.languages.registerCompletionItemProvider(selector, new SpecCompletionProvider(getKind), ...COMPLETION_TRIGGER_CHARACTERS),
    vscode.languages.registerHoverProvider(selector, new SpecHoverProvider(getKind)),
  );
}
