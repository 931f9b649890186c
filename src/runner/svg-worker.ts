import { Worker } from 'node:worker_threads';
import { t } from '../l10n';

// Static SVGs of charts, drawn in a worker thread: the editor's exports need them (the file stores
// only the Vega-Lite specs), but vega is in the cell worker's bundle, not the editor's, and drawing
// a few dozen charts must not block the extension host. One worker per export, all charts at once.

export interface SvgJob {
  renderSvgs: Record<string, unknown>[];
}

/** SVG per spec, in order; undefined where one could not be drawn. */
export function renderSvgsInWorker(script: string, specs: Record<string, unknown>[]): Promise<(string | undefined)[]> {
  if (specs.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { renderSvgs: specs } satisfies SvgJob });
    worker.once('message', (svgs: (string | undefined)[]) => {
      resolve(svgs);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(t('the chart worker exited ({0}) before drawing', code))));
  });
}
