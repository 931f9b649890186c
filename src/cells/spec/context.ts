// Pure (no vscode import): where the cursor is in a YAML cell spec, for completion and hover.
// Handles the YAML subset the cell specs use: block mappings (nested by indentation), block
// sequences (`- item`, `- key: value`), flow sequences on one line (`key: [a, b]`), comments,
// quoted keys/values and block scalars (`key: |`, whose content is never completed).
//
// Paths are dotted key paths without sequence indexes, e.g. `scheduler.tsliceMs`; a key inside
// an item of `sweep:` has the path `sweep.<key>` (keyDocs may also write `sweep[].key`;
// `normalizeDocPath` makes both compare equal).

import type { SpecKeyDoc } from '../types';

export type SpecContext =
  | {
      kind: 'key';
      /** The partial key typed so far (may be ''). */
      prefix: string;
      /** Dotted path of the mapping the key belongs to; '' at the top level. */
      parentPath: string;
      /** Keys already present in that mapping (other than the one being typed). */
      existingKeys: string[];
      /** The line is a sequence item (`- foo`): the word may also be a value of `parentPath`. */
      sequenceItem: boolean;
    }
  | {
      kind: 'value';
      /** Dotted path of the key whose value is being typed. */
      key: string;
      /** The partial value typed so far (without an opening quote). */
      prefix: string;
      /** False when the cursor is right after `key:` with no space yet. */
      spaceAfterColon: boolean;
    };

export interface KeyLocation {
  /** Dotted path of the key (for a bare sequence item `- value`: the path of the sequence's key). */
  path: string;
  /** 0-based line and the key's (or value's) column span on it. */
  line: number;
  startCol: number;
  endCol: number;
  /** True when the position is on the value rather than on the key. */
  onValue: boolean;
}

interface LineInfo {
  blank: boolean; // empty or comment-only
  indent: number; // column of the first non-space character
  hasDash: boolean; // block sequence item
  contentCol: number; // column after `- ` markers
  key?: string; // unquoted key text, when the line is `key: ...`
  keyStart: number;
  keyEnd: number;
  valueStart: number; // column after `:` and spaces
  value: string; // value text without trailing comment, trimmed
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`:][^#]*?)[ \t]*:(?=[ \t]|$)/;

export function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

function unquote(key: string): string {
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.length >= 2 && key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** Index of a `#` that starts a comment (at the start or after whitespace, outside quotes); -1 if none. */
export function commentStart(text: string): number {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s:[,{-]/.test(text[i - 1]!))) quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return i;
  }
  return -1;
}

function parseLine(text: string): LineInfo {
  const c = commentStart(text);
  const code = c >= 0 ? text.slice(0, c) : text;
  const indent = text.length - text.trimStart().length;
  const info: LineInfo = {
    blank: code.trim() === '',
    indent,
    hasDash: false,
    contentCol: indent,
    keyStart: -1,
    keyEnd: -1,
    valueStart: -1,
    value: '',
  };
  if (info.blank) return info;
  let col = indent;
  while (code[col] === '-' && (col + 1 >= code.length || code[col + 1] === ' ' || code[col + 1] === '\t')) {
    info.hasDash = true;
    col++;
    while (code[col] === ' ' || code[col] === '\t') col++;
  }
  info.contentCol = col;
  const rest = code.slice(col);
  const m = KEY_RE.exec(rest);
  if (m) {
    info.key = unquote(m[1]!.trimEnd());
    info.keyStart = col;
    info.keyEnd = col + m[1]!.trimEnd().length;
    let v = col + m[0].length;
    while (code[v] === ' ' || code[v] === '\t') v++;
    info.valueStart = v;
    info.value = code.slice(v).trim();
  } else {
    info.valueStart = col;
    info.value = rest.trim();
  }
  return info;
}

function isBlockScalarIndicator(value: string): boolean {
  return /^[|>][0-9+-]*$/.test(value);
}

export function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Removes sequence markers (`[]`, `[3]`) so `sweep[].name`, `sweep[0].name` and `sweep.name` compare equal. */
export function normalizeDocPath(path: string): string {
  return path.replace(/\[\d*\]/g, '');
}

interface Scope {
  /** Dotted parent path, or undefined when the position is inside a scalar (block or multi-line). */
  parentPath?: string;
  /** Line index of the parent key line (-1 at the top level). */
  parentLine: number;
  inScalar: boolean;
}

