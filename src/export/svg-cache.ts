// Charts are stored as Vega-Lite specs and drawn as SVG by every export that shows them (HTML,
// Markdown, Jupyter). Drawing is the slow part of an export (~70 charts, seconds), and the same
// chart drawn twice gives the same SVG: a chart is drawn once per spec content, whichever export,
// cell or parse of the notebook asks for it.
import { createHash } from 'node:crypto';
import type { SvgRenderer } from './notebook-outputs';

/**
 * The content of a spec as a short key. Specs that print the same JSON draw the same SVG; a parse
 * of a file keeps its key order, so the same chart read twice (or in another export) matches.
 */
export function specKey(spec: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64');
}

/** A renderer that draws each spec content once, however often and from whichever object it is asked. */
export function drawOnce(render: SvgRenderer): SvgRenderer {
  const drawn = new Map<string, Promise<string>>();
  return (spec) => {
    const key = specKey(spec);
    let svg = drawn.get(key);
    if (!svg) drawn.set(key, (svg = render(spec)));
    return svg;
  };
}

/**
 * SVGs drawn in batches (the editor draws in a worker), kept for the next export of the session:
 * exporting the same notebook as HTML, then Markdown, then Jupyter draws its charts once. At most
 * `maxBytes` of SVG text is kept; the least recently used go first.
 */
export class SvgCache {
  private readonly svgs = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Draws (with `drawMany`, in one batch) the specs not drawn yet; answers every spec from the cache. */
  async renderer(specs: readonly Record<string, unknown>[], drawMany: (specs: Record<string, unknown>[]) => PromiseLike<(string | undefined)[]>): Promise<SvgRenderer> {
    // What this export needs is held here, whatever the cache drops meanwhile.
    const mine = new Map<string, string | undefined>();
    const missing = new Map<string, Record<string, unknown>>();
    for (const spec of specs) {
      const key = specKey(spec);
      const svg = this.svgs.get(key);
      if (svg === undefined) missing.set(key, spec);
      else {
        this.svgs.delete(key); // most recently used last
        this.svgs.set(key, svg);
        mine.set(key, svg);
      }
    }
    if (missing.size > 0) {
      const svgs = await drawMany([...missing.values()]);
      [...missing.keys()].forEach((key, i) => {
        mine.set(key, svgs[i]);
        // A chart that could not be drawn is not kept: the next export tries again.
        if (svgs[i] !== undefined) this.put(key, svgs[i]!);
      });
    }
    return async (spec) => {
      const svg = mine.get(specKey(spec));
      if (svg === undefined) throw new Error('chart not drawn');
      return svg;
    };
  }

  /** How many specs are drawn and kept. */
  get size(): number {
    return this.svgs.size;
  }

  private put(key: string, svg: string): void {
    this.svgs.set(key, svg);
    this.bytes += svg.length;
    for (const [k, v] of this.svgs) {
      if (this.bytes <= this.maxBytes) break;
      this.svgs.delete(k);
      this.bytes -= v.length;
    }
  }
}
