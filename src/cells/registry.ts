import { t } from '../l10n';
import type { CellKind } from './types';
import { captureCell } from './capture';
import { dataCell } from './data';
import { probeCell } from './probe';
import { simCell } from './sim';
import { explainCell } from './explain';

// The one list of cell kinds. The runner, the CLI and the editor know kinds only through it.
const kinds: CellKind[] = [
  dataCell,
  simCell,
  probeCell,
  captureCell,
  explainCell,
];

const byLanguage = new Map(kinds.map((k) => [k.language, k]));

export const cellLanguages: string[] = kinds.map((k) => k.language);

export function getCellKind(language: string): CellKind | undefined {
  return byLanguage.get(language);
}

/** The languages as prose, for messages: "a, b and c" (or "a, b or c"), in the reader's language. */
export function languageList(conjunction: 'and' | 'or'): string {
  if (cellLanguages.length < 2) return cellLanguages.join('');
  const head = cellLanguages.slice(0, -1).reduce((a, b) => t('{0}, {1}', a, b));
  return conjunction === 'and' ? t('{0} and {1}', head, cellLanguages.at(-1)!) : t('{0} or {1}', head, cellLanguages.at(-1)!);
}

/** The cell a new notebook starts with: the first kind that offers a template. */
export function starterCell(): { language: string; source: string } | undefined {
  const kind = kinds.find((k) => k.template !== undefined);
  return kind ? { language: kind.language, source: kind.template! } : undefined;
}
