import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTheme, buildVegaConfig, mergeConfig, themeKindFromClasses } from '../../src/renderer/theme';

const classes = (...names: string[]) => ({ contains: (t: string) => names.includes(t) });

test('theme kind from body classes', () => {
  assert.equal(themeKindFromClasses(classes('vscode-light')), 'light');
  assert.equal(themeKindFromClasses(classes('vscode-dark')), 'dark');
  assert.equal(themeKindFromClasses(classes('vscode-high-contrast')), 'high-contrast');
  assert.equal(themeKindFromClasses(classes('vscode-high-contrast', 'vscode-high-contrast-light')), 'high-contrast-light');
  assert.equal(themeKindFromClasses(classes()), 'light');
});

test('config reads VS Code variables', () => {
  const vars: Record<string, string> = {
    '--vscode-editor-foreground': ' #abcdef ',
    '--vscode-font-family': 'Segoe UI',
    '--vscode-charts-blue': '#0000ff',
    '--vscode-charts-red': '#ff0000',
    '--vscode-charts-green': '#00ff00',
    '--vscode-charts-orange': '#ff8800',
    '--vscode-charts-purple': '#8800ff',
    '--vscode-charts-yellow': '#ffff00',
  };
  const c = buildVegaConfig((n) => vars[n] ?? '', 'dark') as any;
  assert.equal(c.background, 'transparent');
  assert.equal(c.axis.labelColor, '#abcdef');
  assert.equal(c.axis.titleColor, '#abcdef');
  assert.equal(c.legend.labelColor, '#abcdef');
  assert.equal(c.title.color, '#abcdef');
  assert.equal(c.font, 'Segoe UI');
  assert.deepEqual(c.range.category, ['#0000ff', '#ff0000', '#00ff00', '#ff8800', '#8800ff', '#ffff00']);
});

test('missing variables fall back per theme kind; a throwing getter is tolerated', () => {
  const light = buildVegaConfig(() => '', 'light') as any;
  const dark = buildVegaConfig(() => '', 'dark') as any;
  assert.notEqual(light.axis.labelColor, dark.axis.labelColor);
  assert.equal(light.range.category.length, 6);
  const hc = buildVegaConfig(() => { throw new Error('no'); }, 'high-contrast') as any;
  assert.equal(hc.axis.labelColor, '#ffffff');
  assert.ok(hc.axis.domainWidth > light.axis.domainWidth);
});

test('mergeConfig is deep, the override wins, arrays are replaced', () => {
  const m = mergeConfig({ axis: { labelColor: 'red', labelFontSize: 14 }, range: { category: ['a'] }, x: 1 }, { axis: { labelColor: 'blue' }, range: { category: ['b', 'c'] } });
  assert.deepEqual(m, { axis: { labelColor: 'blue', labelFontSize: 14 }, range: { category: ['b', 'c'] }, x: 1 });
  assert.deepEqual(mergeConfig(undefined, { a: 1 }), { a: 1 });
  assert.deepEqual(mergeConfig({ a: 1 }, null), { a: 1 });
});

test('applyTheme merges the theme over the spec config without mutating the spec', () => {
  const spec = { mark: 'line', config: { axis: { labelFontSize: 14, labelColor: 'black' } } };
  const themed = applyTheme(spec, buildVegaConfig(() => '#eee', 'dark')) as any;
  assert.equal(themed.config.axis.labelFontSize, 14);
  assert.equal(themed.config.axis.labelColor, '#eee');
  assert.equal(themed.config.background, 'transparent');
  assert.equal(spec.config.axis.labelColor, 'black');
  assert.equal(themed.mark, 'line');
});
