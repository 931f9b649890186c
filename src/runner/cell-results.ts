// Which stored results a cell needs from the rest of its notebook: the kind's preflight says which
// cell ids its spec reads (`cells`); the shell (the CLI's run, the editor's controller) looks them
// up among the notebook's cells when it answers the preflight. Neither side names a kind.
import { MIME_RESULT } from '../format/mimes';

/** The result item of a cell's outputs (file JSON), if it has one. */
export function resultOfOutputs(outputs: readonly { items: readonly { mime: string; value: unknown }[] }[]): Record<string, unknown> | undefined {
  for (const o of outputs) for (const i of o.items) if (i.mime === MIME_RESULT && i.value && typeof i.value === 'object') return i.value as Record<string, unknown>;
  return undefined;
}

/**
 * The stored results of the cells a preflight names (`cells`), by id. `lookup` returns a cell's
 * stored result (file JSON) or undefined when that cell has none (not run, failed, or no such id).
 */
export function referencedResults(ids: readonly string[] | undefined, lookup: (id: string) => Record<string, unknown> | undefined): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const id of ids ?? []) {
    const r = lookup(id);
    if (r) out[id] = r;
  }
  return out;
}
