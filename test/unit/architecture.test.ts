// The layering of docs/architecture.md, checked on the source: every relative import under src/
// must point down the layers, nothing but the extension shell may import `vscode`, no import
// circle, the runner/CLI/extension shell name no cell kind, no source file is over 500 lines.
// Plain Node: the imports are read with a regular expression, which is enough for this code base
// (import/export ... from, side-effect imports, import(), require()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { cellLanguages } from '../../src/cells/registry';

const SRC = path.resolve('src');

/**
 * Top-level parts of src/, bottom (0) to top. A file may import its own part and any part of a
 * lower rank; parts of the same rank do not import each other. Keep in step with the table in
 * docs/architecture.md.
 */
export const LAYERS: Record<string, number> = {
  'version.ts': 0,
  l10n: 0,
  net: 0,
  stats: 1,
  charts: 2,
  format: 2,
  capture: 2,
  sim: 3,
  probe: 3,
  cells: 4,
  runner: 5,
  export: 5,
  cli: 6,
  extension: 6,
  renderer: 6,
};

/** Words that are kind names too but also ordinary words of the shell ("NotebookData"): not checked as words. */
const ORDINARY_WORDS = new Set(['data']);
const MAX_LINES = 500;

export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  file: string;
  text: string;
}

export interface ImportEdge {
  from: string;
  /** The specifier as written. */
  spec: string;
  /** The file it resolves to (repository-relative), for relative specifiers. */
  to?: string;
}

export function listSources(dir = SRC): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return listSources(p);
    if (!/\.(ts|tsx|mts|cts)$/.test(name)) return [];
    return [{ file: path.relative(process.cwd(), p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') }];
  });
}

/**
 * The source with comments blanked (newlines kept). A small scanner: strings, template literals
 * and regular-expression literals are skipped whole, so `'a/*b'` or `/\/\//` hide nothing.
 */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  let prev = ''; // last non-space code character: tells a regex literal from a division
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    const regex = c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev));
    if (c === "'" || c === '"' || c === '`' || regex) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length) {
        const d = text[j];
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (regex && d === '[') inClass = true;
        else if (regex && d === ']') inClass = false;
        else if (d === c && !inClass) break;
        else if (d === '\n' && c !== '`') break; // unterminated: stop at the line end
        j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      prev = c;
      continue;
    }
    out += c;
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return out;
}

