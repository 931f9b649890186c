import { CellError, type CellKind } from './types';

// Placeholder for cell kinds whose runner lands in a later release: validation stays silent
// (the spec may be written ahead of time) and running says plainly that it is not available.
export function notYetAvailable(language: string, what: string): CellKind {
  return {
    language,
    validate: () => [],
    keyDocs: () => [],
    run: async () => {
      throw new CellError(`${language} cells (${what}) are not available yet in this version of Xenlat.`);
    },
  };
}
