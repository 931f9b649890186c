import { chmodSync } from 'node:fs';
// Bundles: the extension and the CLI (Node, CommonJS, `vscode` external), the cell worker,
// and the notebook renderer (browser, ESM).
import * as esbuild from 'esbuild';
import { writeBundles } from './scripts/l10n-bundles.mjs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };
// vega-canvas's Node build tries `await import('canvas')` at top level, which CommonJS cannot hold;
// its browser build simply finds no canvas, and SVG rendering needs none.
const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
};

await Promise.all([
  esbuild.build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...node, entryPoints: ['src/runner/worker-entry.ts'], outfile: 'dist/cell-worker.js' }),
  esbuild.build({ ...node, entryPoints: ['src/sim/sweep/sweep-worker.ts'], outfile: 'dist/sim-worker.js' }),
  esbuild.build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, platform: 'browser', format: 'esm', target: 'es2022', entryPoints: ['src/renderer/index.ts'], outfile: 'dist/renderer.js' }),
]);
writeBundles();
// `npm ci` links the bin before `prepare` builds it, so the link's target needs its own x bit.
chmodSync('dist/cli.js', 0o755);
