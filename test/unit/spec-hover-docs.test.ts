// Hover text keeps words whole, and every key of every cell kind links to a section of a doc that
// ships in the VSIX, so the link opens inside the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { cellLanguages, getCellKind } from '../../src/cells/registry';
import { docsCommandLink, keepWordsWhole } from '../../src/extension/language/hover-text';

test('hyphenated words do not wrap at the hyphen', () => {
  assert.equal(keepWordsWhole('CPU-bound neighbours - and 0-1'), 'CPU\u2011bound neighbours - and 0\u20111');
});

// GitHub/VS Code markdown heading slugs: lower case, punctuation dropped, spaces to hyphens.
const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

test('every key of every kind links to an existing heading of a shipped doc', () => {
  const shipped = readFileSync('.vscodeignore', 'utf8');
  for (const language of cellLanguages) {
    for (const doc of getCellKind(language)!.keyDocs()) {
      assert.ok(doc.docs, `${language} ${doc.key} has a docs link`);
      const link = docsCommandLink(doc.docs!);
      assert.ok(link, `${doc.docs} is an allowed docs link`);
      const [file, anchor] = doc.docs!.split('#');
      assert.ok(existsSync(file), `${file} exists`);
      assert.ok(file === 'README.md' ? /!README\.md/.test(shipped) : /!docs\/\*\.md/.test(shipped), `${file} ships in the VSIX`);
      const anchors = [...readFileSync(file, 'utf8').matchAll(/^#{1,4}\s+(.+)$/gm)].map((m) => slug(m[1]));
      assert.ok(anchors.includes(anchor), `${file} has a heading #${anchor} (${language} ${doc.key})`);
    }
  }
});

test('the link is a command link that names only the doc', () => {
  const link = docsCommandLink('docs/probe.md#spec-keys')!;
  assert.equal(link.label, 'docs/probe.md › spec keys');
  assert.equal(link.uri, `command:xenlat.openDocs?${encodeURIComponent('["docs/probe.md#spec-keys"]')}`);
  assert.equal(docsCommandLink('../../etc/passwd'), undefined);
  assert.equal(docsCommandLink('https://example.com/x.md'), undefined);
});
