import { getCellKind, cellLanguages } from './registry';
import { tr } from '../l10n';

export interface StarterCell {
  kind: 'markdown' | 'code';
  /** For code cells: the cell language. */
  language?: string;
  source: string;
}

/**
 * The notebook "New Xenlat Notebook" (and an empty `.xenlat` file's offer) starts from: a short
 * story, then each cell kind that has a template, introduced in one paragraph. Built from the
 * registry, so a new kind appears here by giving itself a template.
 */
export function starterNotebook(): StarterCell[] {
  const cells: StarterCell[] = [
    {
      kind: 'markdown',
      source: [
        '# Investigation',
        '',
        'What was observed, and what we suspect. Each cell below is one kind of evidence: run them all with **Run All**,',
        'then replace them with your own. Hover any key for what it means.',
      ].join('\n'),
    },
  ];
  for (const language of cellLanguages) {
    const kind = getCellKind(language);
    if (kind?.template === undefined) continue;
    // Each kind marks its intro with msg() where it is defined.
    if (kind.templateIntro) cells.push({ kind: 'markdown', source: tr(kind.templateIntro) });
    cells.push({ kind: 'code', language, source: kind.template });
  }
  return cells;
}
