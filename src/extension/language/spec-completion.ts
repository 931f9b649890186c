// Completion for spec keys (`key: `, nested mappings) and enumerated values (after `key: `).
import * as vscode from 'vscode';
import type { CellKind, SpecKeyDoc } from '../../cells/types';
import { childKeys, findDoc, sequenceItemChoices, specContextAt, type ChildKey } from '../../cells/spec/context';
import { t } from '../../l10n';
import { keyDocMarkdown } from './spec-docs-markdown';

export const COMPLETION_TRIGGER_CHARACTERS = [':', ' '];

function escapeChoice(v: string): string {
  return v.replace(/[\\|,$}]/g, (c) => `\\${c}`);
}

function sortKey(i: number): string {
  return String(i).padStart(4, '0');
}

/** A YAML plain scalar that needs no quotes (so the inserted value parses back to the same text). */
function needsQuotes(v: string): boolean {
  return v === '' || /^([\s,[\]{}#&*!|>'"%@`]|[-?:](\s|$))|:\s|\s#|\s$|:$/.test(v);
}

export class SpecCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly getKind: (language: string) => CellKind | undefined) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): vscode.CompletionItem[] | undefined {
    const kind = this.getKind(document.languageId);
    if (!kind) return undefined;
    let docs: SpecKeyDoc[];
    try {
      docs = kind.keyDocs();
    } catch {
      return undefined;
    }
    const ctx = specContextAt(document.getText(), position.line, position.character);
    if (!ctx) return undefined;
    // Typing a space or a dash should only open the list where it means something.
    const trigger = context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter ? context.triggerCharacter : undefined;

    if (ctx.kind === 'value') {
      const doc = findDoc(docs, ctx.key);
      if (!doc) return undefined;
      const range = new vscode.Range(position.line, position.character - ctx.prefix.length, position.line, position.character);
      return this.valueItems(doc, range, ctx.spaceAfterColon ? '' : ' ');
    }

    if (trigger === ':') return undefined;
    const range = new vscode.Range(position.line, position.character - ctx.prefix.length, position.line, position.character);
    const items: vscode.CompletionItem[] = [];
    if (ctx.sequenceItem) {
      // `- wor|`: a value of the sequence when its doc lists values, and for a list of names or
      // mappings (`- name` or `- key: ...`) the item's keys too
      const choices = sequenceItemChoices(docs, ctx.parentPath, ctx.existingKeys);
      const charBefore = range.start.character > 0 ? document.lineAt(position.line).text.charAt(range.start.character - 1) : '';
      if (choices.doc && choices.values.length > 0) {
        const values = this.valueItems(choices.doc, range, charBefore === '-' ? ' ' : '') ?? [];
        return [...values, ...choices.keys.map((child, i) => this.keyItem(child, range, values.length + i))];
      }
    }
    if (trigger === ' ' && ctx.prefix === '' && !ctx.sequenceItem) return undefined;
    const existing = new Set(ctx.existingKeys);
    childKeys(docs, ctx.parentPath).forEach((child, i) => {
      if (existing.has(child.name)) return;
      items.push(this.keyItem(child, range, i));
    });
    return items;
  }

  private keyItem(child: ChildKey, range: vscode.Range, index: number): vscode.CompletionItem {
    const item = new vscode.CompletionItem(child.name, child.hasChildren ? vscode.CompletionItemKind.Module : vscode.CompletionItemKind.Property);
    item.range = range;
    item.sortText = sortKey(index);
    const doc = child.doc;
    if (doc) {
      item.detail = doc.type;
      item.documentation = keyDocMarkdown(doc, { heading: false });
    }
    const name = needsQuotes(child.name) ? JSON.stringify(child.name) : child.name;
    if (child.hasChildren) {
      item.insertText = new vscode.SnippetString(`${name}:\n  $0`);
    } else if (doc?.values && doc.values.length > 0) {
      const choices = doc.values.map((v) => escapeChoice(needsQuotes(v) ? JSON.stringify(v) : v)).join(',');
      item.insertText = new vscode.SnippetString(`${name}: \${1|${choices}|}$0`);
    } else {
      item.insertText = `${name}: `;
      // open the value list straight away when there is something to offer
      if (doc && /\bboolean\b/.test(doc.type)) {
        item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
      }
    }
    return item;
  }

  private valueItems(doc: SpecKeyDoc, range: vscode.Range, lead: string): vscode.CompletionItem[] | undefined {
    let values = doc.values ?? [];
    if (values.length === 0 && /\bboolean\b/.test(doc.type)) values = ['true', 'false'];
    if (values.length === 0) return undefined;
    return values.map((v, i) => {
      const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
      item.range = range;
      item.sortText = sortKey(i);
      item.filterText = v;
      item.insertText = lead + (needsQuotes(v) ? JSON.stringify(v) : v);
      if (doc.default !== undefined && doc.default === v) {
        item.detail = t('default');
        item.preselect = true;
      }
      item.documentation = keyDocMarkdown(doc);
      return item;
    });
  }
}
