import type { CellKind } from './types';
import { dataCell } from './data';
import { probeCell } from './probe';
import { simCell } from './sim';

const kinds: CellKind[] = [
  dataCell,
  simCell,
  probeCell,
];

const byLanguage = new Map(kinds.map((k) => [k.language, k]));

export const cellLanguages: string[] = kinds.map((k) => k.language);

export function getCellKind(language: string): CellKind | undefined {
  return byLanguage.get(language);
}
