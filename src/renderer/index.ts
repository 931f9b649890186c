// The Xenlat notebook renderer (browser bundle, runs in VS Code's notebook output webview).
//   application/vnd.xenlat.chart+json  ({title, spec}) -> vega-embed SVG in <div class="xenlat-chart">
//   application/vnd.xenlat.result+json (result object) -> summary table in <div class="xenlat-summary">
// Each output lives in a shadow root on its element. Charts follow the VS Code theme and are
// re-drawn when it changes. Specs that reference any URL are refused; the Vega loader refuses
// every load as a second guard.
import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import type { Loader } from 'vega';
import embed, { type Result as EmbedResult, type VisualizationSpec } from 'vega-embed';
import { MIME_CHART, MIME_RESULT } from '../format/mimes';
import { findUrlReferences, stripEmbedOptions, URL_REFUSED_MESSAGE } from '../charts/url-guard';
import { applyTheme, buildVegaConfig, themeKindFromClasses, THEME_VARS, type ThemeKind } from './theme';
import { buildSummaryHtml } from './summary';
import { RENDERER_CSS } from './styles';
import type { ImageMessage } from '../charts/image-message';
import { t, useBundle } from '../l10n';
import { bundleOfReply, L10N_REQUEST } from '../l10n/renderer-message';

/** Set on activation when the editor lets the renderer talk to the extension (saving images). */
let postToExtension: ((message: ImageMessage) => void) | undefined;

interface ChartValue {
  title: string;
  spec: Record<string, unknown>;
}

interface OpenChart {
  element: HTMLElement;
  value: ChartValue;
  view?: EmbedResult;
  generation: number;
}

const charts = new Map<string, OpenChart>();
/** Result summaries on show, to draw again in the editor's language when its bundle arrives late. */
const results = new Map<string, { element: HTMLElement; value: unknown }>();
let generationCounter = 0;

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(t('Xenlat charts do not load external resources ({0}); only inline data is drawn', what)));
}

/** Second guard behind findUrlReferences: every load, URL sanitize, HTTP or file read fails. */
const blockingLoader: Loader = {
  load: (uri: string) => refuse(uri),
  sanitize: (uri: string) => refuse(uri),
  http: (uri: string) => refuse(uri),
  file: (filename: string) => refuse(filename),
};

// ---------------------------------------------------------------- DOM helpers

function shadowFor(element: HTMLElement): ShadowRoot {
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const style = document.createElement('style');
  style.textContent = RENDERER_CSS;
  root.append(style);
  return root;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  try {
    return typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    return String(err);
  }
}

function showError(element: HTMLElement, prefix: string, err: unknown): void {
  try {
    const root = shadowFor(element);
    const div = document.createElement('div');
    div.className = 'xenlat-error';
    div.textContent = `${prefix}: ${errorText(err)}`;
    root.append(div);
  } catch {
    // attachShadow can fail on exotic elements: fall back to light DOM.
    element.textContent = `${prefix}: ${errorText(err)}`;
  }
}

// ---------------------------------------------------------------- theme

function cssVar(name: string): string {
  const fromRoot = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return fromRoot || getComputedStyle(document.body).getPropertyValue(name).trim();
}

function currentThemeKind(): ThemeKind {
  return themeKindFromClasses(document.body.classList);
}

function themeSignature(): string {
  return [currentThemeKind(), ...THEME_VARS.map(cssVar)].join('|');
}

let observer: MutationObserver | undefined;
let lastSignature = '';
let themeTimer: ReturnType<typeof setTimeout> | undefined;

function onPossibleThemeChange(): void {
  if (themeTimer !== undefined) clearTimeout(themeTimer);
  themeTimer = setTimeout(() => {
    themeTimer = undefined;
    const sig = themeSignature();
    if (sig === lastSignature) return;
    lastSignature = sig;
    for (const [id, chart] of charts) {
      void drawChart(id, chart.element, chart.value, new AbortController().signal);
    }
  }, 50);
}

