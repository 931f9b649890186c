// Stable cell ids let tools (CLI, diffs, reports) refer to a cell across edits and reorderings.
import { randomBytes } from 'node:crypto';

export const CELL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidCellId(id: unknown): id is string {
  return typeof id === 'string' && CELL_ID_PATTERN.test(id);
}

/** 8 random hex chars; callers that need uniqueness pass the ids already taken. */
export function newCellId(taken?: ReadonlySet<string>): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!taken?.has(id)) return id;
  }
}
