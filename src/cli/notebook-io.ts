import { promises as fs } from 'node:fs';
import { describeFormatError, FormatError, parseNotebook, type NotebookFile } from '../format';
import { t } from '../l10n';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export async function readNotebook(file: string): Promise<{ text: string; notebook: NotebookFile }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(t('{0}: cannot read: {1}', file, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
  try {
    return { text, notebook: parseNotebook(text, file) };
  } catch (err) {
    // `file:line:col:` for editors' problem matchers, then the words the editor uses.
    if (err instanceof FormatError) throw new CliError(`${cliWhere(file, err)}: ${describeFormatError(err, { position: false })}`);
    throw err;
  }
}

function cliWhere(file: string, err: FormatError): string {
  if (err.line === undefined) return file;
  return `${file}:${err.line}${err.column !== undefined ? `:${err.column}` : ''}`;
}
