// Regenerates the key and preset tables of docs/sim.md from the model's CONFIG_DOCS and
// PRESETS (the same data the cell validates and hovers with), between the
// `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` markers; the prose around them is
// hand-written. Run: node --import tsx scripts/gen-sim-docs.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cellFields } from '../src/cells/sim/schema';
import { keyDocs } from '../src/cells/spec/schema';
import { CONFIG_DOCS } from '../src/sim/xen/config';
import { PRESETS, type Preset } from '../src/sim/xen/presets';

const file = resolve(import.meta.dirname ?? __dirname, '../docs/sim.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text === undefined || text === '' ? '' : `\`${text}\``;
}

function cellKeysTable(): string {
  const presets = Object.entries(PRESETS as Record<string, Preset>).map(([name, p]) => ({ name, description: p.summary }));
  const docs = keyDocs({ language: 'xenlat-sim', fields: cellFields(presets) });
  const rows = docs.map((d) => {
    const description = d.key === 'preset' ? 'A named starting configuration (see Presets); every other key written in the spec overrides it. Without a preset the model defaults apply.' : d.description;
    const type = d.key === 'preset' ? 'preset name' : d.type;
    return `| \`${d.key}\` | ${cell(type)} | ${d.default !== undefined ? code(d.default) : d.key === 'rate' ? 'from `ratePerSec`' : '–'} | ${cell(description)} |`;
  });
  return ['| key | type | default | description |', '| :-- | :-- | :-- | :-- |', ...rows].join('\n');
}

function modelKeysTable(): string {
  const rows = CONFIG_DOCS.map((d) => {
    const range = [d.min !== undefined ? `≥ ${d.min}` : '', d.max !== undefined ? `≤ ${d.max}` : ''].filter(Boolean).join(', ');
    const type = d.type === 'enum' ? (d.allowed ?? []).map((v) => `\`${v}\``).join(' \\| ') : d.type;
    return `| \`${d.path}\` | ${type}${range ? ` (${range})` : ''} | ${cell(d.unit)} | ${d.default === null && d.derivedFrom ? `from ${cell(d.derivedFrom)}` : code(d.default)} | ${cell(d.description)} |`;
  });
  return ['| key | type | unit | default | description |', '| :-- | :-- | :-- | --: | :-- |', ...rows].join('\n');
}

function presetsSection(): string {
  return Object.entries(PRESETS as Record<string, Preset>)
    .map(([name, p]) => {
      const overrides = JSON.stringify(p.overrides);
      return `### \`${name}\`\n\n**${p.summary}**\n\n${p.explanation}\n\nOverrides: ${overrides === '{}' ? 'none (the model defaults)' : `\`${overrides}\``}`;
    })
    .join('\n\n');
}

const sections: Record<string, string> = { 'cell-keys': cellKeysTable(), 'model-keys': modelKeysTable(), presets: presetsSection() };

let text = readFileSync(file, 'utf8');
for (const [name, body] of Object.entries(sections)) {
  const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
  if (!re.test(text)) throw new Error(`docs/sim.md has no <!-- generated:${name} --> section`);
  text = text.replace(re, (_m, open: string, close: string) => `${open}\n${body}\n${close}`);
}
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== text) {
    console.error('docs/sim.md is out of date: run node --import tsx scripts/gen-sim-docs.ts');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
