// Running code under the zh-cn bundle in a test, and reading the words of a chart: shared by the
// tests that check an area speaks Chinese.
import { mergeBundleSources } from '../../scripts/l10n-bundles.mjs';
import { useBundle, type Bundle } from '../../src/l10n';

const zh = mergeBundleSources('l10n/zh-cn') as Bundle;

/** Han characters: a text in Chinese has some. */
export const han = /[\u4e00-\u9fff]/;

/** `fn` under the zh-cn bundle, English again afterwards whatever happens. */
export async function inChinese<T>(fn: () => T | Promise<T>): Promise<T> {
  useBundle(zh, 'zh-cn');
  try {
    return await fn();
  } finally {
    useBundle(undefined);
  }
}

/** The same for code that does not wait: its result, not a promise of it. */
export function inChineseSync<T>(fn: () => T): T {
  useBundle(zh, 'zh-cn');
  try {
    return fn();
  } finally {
    useBundle(undefined);
  }
}

/** Every title and axis/legend title in a Vega-Lite spec. */
export function titles(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'values' || k === 'datasets') continue;
      if ((k === 'title' || k === 'text' || k === 'subtitle') && typeof v === 'string') out.push(v);
      else walk(v);
    }
  };
  walk(spec);
  return out;
}
