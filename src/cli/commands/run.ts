import * as path from 'node:path';
import { ParameterError, parseParameterArg, readParameters, resolveParameters, serializeNotebook, type ParameterValues } from '../../format';
import { toCellOutputs } from '../../runner/outputs';
import type { CellRunner } from '../../runner/types';
import { writeFileAtomic } from '../atomic-write';
import { CliError, readNotebook } from '../notebook-io';
import { notebookPreflight } from '../preflight-answer';
import { t } from '../../l10n';

export interface RunOptions {
  out?: string;
  /** `name=value` for the notebook's declared parameters. */
  params?: string[];
  json: boolean;
  signal: AbortSignal;
  runner: CellRunner;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** `xenlat run`: the editor's Run All, headless. Outputs are written even when cells fail. */
export async function runCommand(file: string, opts: RunOptions): Promise<number> {
  const { notebook } = await readNotebook(file);
  const parameters = runParameters(notebook.metadata, opts.params ?? []);
  const notebookDir = path.dirname(path.resolve(file));
  const code = notebook.cells.filter((c) => c.kind === 'code');
  let failed = 0;
  let order = 0;
  for (const cell of code) {
    if (opts.signal.aborted) break;
    opts.stderr(`[${order + 1}/${code.length}] ${cell.id} (${cell.language})`);
    const r = await opts.runner.run(
      { language: cell.language, source: cell.source, notebookDir, cellId: cell.id, parameters },
      {
        signal: opts.signal,
        onProgress: (message) => opts.stderr(`    ${message}`),
        preflight: notebookPreflight(notebook),
      },
    );
    cell.outputs = toCellOutputs(r.outputs);
    cell.execution = {
      order: ++order,
      ...(r.cancelled ? {} : { success: r.ok }),
      startTime: new Date(r.startTime).toISOString(),
      endTime: new Date(r.endTime).toISOString(),
    };
    const took = `${((r.endTime - r.startTime) / 1000).toFixed(2)} s`;
    if (r.cancelled) opts.stderr(`    ${t('cancelled after {0}', took)}`);
    else if (r.ok) opts.stderr(`    ${t('ok in {0}', took)}`);
    else opts.stderr(`    ${t('FAILED: {0}', r.error?.message ?? t('unknown error'))}`);
    if (!r.ok) failed++;
    if (opts.json) {
      opts.stdout(JSON.stringify({ id: cell.id, language: cell.language, ok: r.ok, ...(r.cancelled ? { cancelled: true } : {}), result: r.result ?? null, ...(r.error ? { error: r.error } : {}) }));
    }
  }
  const target = opts.out ?? file;
  await writeFileAtomic(target, serializeNotebook(notebook));
  opts.stderr(t('wrote {0}: {1} cell(s) run, {2} failed', target, order, failed));
  if (opts.signal.aborted) return 130;
  return failed === 0 ? 0 : 1;
}

/** The notebook's parameters with the `--param` values; unknown names are usage errors. */
function runParameters(metadata: Record<string, unknown>, args: string[]): ParameterValues {
  try {
    return resolveParameters(readParameters(metadata), Object.fromEntries(args.map(parseParameterArg)));
  } catch (err) {
    if (err instanceof ParameterError) throw new CliError(`xenlat run: ${err.message}`);
    throw err;
  }
}