const IMPORT_RE = /(?:\bimport\s+(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

export function importsOf(source: SourceFile): ImportEdge[] {
  const code = stripComments(source.text);
  return [...code.matchAll(IMPORT_RE)].map((m) => {
    const spec = m[1];
    return { from: source.file, spec, ...(spec.startsWith('.') ? { to: resolveRelative(source.file, spec) } : {}) };
  });
}

function resolveRelative(from: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return path.posix.extname(base) ? base : `${base}.ts`; // unresolved: as it would be named
}

/** `src/<part>/...` → part (a folder, or a file directly under src/). */
export function partOf(file: string): string | undefined {
  const m = /^src\/([^/]+)/.exec(file);
  return m?.[1];
}

/** The kind folders: what src/cells/registry.ts imports. */
export function kindFolders(sources: SourceFile[]): string[] {
  const registry = sources.find((s) => s.file === 'src/cells/registry.ts');
  if (!registry) return [];
  return importsOf(registry)
    .map((e) => /^src\/cells\/([^/]+)\/index\.ts$/.exec(e.to ?? '')?.[1])
    .filter((k): k is string => k !== undefined);
}

export function layeringProblems(sources: SourceFile[]): string[] {
  const problems: string[] = [];
  const kinds = new Set(kindFolders(sources));
  const kindOf = (file: string) => {
    const m = /^src\/cells\/([^/]+)\//.exec(file);
    return m && kinds.has(m[1]) ? m[1] : undefined;
  };
  for (const source of sources) {
    const from = partOf(source.file)!;
    if (!(from in LAYERS)) problems.push(`${source.file}: src/${from} is in no layer (add it to docs/architecture.md and LAYERS)`);
    for (const edge of importsOf(source)) {
      if (edge.spec === 'vscode' && from !== 'extension') problems.push(`${source.file}: imports vscode (only src/extension may)`);
      if (!edge.to) continue;
      const to = partOf(edge.to);
      if (to === undefined) {
        if (edge.to === 'package.json') continue; // src/version.ts reads the version from it
        problems.push(`${source.file}: imports ${edge.spec}, outside src/`);
        continue;
      }
      if (to !== from && !(LAYERS[to] < LAYERS[from])) {
        problems.push(`${source.file}: imports ${edge.to} (src/${from} may not import src/${to}: imports point down the layers)`);
      }
      const [a, b] = [kindOf(source.file), kindOf(edge.to)];
      if (a && b && a !== b) problems.push(`${source.file}: imports ${edge.to} (a cell kind does not import another kind)`);
      if (b && !a && !source.file.startsWith('src/cells/')) problems.push(`${source.file}: imports ${edge.to} (only the registry knows the kinds)`);
    }
  }
  return problems;
}

/** Every import circle among the files (strongly connected components of more than one file, or a self-import). */
export function importCircles(sources: SourceFile[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const s of sources) graph.set(s.file, [...new Set(importsOf(s).flatMap((e) => (e.to && e.to.startsWith('src/') ? [e.to] : [])))]);
  // Tarjan's algorithm, iterative enough for this size (recursion depth = longest import chain).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

/** Cell-kind names in the shell (runner, CLI, extension): the languages anywhere, the kind names as words. */
export function kindNamesInShell(sources: SourceFile[], languages: string[]): string[] {
  const problems: string[] = [];
  const words = kindFolders(sources).filter((k) => !ORDINARY_WORDS.has(k));
  for (const source of sources) {
    if (!['runner', 'cli', 'extension'].includes(partOf(source.file)!)) continue;
    const lines = source.text.split('\n');
    lines.forEach((line, i) => {
      for (const language of languages) if (line.includes(language)) problems.push(`${source.file}:${i + 1}: names the cell language ${language}`);
      for (const word of words) if (new RegExp(`\\b${word}s?\\b`, 'i').test(line)) problems.push(`${source.file}:${i + 1}: names the cell kind "${word}"`);
    });
  }
  return problems;
}

/** Relative imports are written without the `.ts` suffix (one style; esbuild and tsx resolve both). */
export function suffixedImports(sources: SourceFile[]): string[] {
  return sources.flatMap((s) => importsOf(s).filter((e) => e.spec.startsWith('.') && e.spec.endsWith('.ts')).map((e) => `${s.file}: imports '${e.spec}'`));
}

export function longFiles(sources: SourceFile[]): string[] {
  return sources
    .filter((s) => s.text.split('\n').length - (s.text.endsWith('\n') ? 1 : 0) > MAX_LINES)
    .map((s) => `${s.file}: ${s.text.split('\n').length} lines (at most ${MAX_LINES})`);
}

const sources = listSources();

test('imports point down the layers; only src/extension imports vscode; kinds do not import each other', () => {
  assert.ok(sources.length > 100, 'the sources were found');
  assert.deepEqual(layeringProblems(sources), []);
});

test('no import circle under src/', () => {
  assert.deepEqual(importCircles(sources), []);
});

test('the runner, the CLI and the extension shell name no cell kind', () => {
  assert.deepEqual(kindNamesInShell(sources, cellLanguages), []);
});

test('one import style: relative imports without the .ts suffix', () => {
  assert.deepEqual(suffixedImports(sources), []);
  assert.deepEqual(suffixedImports([{ file: 'src/x.ts', text: "import { y } from './y.ts';\n" }]), ["src/x.ts: imports './y.ts'"]);
});

test(`no source file over ${MAX_LINES} lines`, () => {
  assert.deepEqual(longFiles(sources), []);
});

test('the checks catch what they are for (imports up, vscode, circles, kind names, kinds importing kinds)', () => {
  const file = (f: string, text: string): SourceFile => ({ file: f, text });
  const registry = sources.find((s) => s.file === 'src/cells/registry.ts')!;
  const bad = [
    registry,
    file('src/stats/bad.ts', "import type { CellKind } from '../cells/types';\n"),
    file('src/sim/bad.ts', "import { runCell } from '../runner/run-cell';\n"),
    file('src/charts/bad.ts', "import * as vscode from 'vscode';\n"),
    file('src/cells/sim/bad.ts', "export { probeCell } from '../probe/probe-cell';\n"),
    file('src/runner/bad.ts', "const lazy = () => import('../cells/probe/index');\n"),
  ];
  const found = layeringProblems(bad);
  assert.ok(found.some((p) => p.startsWith('src/stats/bad.ts: imports src/cells/types.ts')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('src/sim/bad.ts: imports src/runner/run-cell.ts')), found.join('\n'));
  assert.ok(found.some((p) => p === 'src/charts/bad.ts: imports vscode (only src/extension may)'), found.join('\n'));
  assert.ok(found.some((p) => p.includes('a cell kind does not import another kind')), found.join('\n'));
  assert.ok(found.some((p) => p.includes('only the registry knows the kinds')), found.join('\n'));
  // A comment is not an import; a string or a regular expression does not start one.
  assert.deepEqual(layeringProblems([file('src/stats/ok.ts', "// import x from '../cells/types';\n/* import('../runner/x') */\n")]), []);
  const hidden = "const glob = 'a/*';\nconst re = /\\/\\//;\nimport { y } from '../cells/types';\nconst z = '*/';\n";
  assert.equal(layeringProblems([file('src/stats/hidden.ts', hidden)]).length, 1);

  const circle = importCircles([file('src/a/x.ts', "import { y } from './y';\n"), file('src/a/y.ts', "import type { x } from './x';\n")]);
  assert.deepEqual(circle, [['src/a/x.ts', 'src/a/y.ts']]);

  const named = kindNamesInShell([registry, file('src/cli/bad.ts', "if (language === 'xenlat-sim') run();\nconst probeTimeout = 1; // a probe\n")], cellLanguages);
  assert.deepEqual(named, ['src/cli/bad.ts:1: names the cell language xenlat-sim', 'src/cli/bad.ts:1: names the cell kind "sim"', 'src/cli/bad.ts:2: names the cell kind "probe"']);
  assert.deepEqual(longFiles([file('src/x.ts', 'x\n'.repeat(MAX_LINES + 1))]).length, 1);
});
