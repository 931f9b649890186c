import { specError } from '../cells/define-kind';
import { getCellKind, languageList } from '../cells/registry';
import { undeclaredReferences } from '../cells/spec/parameters';
import { CellError, type CellResult, type Preflight } from '../cells/types';
import { substituteParameters } from '../format/parameters';
import { fromFileJson } from '../format/samples-codec';
import { XENLAT_VERSION } from '../version';
import { t } from '../l10n';
import { errorToOutputs, notRunOutputs, outcomeToOutputs, progressOutput } from './outputs';
import type { PreflightAnswer, RunError, RunHooks, RunRequest, RunResult } from './types';

// The one cell runner. The editor and `xenlat run` both reach it through WorkerCellRunner,
// which calls this inside a worker thread; tests may call it directly.
// The spec is parsed and checked here, once: the preflight, the run and the provenance read that
// one checked object (the shell only sees the preflight it gives, through hooks.preflight).
export async function runCell(req: RunRequest, hooks: RunHooks): Promise<RunResult> {
  let startTime = Date.now();
  const finish = (r: Omit<RunResult, 'startTime' | 'endTime'>): RunResult => ({ ...r, startTime, endTime: Date.now() });
  const kind = getCellKind(req.language);
  if (!kind) {
    const error: RunError = { name: 'UnknownCellLanguage', message: t('Unknown cell language "{0}": Xenlat runs {1} cells.', req.language, languageList('and')) };
    return finish({ ok: false, cancelled: false, outputs: errorToOutputs(error), error });
  }
  let source = req.source;
  let parameters: Record<string, string> = {};
  try {
    if (req.parameters) {
      // Before putting values in: a `${name}` the notebook does not declare is an error naming it.
      const undeclared = undeclaredReferences(req.source, Object.keys(req.parameters), kind.environmentKeys);
      if (undeclared.length) throw specError(kind.language, undeclared);
      ({ source, used: parameters } = substituteParameters(req.source, req.parameters));
    }
  } catch (err) {
    const error = toRunError(err);
    return finish({ ok: false, cancelled: false, outputs: errorToOutputs(error), error });
  }
  try {
    hooks.signal.throwIfAborted();
    const checked = kind.check(source);
    // Asked even when the spec has errors, as before the check moved here: a half-written spec
    // that names a host is asked about (the run then fails on the spec, before connecting).
    const answer = await askShell(hooks, kind.preflight(checked));
    if (!answer.ok) {
      const declined = answer.declined === true;
      const error: RunError = { name: 'NotRun', message: answer.message };
      return finish({ ok: false, cancelled: false, notRun: { message: answer.message, declined }, outputs: notRunOutputs(answer.message, declined), ...(declined ? {} : { error }) });
    }
    // The run starts once granted: the time the user took to answer is not the cell's.
    startTime = Date.now();
    if (!checked.ok) throw specError(kind.language, checked.diagnostics);
    const outcome = await kind.runChecked(checked, {
      notebookDir: req.notebookDir,
      signal: hooks.signal,
      secrets: answer.secrets,
      ...(req.keepRequests ? { keepRequests: true } : {}),
      ...(answer.cellResults ? { cellResult: storedResults(answer.cellResults) } : {}),
      progress: (u) => hooks.onProgress?.(u.message, u.fraction),
      stopped: () => hooks.onStopped?.(),
    });
    const cancelled = hooks.signal.aborted;
    const { spec, seed } = kind.provenance(checked);
    outcome.result.provenance = {
      tool: 'xenlat',
      version: XENLAT_VERSION,
      startTime: new Date(startTime).toISOString(),
      endTime: new Date().toISOString(),
      language: req.language,
      spec,
      ...(seed !== undefined ? { seed } : {}),
      // The spec above is the one that ran (values put in); these say which values were parameters.
      ...(Object.keys(parameters).length ? { parameters } : {}),
      ...(cancelled ? { cancelled: true } : {}),
    };
    // Readers without the renderer (GitHub, the HTML report) must see that this is partial too.
    if (cancelled) outcome.markdown = `${t('**Cancelled**: partial result up to {0}.', new Date().toISOString())}\n\n${outcome.markdown}`;
    const { outputs, result } = await outcomeToOutputs(outcome, { keepSamples: req.keepSamples });
    if (outcome.failure && !cancelled) {
      // It ran but measured nothing: the cell fails and leads with the plain cause; what was
      // tried (the result, its error list) follows for the record.
      const error: RunError = { name: outcome.failure.name, message: outcome.failure.message };
      return finish({ ok: false, cancelled, outputs: [...errorToOutputs(error), ...outputs], result, error });
    }
    return finish({ ok: !cancelled, cancelled, outputs, result });
  } catch (err) {
    if (hooks.signal.aborted) {
      return finish({ ok: false, cancelled: true, outputs: [progressOutput(t('Cancelled before a result was available.'))] });
    }
    const error = toRunError(err);
    return finish({ ok: false, cancelled: false, outputs: errorToOutputs(error), error });
  }
}

/** The shell's answer to the preflight; a cancel while it asks the user ends the wait. */
function askShell(hooks: RunHooks, preflight: Preflight): Promise<PreflightAnswer> {
  const ask = hooks.preflight;
  if (!ask) return Promise.resolve({ ok: true });
  const { signal } = hooks;
  return new Promise<PreflightAnswer>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => ask(preflight))
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Decodes a referenced cell's stored result on first use (its samples may be megabytes). */
function storedResults(stored: Record<string, Record<string, unknown>>): (id: string) => CellResult | undefined {
  const cache = new Map<string, CellResult>();
  return (id) => {
    if (!Object.hasOwn(stored, id)) return undefined;
    let r = cache.get(id);
    if (!r) {
      r = fromFileJson(stored[id]) as CellResult;
      cache.set(id, r);
    }
    return r;
  };
}

export function toRunError(err: unknown): RunError {
  if (err instanceof CellError) {
    return {
      name: 'InvalidCell',
      message: err.message,
      details: err.diagnostics.map((d) => ({ line: d.range.startLine + 1, column: d.range.startCol + 1, message: d.message })),
    };
  }
  if (err instanceof Error) return { name: err.name || 'Error', message: err.message || String(err) };
  return { name: 'Error', message: String(err) };
}
