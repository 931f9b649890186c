import type { NotebookFile } from '../format';
import { referencedResults, resultOfOutputs } from '../runner/cell-results';
import type { Preflight, PreflightAnswer } from '../runner/types';
import { cliSecrets } from './secrets';

/**
 * The command line's answer to a cell's preflight, the same for `xenlat run` and the re-runs of
 * `xenlat export`. Headless, nobody to ask: secrets from the environment, and the results of the
 * cells it references as the notebook stores them when it asks (in `run`, the cells above ran
 * earlier).
 */
export function notebookPreflight(notebook: NotebookFile): (p: Preflight) => PreflightAnswer {
  return (p) => ({
    ok: true,
    secrets: cliSecrets(p.secretNames),
    cellResults: referencedResults(p.cells, (id) => {
      const other = notebook.cells.find((c) => c.id === id);
      return other ? resultOfOutputs(other.outputs ?? []) : undefined;
    }),
  });
}
