// Configuration for `vscode-test` (@vscode/test-cli, which drives @vscode/test-electron), for people who
// develop on a desktop with internet access:  npx @vscode/test-cli   (or `vscode-test` once installed).
//
// CI does NOT use this file: @vscode/test-electron downloads a VS Code desktop build from Microsoft's
// update service at test time, which is unreachable on the CI machines. CI runs the UI-level tests in a
// real VS Code (code-server from npm) instead: `npm run package && npm run test:e2e` (test/e2e/run-e2e.mjs).
//
// A plain object is exported (what `defineConfig` from '@vscode/test-cli' returns), so this file does not
// need that package to be installed just to be loaded.

/** @type {import('@vscode/test-cli').TestConfiguration} */
export default {
  label: 'extension-host',
  // Mocha (tdd) suites that run inside the extension host, against the built extension
  // (`npm run build` first: package.json's main is dist/extension.js).
  files: 'test/vscode/**/*.test.cjs',
  version: 'stable',
  workspaceFolder: './test/e2e/workspace',
  launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  mocha: {
    ui: 'tdd',
    timeout: 60_000,
  },
};
