// A cell's preflight as the shell receives it (RunHooks.preflight), and hooks that answer it as a
// notebook shell would: both go through the runner, which checks the spec once and asks.
import { runCell } from '../../src/runner/run-cell';
import type { Preflight, PreflightAnswer, RunHooks } from '../../src/runner/types';

/** The preflight the runner gives the shell for this cell; declined, so nothing runs or connects. */
export async function preflightOf(language: string, source: string, parameters?: Record<string, string | null>): Promise<Preflight> {
  let asked: Preflight | undefined;
  const r = await runCell(
    { language, source, notebookDir: '.', ...(parameters ? { parameters } : {}) },
    { signal: new AbortController().signal, preflight: (p) => ((asked = p), { ok: false, declined: true, message: 'test: declined' }) },
  );
  if (!asked) throw new Error(`the runner did not ask: ${r.error?.message ?? 'no error'}`);
  return asked;
}

/** Hooks whose preflight grants what a notebook shell would send: other cells' results, secrets. */
export function granting(grant: Omit<Extract<PreflightAnswer, { ok: true }>, 'ok'>, signal = new AbortController().signal): RunHooks {
  return { signal, preflight: () => ({ ok: true, ...grant }) };
}
