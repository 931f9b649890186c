import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getCellKind, languageList } from '../../cells/registry';
import { MIME_MARKDOWN } from '../../format/mimes';
import type { CellRunner } from '../../runner/types';
import { t } from '../../l10n';
import { CliError } from '../notebook-io';
import { cliSecrets } from '../secrets';

export interface ExecOptions {
  json: boolean;
  signal: AbortSignal;
  runner: CellRunner;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** `xenlat exec`: one spec file, run through the same runner as notebook cells. */
export async function execCommand(language: string, specFile: string, opts: ExecOptions): Promise<number> {
  if (!getCellKind(language)) throw new CliError(t('unknown cell language "{0}" (expected {1})', language, languageList('or')));
  let source: string;
  try {
    source = await fs.readFile(specFile, 'utf8');
  } catch (err) {
    throw new CliError(t('{0}: cannot read: {1}', specFile, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
  const r = await opts.runner.run(
    // Printed, not stored: the whole result, samples included even where a notebook leaves them out.
    { language, source, notebookDir: path.dirname(path.resolve(specFile)), keepSamples: true },
    // Outside a notebook: no other cells' results (ctx.cellResult stays absent).
    { signal: opts.signal, onProgress: (m) => opts.stderr(m), preflight: (p) => ({ ok: true, secrets: cliSecrets(p.secretNames) }) },
  );
  if (!r.ok) {
    // With positions, the file:line:col lines say it all; the message repeats them.
    const details = (r.error?.details ?? []).map((d) => `${specFile}:${d.line}:${d.column}: ${d.message}`);
    opts.stderr(r.cancelled ? t('cancelled') : details.length ? details.join('\n') : `${specFile}: ${r.error?.message ?? t('failed')}`);
  }
  if (opts.json) {
    if (r.result) opts.stdout(JSON.stringify(r.result));
  } else if (r.result) {
    const md = r.outputs[0]?.items.find((i) => i.mime === MIME_MARKDOWN)?.value;
    opts.stdout(typeof md === 'string' ? md : JSON.stringify(r.result, null, 2));
  }
  if (r.cancelled) return 130;
  return r.ok ? 0 : 1;
}
