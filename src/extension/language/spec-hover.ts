// Hover for spec keys (and their values): type, default, allowed values and description.
import * as vscode from 'vscode';
import type { CellKind } from '../../cells/types';
import { findDoc, keyAt } from '../../cells/spec/context';
import { keyDocMarkdown } from './spec-docs-markdown';

export class SpecHoverProvider implements vscode.HoverProvider {
  constructor(private readonly getKind: (language: string) => CellKind | undefined) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const kind = this.getKind(document.languageId);
    if (!kind) return undefined;
    const loc = keyAt(document.getText(), position.line, position.character);
    if (!loc) return undefined;
    let doc;
    try {
      doc = findDoc(kind.keyDocs(), loc.path);
    } catch {
      return undefined;
    }
    if (!doc) return undefined;
    const range = new vscode.Range(loc.line, loc.startCol, loc.line, loc.endCol);
    return new vscode.Hover(keyDocMarkdown(doc), range);
  }
}
