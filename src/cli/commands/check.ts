import { getCellKind } from '../../cells/registry';
import { lineColumn, locatePath, offsetInStringLiteral } from '../../format/json-positions';
import { checkWithParameters } from '../../cells/spec/parameters';
import { ParameterError, readParameters } from '../../format';
import { t } from '../../l10n';
import { readNotebook } from '../notebook-io';

/**
 * `xenlat check`: every problem as `file:line:col: severity: message`, positions in the file. The
 * severity word stays English in every language: editors' problem matchers read it.
 */
export async function checkCommand(file: string, out: (line: string) => void): Promise<number> {
  const { text, notebook } = await readNotebook(file);
  let problems = 0;
  try {
    readParameters(notebook.metadata);
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
    const { line, column } = lineColumn(text, locatePath(text, ['metadata', 'parameters']));
    out(`${file}:${line}:${column}: error: ${err.message}`);
    problems++;
  }
  notebook.cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    const kind = getCellKind(cell.language);
    if (!kind) {
      const { line, column } = lineColumn(text, locatePath(text, ['cells', index, 'language']));
      out(`${file}:${line}:${column}: error: ${t('cell {0}: unknown cell language "{1}"', cell.id, cell.language)}`);
      problems++;
      return;
    }
    // Checked as they run with the parameters' defaults; a value given at run time is a note.
    for (const d of checkWithParameters(kind, cell.source, notebook.metadata)) {
      // Sources are stored one line per array element: the element, then the column inside it.
      const at = locatePath(text, ['cells', index, 'source', d.range.startLine]);
      const { line, column } = lineColumn(text, offsetInStringLiteral(text, at, d.range.startCol));
      out(`${file}:${line}:${column}: ${d.severity}: ${t('cell {0} ({1}): {2}', cell.id, d.path || 'spec', d.message)}`);
      if (d.severity === 'error') problems++;
    }
  });
  return problems === 0 ? 0 : 1;
}
