// Builds the l10n bundles: the translations of one locale are kept in `l10n/<locale>/*.json`, one
// file per area of the product so that areas are translated and reviewed independently, and merged
// here into `dist/l10n/bundle.l10n.<locale>.json`, the one file per locale that `vscode.l10n` (via
// package.json "l10n") and src/l10n read.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * One locale's bundle from its source folder. Two files giving different text for the same English
 * message is an error: the same message must read the same everywhere.
 */
export function mergeBundleSources(dir) {
  const out = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const part = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    for (const [k, v] of Object.entries(part)) {
      if (k in out && out[k] !== v) throw new Error(`l10n: "${k}" is translated differently in ${name} and an earlier file of ${dir}`);
      out[k] = v;
    }
  }
  return out;
}

/** Every locale folder under `srcDir`, merged into `outDir`. Returns the locales written. */
export function writeBundles(srcDir = 'l10n', outDir = 'dist/l10n') {
  mkdirSync(outDir, { recursive: true });
  const locales = readdirSync(srcDir).filter((n) => statSync(path.join(srcDir, n)).isDirectory());
  for (const locale of locales) {
    const bundle = mergeBundleSources(path.join(srcDir, locale));
    writeFileSync(path.join(outDir, `bundle.l10n.${locale}.json`), JSON.stringify(bundle, null, 1) + '\n');
  }
  return locales;
}