function watchTheme(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  lastSignature = themeSignature();
  observer = new MutationObserver(onPossibleThemeChange);
  // The theme kind is a body class; VS Code pushes the colour variables as a style on <html>.
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

function unwatchThemeIfIdle(): void {
  if (charts.size > 0 || !observer) return;
  observer.disconnect();
  observer = undefined;
  if (themeTimer !== undefined) clearTimeout(themeTimer);
  themeTimer = undefined;
}

// ---------------------------------------------------------------- charts

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function asChartValue(raw: unknown): ChartValue {
  if (!isRecord(raw)) throw new Error(t('chart output is not a JSON object'));
  if (isRecord(raw.spec)) return { title: typeof raw.title === 'string' ? raw.title : '', spec: raw.spec };
  // Tolerate a bare Vega-Lite spec.
  if ('mark' in raw || 'layer' in raw || '$schema' in raw) return { title: '', spec: raw };
  throw new Error(t('chart output has no "spec" object'));
}

function finalizeChart(chart: OpenChart | undefined): void {
  try {
    chart?.view?.finalize();
  } catch {
    // a half-initialised view may throw on finalize; nothing else to release
  }
  if (chart) chart.view = undefined;
}

async function drawChart(id: string, element: HTMLElement, value: ChartValue, signal: AbortSignal): Promise<void> {
  const previous = charts.get(id);
  finalizeChart(previous);
  const generation = ++generationCounter;
  const chart: OpenChart = { element, value, generation };
  charts.set(id, chart);
  watchTheme();

  const root = shadowFor(element);
  const refs = findUrlReferences(value.spec);
  if (refs.length > 0) {
    const div = document.createElement('div');
    div.className = 'xenlat-refused';
    div.textContent = URL_REFUSED_MESSAGE;
    const detail = document.createElement('div');
    detail.className = 'xenlat-refused-detail';
    detail.textContent = refs.map((r) => `${r.path}: ${r.value}`).join('\n');
    div.append(detail);
    root.append(div);
    return;
  }

  const wrapper = document.createElement('div');
  wrapper.className = 'xenlat-chart';
  if (value.title) wrapper.setAttribute('aria-label', value.title);
  if (value.title && !('title' in value.spec)) {
    const title = document.createElement('div');
    title.className = 'xenlat-chart-title';
    title.textContent = value.title;
    wrapper.append(title);
  }
  // Interactive-only guidance ("click a request"): shown here, never in the static SVG.
  const hint = (value.spec.usermeta as { xenlatHint?: unknown } | undefined)?.xenlatHint;
  if (typeof hint === 'string' && hint) {
    const line = document.createElement('div');
    line.className = 'xenlat-chart-hint';
    line.textContent = hint;
    wrapper.append(line);
  }
  const target = document.createElement('div');
  wrapper.append(target);
  root.append(wrapper);

  const started = performance.now();
  const kind = currentThemeKind();
  const spec = applyTheme(stripEmbedOptions(value.spec), buildVegaConfig(cssVar, kind));
  try {
    const result = await embed(target, spec as VisualizationSpec, {
      actions: false,
      renderer: 'svg',
      loader: blockingLoader,
      tooltip: { theme: kind === 'light' || kind === 'high-contrast-light' ? 'light' : 'dark' },
      downloadFileName: value.title || 'xenlat-chart',
    });
    if (signal.aborted || charts.get(id)?.generation !== generation) {
      result.finalize();
      return;
    }
    chart.view = result;
    if (postToExtension) wrapper.append(chartActions(value.title || 'chart', result, postToExtension));
    // How long drawing took, readable by the end-to-end benchmark (and by anyone in devtools).
    wrapper.dataset.renderMs = (performance.now() - started).toFixed(1);
  } catch (err) {
    if (charts.get(id)?.generation !== generation) return;
    console.error('[xenlat renderer] chart failed', err);
    showError(element, t('Could not draw this chart'), err);
  }
}

/**
 * Save or copy this chart as drawn (theme colours included). The webview cannot write files, so
 * the image goes to the extension, which asks where to save it (src/extension/chart-images.ts).
 */
function chartActions(title: string, view: EmbedResult, post: (m: ImageMessage) => void): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'xenlat-chart-actions';
  const button = (label: string, run: () => Promise<void>) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => {
      run().catch((err) => console.error('[xenlat renderer] chart action failed', err));
    });
    bar.append(b);
  };
  // Opaque PNGs: a transparent one is unreadable pasted on a dark or a light page.
  const png = async () => {
    const bg = view.view.background();
    view.view.background(getComputedStyle(document.body).getPropertyValue('--vscode-editor-background') || '#ffffff');
    try {
      return await view.view.toImageURL('png', 2);
    } finally {
      view.view.background(bg);
    }
  };
  button(t('Save PNG…'), async () => post({ type: 'xenlat-image', action: 'save', format: 'png', title, data: await png() }));
  button(t('Save SVG…'), async () => post({ type: 'xenlat-image', action: 'save', format: 'svg', title, data: await view.view.toSVG() }));
  button(t('Copy PNG'), async () => {
    try {
      const blob = await (await fetch(await png())).blob();
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    } catch {
      // The webview may not be allowed the clipboard: the extension copies the SVG markup instead.
      post({ type: 'xenlat-image', action: 'copy', format: 'svg', title, data: await view.view.toSVG() });
    }
  });
  return bar;
}

