import { t } from '../../l10n';
import type { SpecFix } from '../types';

/** The closest candidate within a small edit distance (typos, case slips), if any. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // Allow roughly one slip per 3 characters, so short keys don't match everything.
  const limit = Math.max(1, Math.floor(Math.max(word.length, 2) / 3));
  if (best !== undefined && bestDistance <= limit) return best;
  // A prefix or suffix of a key (e.g. `stallThreshold` for `stallThresholdMs`) is a likely slip too.
  return candidates.find((c) => word.length >= 4 && c.toLowerCase().startsWith(lower));
}

/** The quick fix for a "did you mean" diagnostic: the suggestion, in the quotes the text had. */
export function replaceWith(suggestion: string, quote = ''): SpecFix {
  return { title: t('Change to "{0}"', suggestion), replacement: `${quote}${suggestion}${quote}` };
}

/** Damerau–Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
