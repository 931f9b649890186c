import type { SourceRange, SpecKeyDoc } from '../types';

// Completion and hover work on the raw text, not the YAML tree: while someone types, the
// document is usually half-written and invalid, and a tree-based lookup would give nothing.

/** Anything that documents its keys; a `CellKind` qualifies. */
export interface KeyDocsSource {
  keyDocs(): SpecKeyDoc[];
}

export interface SpecCompletion {
  label: string;
  kind: 'key' | 'value';
  insertText: string;
  /** Type text, e.g. "us | ms | s". */
  detail: string;
  /** Markdown. */
  documentation: string;
  /** The text this completion replaces (the partial word before the cursor). */
  replace: SourceRange;
}

export interface SpecHover {
  markdown: string;
  range: SourceRange;
}

const KEY_LINE = /^(\s*)([A-Za-z_][\w.-]*)\s*:(?=\s|$)/;

/** Completion items at a 0-based (line, col): keys not yet used at that level, or a key's values. */
export function completionsAt(kind: KeyDocsSource, source: string, line: number, col: number): SpecCompletion[] {
  const lines = source.split(/\r?\n/);
  const text = lines[line] ?? '';
  const before = text.slice(0, col);
  const docs = kind.keyDocs();

  const valueMatch = /^(\s*)([A-Za-z_][\w.-]*)\s*:\s*(["']?)([^\s"'#]*)$/.exec(before);
  if (valueMatch) {
    const [, indent, key, , partial] = valueMatch;
    const path = [...parentPath(lines, line, indent.length), key].join('.');
    const doc = docs.find((d) => d.key === path);
    if (!doc?.values) return [];
    const replace = { startLine: line, startCol: col - partial.length, endLine: line, endCol: col };
    return doc.values.map((v) => ({
      label: v,
      kind: 'value' as const,
      insertText: v,
      detail: doc.type,
      documentation: doc.description,
      replace,
    }));
  }

  const keyMatch = /^(\s*)([\w.-]*)$/.exec(before);
  if (!keyMatch) return [];
  const [, indent, partial] = keyMatch;
  const parent = parentPath(lines, line, indent.length);
  const prefix = parent.length ? `${parent.join('.')}.` : '';
  const used = siblingKeys(lines, line, indent.length);
  const replace = { startLine: line, startCol: col - partial.length, endLine: line, endCol: col };
  return docs
    .filter((d) => d.key.startsWith(prefix) && !d.key.slice(prefix.length).includes('.'))
    .map((d) => ({ doc: d, name: d.key.slice(prefix.length) }))
    .filter(({ name }) => !used.has(name))
    .map(({ doc, name }) => ({
      label: name,
      kind: 'key' as const,
      insertText: `${name}: `,
      detail: doc.type,
      documentation: docMarkdown(doc),
      replace,
    }));
}

/** Documentation for the key under the cursor (on the key or on its value). */
export function hoverAt(kind: KeyDocsSource, source: string, line: number, col: number): SpecHover | undefined {
  const lines = source.split(/\r?\n/);
  const text = lines[line] ?? '';
  const m = KEY_LINE.exec(text);
  if (!m) return undefined;
  const [, indent, key] = m;
  const keyStart = indent.length;
  const keyEnd = keyStart + key.length;
  const commentAt = text.search(/\s#/);
  const lineEnd = commentAt >= 0 ? commentAt : text.replace(/\s+$/, '').length;
  if (col < keyStart || col > lineEnd) return undefined;
  const path = [...parentPath(lines, line, indent.length), key].join('.');
  const doc = kind.keyDocs().find((d) => d.key === path);
  if (!doc) return undefined;
  const onKey = col <= keyEnd;
  const colon = text.indexOf(':', keyEnd);
  const valueStart = colon + 1 + /^\s*/.exec(text.slice(colon + 1))![0].length;
  return {
    markdown: docMarkdown(doc),
    range: onKey
      ? { startLine: line, startCol: keyStart, endLine: line, endCol: keyEnd }
      : { startLine: line, startCol: valueStart, endLine: line, endCol: lineEnd },
  };
}

export function docMarkdown(doc: SpecKeyDoc): string {
  const parts = [`**${doc.key}**: \`${doc.type}\``, doc.description];
  if (doc.default !== undefined) parts.push(`Default: \`${doc.default}\``);
  return parts.join('\n\n');
}

/** Keys of the enclosing mappings, found by walking up to lines with less indentation. */
function parentPath(lines: string[], line: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const text = lines[i];
    if (isBlankOrComment(text)) continue;
    const ind = indentOf(text);
    if (ind >= limit) continue;
    const m = /^(\s*)([A-Za-z_][\w.-]*)\s*:\s*(#.*)?$/.exec(text);
    if (!m) break;
    path.unshift(m[2]);
    limit = ind;
  }
  return path;
}

/** Keys already written at this indentation in the same block (excluding the cursor's line). */
function siblingKeys(lines: string[], line: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const text = lines[i];
      if (isBlankOrComment(text)) continue;
      const ind = indentOf(text);
      if (ind < indent) break;
      if (ind === indent) {
        const m = KEY_LINE.exec(text);
        if (m) keys.add(m[2]);
      }
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

function indentOf(text: string): number {
  return /^\s*/.exec(text)![0].length;
}

function isBlankOrComment(text: string): boolean {
  return /^\s*(#.*)?$/.test(text);
}
