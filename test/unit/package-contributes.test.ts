// What package.json contributes to the editor for every cell language: spec cells indent with 2
// spaces like every example, and completion offers only the spec's keys and values (no words
// picked up from the text, e.g. "contention", "lots").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cellLanguages } from '../../src/cells/registry';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// User-facing strings are `%key%` (package.nls.json has the English): read them as a user sees them.
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const shown = (s: string): string => s.replace(/^%([^%]+)%$/, (_, key: string) => nls[key] ?? s);

test('every cell language: no word-based suggestions, 2-space indentation', () => {
  const defaults = pkg.contributes.configurationDefaults ?? {};
  for (const language of cellLanguages) {
    const d = defaults[`[${language}]`];
    assert.ok(d, `configurationDefaults for ${language}`);
    assert.equal(d['editor.wordBasedSuggestions'], 'off', language);
    assert.equal(d['editor.tabSize'], 2, language);
    assert.equal(d['editor.insertSpaces'], true, language);
    assert.equal(d['editor.detectIndentation'], false, language);
  }
});

test('the walkthrough: each step exists, its media ships, and its commands are contributed and registered', async () => {
  const { existsSync } = await import('node:fs');
  const registered = readFileSync('src/extension/commands.ts', 'utf8');
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const [walk] = pkg.contributes.walkthroughs;
  assert.deepEqual(walk.steps.map((s: { id: string }) => s.id), ['open', 'run', 'verdict', 'export', 'new']);
  for (const step of walk.steps) {
    assert.ok(existsSync(step.media.markdown), step.media.markdown);
    for (const [, command] of shown(step.description).matchAll(/\(command:([\w.]+)/g)) {
      if (!command.startsWith('xenlat.')) continue;
      assert.ok(contributed.has(command), `${command} is contributed`);
      const name = command === 'xenlat.openDocs' ? 'OPEN_DOCS_COMMAND' : `'${command.replace('.', '\\.')}'`;
      assert.match(registered, new RegExp(`registerCommand\\(${name}`), `${command} is registered`);
    }
  }
  // The founding case ships with the log it reads.
  const ignore = readFileSync('.vscodeignore', 'utf8');
  for (const line of ['!media/**', '!examples/black-0.1s.xenlat', '!examples/data/**']) assert.ok(ignore.split('\n').includes(line), line);
});

test('the language picker says what each cell kind is for', () => {
  for (const language of cellLanguages) {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === language);
    assert.match(shown(lang.aliases[0]), /^Xenlat \w+ \(.+\)$/, language);
  }
});

test('the README\'s images and doc links point at files the VSIX ships, and stay relative', () => {
  // vsce would rewrite relative links to a repository URL (which does not exist): the package
  // script keeps them relative, so the extension page resolves them inside the installed extension.
  assert.match(pkg.scripts.package, /--no-rewrite-relative-links/);
  const patterns = readFileSync('.vscodeignore', 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  const toRegex = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
  const ships = (file: string) => patterns.some((p) => toRegex(p).test(file));
  const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  assert.ok(links.length >= 5);
  for (const link of links) assert.ok(ships(link), `README links ${link}, which the VSIX does not ship`);
});

test('per-output actions: on each code cell\'s menu, contributed and registered', () => {
  const registered = readFileSync('src/extension/output-actions.ts', 'utf8');
  const menu = pkg.contributes.menus['notebook/cell/title'].map((m: { command: string }) => m.command);
  assert.deepEqual(menu, ['xenlat.openSamplesCsv', 'xenlat.saveSamplesCsv', 'xenlat.saveTableCsv']);
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const command of menu) {
    assert.ok(contributed.has(command), command);
    assert.ok(registered.includes(`registerCommand('${command}'`), `${command} is registered`);
  }
});

test('every user-facing contribution is localised (%key%), with the same command links in every language', async () => {
  const { existsSync, readdirSync } = await import('node:fs');
  const c = pkg.contributes;
  const strings: string[] = [
    pkg.displayName,
    pkg.description,
    pkg.capabilities.untrustedWorkspaces.description,
    ...c.notebooks.map((n: { displayName: string }) => n.displayName),
    ...c.notebookRenderer.map((r: { displayName: string }) => r.displayName),
    ...c.languages.flatMap((l: { aliases: string[] }) => l.aliases),
    ...c.commands.flatMap((cmd: { title: string; category?: string }) => [cmd.title, cmd.category ?? '%%']),
    ...c.walkthroughs.flatMap((w: { title: string; description: string; steps: { title: string; description: string }[] }) => [w.title, w.description, ...w.steps.flatMap((s) => [s.title, s.description])]),
  ];
  assert.deepEqual(strings.filter((s) => !/^%[^%]*%$/.test(s)), [], 'literal text left in package.json');
  const links = (text: string) => [...text.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]);
  for (const file of readdirSync('.').filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f))) {
    const loc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    for (const [key, english] of Object.entries(nls)) assert.deepEqual(links(loc[key] ?? ''), links(english), `${file}: ${key} keeps its command links`);
    // VS Code shows a walkthrough step's `media/x.nls.<locale>.md` when it exists (the English file otherwise).
    const locale = /^package\.nls\.([\w-]+)\.json$/.exec(file)![1];
    for (const step of c.walkthroughs[0].steps) assert.ok(existsSync(step.media.markdown.replace(/\.md$/, `.nls.${locale}.md`)), `${step.id}: ${locale} markdown`);
  }
});
