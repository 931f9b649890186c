import type { CellKind } from './types';
import { dataCell } from './data';
import { notYetAvailable } from './not-yet';
import { probeCell } from './probe';

const kinds: CellKind[] = [
  dataCell,
  notYetAvailable('xenlat-sim', 'Xen I/O path simulation'),
  probeCell,
];

const byLanguage = new Map(kinds.map((k) => [k.language, k]));

export const cellLanguages: string[] = kinds.map((k) => k.language);

export function getCellKind(language: string): CellKind | undefined {
  return byLanguage.get(language);
}
