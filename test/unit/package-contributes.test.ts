// What package.json contributes to the editor for every cell language: spec cells indent with 2
// spaces like every example, and completion offers only the spec's keys and values (no words
// picked up from the text, e.g. "contention", "lots").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cellLanguages } from '../../src/cells/registry';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

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