// ---------------------------------------------------------------- results

function drawResult(id: string, element: HTMLElement, value: unknown): void {
  results.set(id, { element, value });
  const root = shadowFor(element);
  const template = document.createElement('template');
  template.innerHTML = buildSummaryHtml(value);
  root.append(template.content);
}

// ---------------------------------------------------------------- API

function disposeOne(id: string): void {
  const chart = charts.get(id);
  results.delete(id);
  if (!chart) return;
  finalizeChart(chart);
  charts.delete(id);
}

// ---------------------------------------------------------------- language

/** Settled once the editor's bundle is in use, or when it is not coming (then English). */
let l10nReady: Promise<void> = Promise.resolve();
/** How long the first output waits for the bundle; a later answer draws everything again. */
const L10N_WAIT_MS = 1000;

function requestBundle(context: Parameters<ActivationFunction>[0]): void {
  if (!context.postMessage || !context.onDidReceiveMessage) return;
  let settle: () => void = () => {};
  l10nReady = new Promise((resolve) => {
    settle = resolve;
    setTimeout(resolve, L10N_WAIT_MS);
  });
  let waited = false;
  void l10nReady.then(() => (waited = true));
  context.onDidReceiveMessage((message) => {
    const bundle = bundleOfReply(message);
    if (bundle === null) return;
    useBundle(bundle);
    settle();
    if (waited && bundle) redrawAll();
  });
  context.postMessage(L10N_REQUEST);
}

function redrawAll(): void {
  for (const [id, chart] of charts) void drawChart(id, chart.element, chart.value, new AbortController().signal);
  for (const [id, r] of results) drawResult(id, r.element, r.value);
}

export const activate: ActivationFunction = (context) => {
  if (context.postMessage) postToExtension = (m) => context.postMessage!(m);
  requestBundle(context);
  return renderer;
};

const renderer = {
  async renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal): Promise<void> {
    await l10nReady;
    try {
      if (item.mime === MIME_CHART) {
        await drawChart(item.id, element, asChartValue(item.json()), signal);
      } else if (item.mime === MIME_RESULT) {
        disposeOne(item.id);
        drawResult(item.id, element, item.json());
      } else {
        showError(element, t('Xenlat renderer'), t('unsupported output type {0}', item.mime));
      }
    } catch (err) {
      console.error('[xenlat renderer] render failed', err);
      showError(element, item.mime === MIME_CHART ? t('Could not draw this chart') : t('Could not show this result'), err);
    }
  },
  disposeOutputItem(id?: string): void {
    if (id === undefined) {
      for (const key of [...charts.keys()]) disposeOne(key);
    } else {
      disposeOne(id);
    }
    unwatchThemeIfIdle();
  },
};
