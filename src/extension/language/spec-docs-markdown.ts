// Markdown for one SpecKeyDoc (shared by hover and completion documentation).
import * as vscode from 'vscode';
import type { SpecKeyDoc } from '../../cells/types';
import { t } from '../../l10n';
import { docsCommandLink, keepWordsWhole, OPEN_DOCS_COMMAND } from './hover-text';

function code(text: string): string {
  // inline code that survives backticks in the text
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

export function keyDocMarkdown(doc: SpecKeyDoc, opts: { heading?: boolean } = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  // Only our own "open the docs" command may run from a link in it.
  md.isTrusted = { enabledCommands: [OPEN_DOCS_COMMAND] };
  if (opts.heading !== false) {
    md.appendMarkdown(`**${code(doc.key)}** — `);
    md.appendText(doc.type);
    md.appendMarkdown('\n\n');
  }
  if (doc.description) {
    md.appendText(keepWordsWhole(doc.description));
    md.appendMarkdown('\n\n');
  }
  if (doc.default !== undefined && doc.default !== '') md.appendMarkdown(`${t('Default: {0}', code(doc.default))}\n\n`);
  if (doc.values && doc.values.length > 0) md.appendMarkdown(`${t('Values: {0}', doc.values.map(code).join(' | '))}\n\n`);
  const link = doc.docs ? docsCommandLink(doc.docs) : undefined;
  if (link) md.appendMarkdown(`[${t('Docs: {0}', link.label)}](${link.uri})`);
  return md;
}
