// Bundles: the extension and the CLI (Node, CommonJS, `vscode` external), the cell worker,
// and the notebook renderer (browser, ESM).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'canvas'] };

await Promise.all([
  esbuild.build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...node, entryPoints: ['src/runner/worker-entry.ts'], outfile: 'dist/cell-worker.js' }),
  esbuild.build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, platform: 'browser', format: 'esm', target: 'es2022', entryPoints: ['src/renderer/index.ts'], outfile: 'dist/renderer.js' }),
]);