/**
 * The mapping that a node belongs to, walking up from `line - 1`. `col` is where the node starts:
 * its key's column, or for a block sequence item (`item`) the column of its dash.
 */
function scopeOf(infos: LineInfo[], line: number, col: number, item: boolean): Scope {
  const keys: string[] = [];
  let target = col;
  let parentLine = -1;
  for (let j = line - 1; j >= 0; j--) {
    const li = infos[j]!;
    if (li.blank) continue;
    if (li.key !== undefined) {
      if (!item && li.hasDash && li.keyStart === target) {
        // `- a: 1` above `  b: 2`: both keys of one sequence item's mapping.
        target = li.indent;
        item = true;
        continue;
      }
      // `key:` above `- item` in the same column is a compact sequence under `key`.
      const compact = item && li.keyStart === target;
      if (li.keyStart < target || compact) {
        const v = li.value;
        if (v === '' || /^[&!]\S*$/.test(v)) {
          keys.unshift(li.key);
          if (parentLine < 0) parentLine = j;
          target = li.indent;
          item = li.hasDash;
          continue;
        }
        // `key: |` (block scalar), `key: text` continued on deeper lines, or an unclosed flow collection.
        return { parentLine: j, inScalar: true };
      }
      continue; // a sibling, or deeper content of a sibling
    }
    if (li.indent < target) {
      if (li.hasDash && li.value === '' && li.contentCol <= target) {
        // a bare `-` whose item is the mapping we are in
        target = li.indent;
        item = true;
        continue;
      }
      return { parentLine: j, inScalar: true };
    }
  }
  return { parentPath: keys.join('.'), parentLine, inScalar: false };
}

/**
 * Keys of the mapping whose keys start at column `col`, around `line` (excluding `line`).
 * `startsItem`: `line` is `- key...`, i.e. the first line of a sequence item's mapping.
 */
function siblingKeys(infos: LineInfo[], line: number, col: number, startsItem: boolean): string[] {
  const out: string[] = [];
  // Lines deeper than `col`, and `- ` items at `col` (a compact sequence under a sibling key),
  // belong to siblings' values; a line left of `col` ends the mapping.
  if (!startsItem) {
    for (let j = line - 1; j >= 0; j--) {
      const li = infos[j]!;
      if (li.blank || li.indent > col) continue;
      if (li.indent === col) {
        if (li.key !== undefined && !li.hasDash) out.push(li.key);
        continue;
      }
      if (li.hasDash && li.key !== undefined && li.keyStart === col) out.push(li.key); // `- first: ...` of our item
      break;
    }
  }
  for (let j = line + 1; j < infos.length; j++) {
    const li = infos[j]!;
    if (li.blank || li.indent > col) continue;
    if (li.indent < col) break;
    if (li.key !== undefined && !li.hasDash) out.push(li.key);
  }
  return out;
}

function within(infos: LineInfo[], line: number): boolean {
  return line >= 0 && line < infos.length;
}

