// Finds every message the product marks for translation, the way a translator's tool would: with the
// TypeScript parser, so a message split over lines with `+` is one message, and a call whose message is
// not a literal is reported (it could never be in a bundle).
//
// Marked are: `t(...)` and `msg(...)` imported from src/l10n, and `vscode.l10n.t(...)` / `l10n.t(...)`
// in the extension shell (a string, or `{ message }`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface Extracted {
  messages: Map<string, string[]>; // message -> where ("file:line")
  problems: string[];
}

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return listTs(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The value of a string literal, or literals joined with `+`; undefined for anything else. */
function constantString(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return constantString(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = constantString(node.left);
    const b = constantString(node.right);
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  return undefined;
}

/** Local names bound to `t`/`msg` of src/l10n in this file. */
function markerNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/(^|\/)l10n(\/index)?$/.test(st.moduleSpecifier.text) || st.moduleSpecifier.text.startsWith('@')) continue;
    const bindings = st.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      const imported = (el.propertyName ?? el.name).text;
      if (imported === 't' || imported === 'msg') names.add(el.name.text);
    }
  }
  return names;
}

function isL10nT(callee: ts.Expression): boolean {
  // vscode.l10n.t or l10n.t
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const obj = callee.expression;
  return (ts.isIdentifier(obj) && obj.text === 'l10n') || (ts.isPropertyAccessExpression(obj) && obj.name.text === 'l10n');
}

export function extractMessages(roots: string[] = ['src']): Extracted {
  const messages = new Map<string, string[]>();
  const problems: string[] = [];
  // src/l10n implements t() and is not itself a user of it.
  for (const file of roots.flatMap((r) => listTs(r)).filter((f) => !f.split(path.sep).join('/').includes('src/l10n/'))) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const markers = markerNames(sf);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const marked = (ts.isIdentifier(callee) && markers.has(callee.text)) || isL10nT(callee);
        if (marked) {
          const where = `${file.split(path.sep).join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          let arg = node.arguments[0];
          if (arg && ts.isObjectLiteralExpression(arg)) {
            const m = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'message');
            arg = m && ts.isPropertyAssignment(m) ? m.initializer : (undefined as unknown as ts.Expression);
          }
          const value = arg ? constantString(arg) : undefined;
          if (value === undefined) problems.push(`${where}: the message is not a literal: ${node.getText().slice(0, 80)}`);
          else messages.set(value, [...(messages.get(value) ?? []), where]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, problems };
}

/** `{0}`, `{1}`, `{name}` placeholders of a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
