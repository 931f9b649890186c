import type { VegaLiteSpec } from './common';
import { findUrlReferences } from './url-guard';

/** Width used for `width: "container"` when there is no container: GitHub's file view fits it. */
export const SVG_WIDTH = 640;

export interface SvgOptions {
  width?: number;
}

/**
 * Static SVG of a Vega-Lite spec, rendered in plain Node (no DOM, no canvas: text widths are
 * estimated, which only shifts labels by a pixel or two). Loading any external resource is
 * refused, so a spec can never make the runner fetch or read files.
 * vega / vega-lite are ESM-only with top-level await inside (vega-canvas); importing them
 * lazily keeps that out of CommonJS callers' load path and keeps startup of code that never
 * renders SVG fast.
 */
export async function renderSvg(spec: VegaLiteSpec, options: SvgOptions = {}): Promise<string> {
  const concrete = concreteSize(spec, options.width ?? SVG_WIDTH) as VegaLiteSpec;
  const refs = findUrlReferences(concrete);
  if (refs.length > 0) throw new Error(`refusing to render a chart that loads external data (${refs[0].path})`);

  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(concrete as never).spec;
  const loader = vega.loader();
  const refuse = async (uri: unknown) => {
    throw new Error(`external resources are disabled for chart rendering (${String(uri)})`);
  };
  Object.assign(loader, { load: refuse, sanitize: refuse, http: refuse, file: refuse });
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Replaces `width`/`height: "container"` anywhere in the spec with pixel sizes. */
function concreteSize(node: unknown, width: number): unknown {
  if (Array.isArray(node)) return node.map((n) => concreteSize(n, width));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'width' && v === 'container') out[k] = width;
    else if (k === 'height' && v === 'container') out[k] = Math.round(width * 0.4);
    else out[k] = concreteSize(v, width);
  }
  return out;
}

/**
 * Vega writes coordinates with full float precision (`M123.45678912,…`). Inside tags, two decimals
 * are far below a pixel; rounding them roughly halves the stored SVG. Text between tags (labels)
 * is left alone.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/<[^>]+>/g, (tag) => tag.replace(/(\d+\.\d\d)\d+/g, '$1'));
}
