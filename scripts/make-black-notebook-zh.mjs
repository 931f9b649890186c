// Writes examples/black-0.1s.zh-cn.xenlat, the founding case told in Chinese, from the English
// notebook: the same cells (ids, kinds, languages, specs, order) with each markdown cell and each
// spec's `title:` replaced by its translation in examples/black-0.1s.zh-cn.md-cells.json, and no
// outputs (`LANG=zh_CN.UTF-8 xenlat run` fills them in Chinese; --check ignores them). Reading the English notebook keeps
// the two in step: a cell without a translation, or a translation without its cell, is an error.
// Run: node scripts/make-black-notebook-zh.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';

const EN = 'examples/black-0.1s.xenlat';
const ZH = 'examples/black-0.1s.zh-cn.xenlat';
const TRANSLATIONS = 'examples/black-0.1s.zh-cn.md-cells.json';

/** A YAML plain scalar when that reads back as the same text, else a double-quoted one. */
function yamlText(text) {
  const plain = !/^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/.test(text);
  return plain ? text : JSON.stringify(text);
}

export function zhNotebook(english, { markdown, titles }) {
  const unused = new Set([...Object.keys(markdown), ...Object.keys(titles)]);
  const cells = english.cells.map((cell) => {
    const { outputs: _o, execution: _e, ...rest } = cell;
    if (cell.kind === 'markdown') {
      const text = markdown[cell.id];
      if (text === undefined) throw new Error(`${TRANSLATIONS}: no translation of markdown cell "${cell.id}"`);
      unused.delete(cell.id);
      return { ...rest, source: text.split('\n') };
    }
    const at = cell.source.findIndex((line) => /^title:\s/.test(line));
    if (at < 0) return rest;
    const title = titles[cell.id];
    if (title === undefined) throw new Error(`${TRANSLATIONS}: no translation of the title of cell "${cell.id}"`);
    unused.delete(cell.id);
    const source = [...cell.source];
    source[at] = `title: ${yamlText(title)}`;
    return { ...rest, source };
  });
  if (unused.size) throw new Error(`${TRANSLATIONS}: translations of cells ${[...unused].join(', ')} that ${EN} does not have (or has without a title)`);
  return { ...english, cells };
}

const english = JSON.parse(readFileSync(EN, 'utf8'));
const text = `${JSON.stringify(zhNotebook(english, JSON.parse(readFileSync(TRANSLATIONS, 'utf8'))), null, 2)}\n`;
/** The notebook as this script writes it: what a run adds (outputs, execution) taken away. */
function withoutRun(nb) {
  return { ...nb, cells: nb.cells.map(({ outputs: _o, execution: _e, ...rest }) => rest) };
}

if (process.argv.includes('--check')) {
  // The committed file carries the outputs of a run in Chinese; everything else must be what this writes.
  if (JSON.stringify(withoutRun(JSON.parse(readFileSync(ZH, 'utf8')))) !== JSON.stringify(JSON.parse(text))) {
    console.error(`${ZH} is out of date: run node scripts/make-black-notebook-zh.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(ZH, text);
}