/** Completion context at a 0-based (line, col); undefined in comments, block scalars and elsewhere. */
export function specContextAt(source: string, line: number, col: number): SpecContext | undefined {
  const lines = splitLines(source);
  if (line < 0 || line >= lines.length) return undefined;
  const text = lines[line]!;
  const before = text.slice(0, Math.max(0, Math.min(col, text.length)));
  if (commentStart(before) >= 0) return undefined;
  const infos = lines.map(parseLine);
  // Parse only what is before the cursor, so `key: val|ue` is a value context on `val`.
  const cur = parseLine(before);
  const blankBefore = before.trim() === '';
  const seqItem = !blankBefore && cur.hasDash;
  const scope = scopeOf(infos, line, blankBefore ? before.length : cur.indent, seqItem);
  if (scope.inScalar || scope.parentPath === undefined) return undefined;
  const parentPath = scope.parentPath;

  if (blankBefore) {
    return { kind: 'key', prefix: '', parentPath, existingKeys: siblingKeys(infos, line, before.length, false), sequenceItem: false };
  }
  if (cur.key !== undefined) {
    if (isBlockScalarIndicator(cur.value)) return undefined;
    const key = joinPath(parentPath, cur.key);
    let value = before.slice(cur.valueStart);
    const colon = before.indexOf(':', cur.keyEnd);
    const spaceAfterColon = colon >= 0 && /[ \t]/.test(before.charAt(colon + 1));
    if (value.startsWith('[')) {
      // flow sequence: complete the element being typed
      const lastSep = Math.max(value.lastIndexOf('['), value.lastIndexOf(','));
      if (value.includes(']')) return undefined;
      value = value.slice(lastSep + 1).trimStart();
    } else if (value.startsWith('{')) {
      return undefined;
    }
    if (value.startsWith('"') || value.startsWith("'")) value = value.slice(1);
    return { kind: 'value', key, prefix: value, spaceAfterColon };
  }
  const word = before.slice(cur.contentCol);
  if (!/^[^\s#'"{}[\],&*!|>%@`:]*$/.test(word)) {
    // `- "quoted` or `- [..`: a value of the sequence being typed
    if (seqItem && (word.startsWith('"') || word.startsWith("'"))) {
      return { kind: 'value', key: parentPath, prefix: word.slice(1), spaceAfterColon: true };
    }
    return undefined;
  }
  return {
    kind: 'key',
    prefix: word,
    parentPath,
    existingKeys: siblingKeys(infos, line, cur.contentCol, seqItem),
    sequenceItem: seqItem,
  };
}

/** The key (or value) under a 0-based (line, col), for hover. */
export function keyAt(source: string, line: number, col: number): KeyLocation | undefined {
  const lines = splitLines(source);
  const infos = lines.map(parseLine);
  if (!within(infos, line)) return undefined;
  const li = infos[line]!;
  if (li.blank) return undefined;
  const c = commentStart(lines[line]!);
  if (c >= 0 && col >= c) return undefined;
  const scope = scopeOf(infos, line, li.hasDash ? li.indent : li.keyStart >= 0 ? li.keyStart : li.contentCol, li.hasDash);
  if (scope.inScalar || scope.parentPath === undefined) return undefined;
  if (li.key !== undefined) {
    const path = joinPath(scope.parentPath, li.key);
    if (col >= li.keyStart && col <= li.keyEnd) return { path, line, startCol: li.keyStart, endCol: li.keyEnd, onValue: false };
    const valueEnd = li.valueStart + li.value.length;
    if (li.value && col >= li.valueStart && col <= valueEnd) return { path, line, startCol: li.valueStart, endCol: valueEnd, onValue: true };
    return undefined;
  }
  if (li.hasDash && li.value) {
    const end = li.valueStart + li.value.length;
    if (col >= li.valueStart && col <= end && scope.parentPath) {
      return { path: scope.parentPath, line, startCol: li.valueStart, endCol: end, onValue: true };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- key docs lookups (pure)


/** The doc for a dotted path (sequence indexes ignored on both sides). */
export function findDoc(docs: readonly SpecKeyDoc[], path: string): SpecKeyDoc | undefined {
  const want = normalizeDocPath(path);
  return docs.find((d) => normalizeDocPath(d.key) === want);
}

export interface ChildKey {
  /** The key name (one path segment). */
  name: string;
  /** The doc for `parent.name`, when documented. */
  doc?: SpecKeyDoc;
  /** True when documented keys exist below it (it takes a nested mapping). */
  hasChildren: boolean;
}

/** The documented keys directly under `parentPath` ('' for top level), in keyDocs order. */
export function childKeys(docs: readonly SpecKeyDoc[], parentPath: string): ChildKey[] {
  const parent = normalizeDocPath(parentPath);
  const prefix = parent ? `${parent}.` : '';
  const byName = new Map<string, ChildKey>();
  for (const d of docs) {
    const k = normalizeDocPath(d.key);
    if (!k.startsWith(prefix) || k.length === prefix.length) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf('.');
    const name = dot < 0 ? rest : rest.slice(0, dot);
    const entry = byName.get(name) ?? { name, hasChildren: false };
    if (dot < 0) entry.doc = d;
    else entry.hasChildren = true;
    byName.set(name, entry);
  }
  return [...byName.values()];
}

/**
 * What a `- wor|` sequence item may become: a value of the list (its doc's values) and, for a
 * list of mappings, a key of the item's mapping (without those already written).
 */
export function sequenceItemChoices(docs: readonly SpecKeyDoc[], listPath: string, existingKeys: readonly string[]): { doc?: SpecKeyDoc; values: string[]; keys: ChildKey[] } {
  const doc = findDoc(docs, listPath);
  const existing = new Set(existingKeys);
  return { ...(doc ? { doc } : {}), values: doc?.values ?? [], keys: childKeys(docs, listPath).filter((c) => !existing.has(c.name)) };
}
