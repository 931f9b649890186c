// Pure: turns VS Code's theme (its kind plus the `--vscode-*` CSS variables of the output
// webview) into a Vega config, and merges it over a chart spec's own config. No DOM access:
// the caller passes a variable getter, so this is testable in plain Node.

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** Reads a CSS variable by full name (e.g. `--vscode-editor-foreground`); '' when unset. */
export type CssVarGetter = (name: string) => string;

/** Anything with `contains`, e.g. `document.body.classList`. */
export interface ClassListLike {
  contains(token: string): boolean;
}

export function themeKindFromClasses(classes: ClassListLike): ThemeKind {
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

interface Fallbacks {
  foreground: string;
  background: string;
  grid: string;
  categories: string[];
}

const FALLBACKS: Record<ThemeKind, Fallbacks> = {
  light: {
    foreground: '#333333',
    background: '#ffffff',
    grid: '#e5e5e5',
    categories: ['#1a85ff', '#e51400', '#388a34', '#d18616', '#652d90', '#bf8803'],
  },
  dark: {
    foreground: '#cccccc',
    background: '#1e1e1e',
    grid: '#3c3c3c',
    categories: ['#3794ff', '#f14c4c', '#89d185', '#d18616', '#b180d7', '#cca700'],
  },
  'high-contrast': {
    foreground: '#ffffff',
    background: '#000000',
    grid: '#6fc3df',
    categories: ['#3794ff', '#f48771', '#89d185', '#ffb000', '#b180d7', '#ffff00'],
  },
  'high-contrast-light': {
    foreground: '#292929',
    background: '#ffffff',
    grid: '#0f4a85',
    categories: ['#0f4a85', '#b5200d', '#374e06', '#895503', '#652d90', '#5a4a00'],
  },
};

/** The order of `--vscode-charts-*` colours in the categorical range. */
export const CHART_COLOR_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-red',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
];

/** Every CSS variable buildVegaConfig reads (the renderer snapshots these to detect theme changes). */
export const THEME_VARS = [
  '--vscode-editor-foreground',
  '--vscode-foreground',
  '--vscode-editor-background',
  '--vscode-font-family',
  '--vscode-editor-font-family',
  '--vscode-font-size',
  '--vscode-descriptionForeground',
  '--vscode-charts-lines',
  '--vscode-charts-foreground',
  '--vscode-contrastBorder',
  ...CHART_COLOR_VARS,
];

function pick(get: CssVarGetter, names: string[], fallback: string): string {
  for (const n of names) {
    let v = '';
    try {
      v = (get(n) ?? '').trim();
    } catch {
      v = '';
    }
    if (v) return v;
  }
  return fallback;
}

export interface VegaConfig {
  [key: string]: unknown;
}

/** A Vega/Vega-Lite config for the current theme (transparent background, themed text/axes/palette). */
export function buildVegaConfig(get: CssVarGetter, kind: ThemeKind): VegaConfig {
  const fb = FALLBACKS[kind];
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const fg = pick(get, ['--vscode-charts-foreground', '--vscode-editor-foreground', '--vscode-foreground'], fb.foreground);
  const muted = highContrast ? fg : pick(get, ['--vscode-descriptionForeground'], fg);
  const grid = highContrast
    ? pick(get, ['--vscode-contrastBorder', '--vscode-charts-lines'], fb.grid)
    : pick(get, ['--vscode-charts-lines'], fb.grid);
  const font = pick(get, ['--vscode-font-family', '--vscode-editor-font-family'], 'sans-serif');
  const categories = CHART_COLOR_VARS.map((v, i) => pick(get, [v], fb.categories[i]!));
  const strokeWidth = highContrast ? 2 : 1;
  return {
    background: 'transparent',
    font,
    view: { stroke: highContrast ? fg : 'transparent' },
    title: { color: fg, subtitleColor: muted, font, anchor: 'start' },
    axis: {
      domainColor: fg,
      domainWidth: strokeWidth,
      tickColor: fg,
      tickWidth: strokeWidth,
      gridColor: grid,
      gridOpacity: highContrast ? 0.6 : 0.5,
      labelColor: fg,
      titleColor: fg,
      labelFont: font,
      titleFont: font,
    },
    legend: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
    header: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
    text: { color: fg, font },
    mark: { color: categories[0] },
    rule: { color: fg },
    line: { strokeWidth: highContrast ? 2.5 : 1.5 },
    range: { category: categories },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep merge for plain objects; `over` wins; arrays and scalars are replaced, not merged. */
export function mergeConfig(base: unknown, over: unknown): VegaConfig {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  if (!isPlainObject(over)) return out;
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? mergeConfig(prev, v) : v;
  }
  return out;
}

/**
 * A copy of the spec whose `config` is the spec's own config with the theme merged over it
 * (Vega-Lite lets a spec's config win over embed options, so the theme goes into the spec).
 */
export function applyTheme<T extends Record<string, unknown>>(spec: T, theme: VegaConfig): T {
  return { ...spec, config: mergeConfig(spec.config, theme) };
}
