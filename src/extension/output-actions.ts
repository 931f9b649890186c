// Per-output actions from a cell's "..." menu: take the raw samples and the per-request tables
// out of the notebook (samples are stored encoded in the file, or not at all for a simulation,
// whose cell runs again for them). The CSV comes from the same exporter as `xenlat export --csv`
// (src/export/csv-export.ts). Charts are saved or copied from the toolbar under each chart (the
// renderer draws them as shown).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resultTables } from '../export/csv-export';
import { MIME_RESULT } from '../format';
import { omittedSampleCount } from '../runner/samples-again';
import { cellIdOf } from './cell-ids';
import { samplesByRunningAgain, type RerunDeps } from './samples-rerun';
import { cellStoredResult } from './stored-results';

function items(cell: vscode.NotebookCell, mime: string): Uint8Array[] {
  return cell.outputs.flatMap((o) => o.items.filter((i) => i.mime === mime).map((i) => i.data));
}

/** The stored result (samples still encoded: the exporter decodes them). */
const result = cellStoredResult;

/**
 * The cell a command is for: the cell whose menu it came from; from the palette, the selected
 * cell if it has a result, else the one code cell that has one, else the user picks.
 */
async function targetCell(arg: unknown): Promise<vscode.NotebookCell | undefined> {
  if (arg && typeof arg === 'object' && 'document' in arg && 'outputs' in arg) return arg as vscode.NotebookCell;
  const editor = vscode.window.activeNotebookEditor;
  if (!editor || editor.notebook.notebookType !== 'xenlat') return undefined;
  const withResult = editor.notebook.getCells().filter((c) => items(c, MIME_RESULT).length > 0);
  const selected = editor.selections.flatMap((r) => withResult.filter((c) => c.index >= r.start && c.index < Math.max(r.end, r.start + 1)));
  if (selected.length > 0) return selected[0];
  if (withResult.length <= 1) {
    if (withResult.length === 0) void vscode.window.showInformationMessage(vscode.l10n.t('No cell of this notebook has a result yet: run one first.'));
    return withResult[0];
  }
  const pick = await vscode.window.showQuickPick(
    withResult.map((c) => ({ label: cellLabel(c), description: vscode.l10n.t('cell {0} · {1}', c.index + 1, c.document.languageId), c })),
    { title: vscode.l10n.t('Which cell?') },
  );
  return pick?.c;
}

function cellLabel(cell: vscode.NotebookCell): string {
  const text = cell.document.getText();
  return /^title:\s*(.+)$/m.exec(text)?.[1] ?? /^preset:\s*(.+)$/m.exec(text)?.[1] ?? text.split('\n')[0].slice(0, 60);
}

function cellName(cell: vscode.NotebookCell): string {
  return cellIdOf(cell).replace(/[^\w.-]/g, '-');
}

async function save(cell: vscode.NotebookCell, fileName: string, content: string): Promise<void> {
  const dir = cell.notebook.uri.scheme === 'file' ? vscode.Uri.joinPath(cell.notebook.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ defaultUri: dir ? vscode.Uri.joinPath(dir, fileName) : undefined, filters: { CSV: ['csv'] } });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', path.basename(target.path)));
}

function tablesOf(cell: vscode.NotebookCell): Map<string, string> {
  const r = result(cell);
  return r ? resultTables(r) : new Map();
}

/**
 * The samples of a cell's result as CSV. A result stored without them (a simulation: its kind
 * makes the same result again) gets them by running the cell again, as `xenlat export --csv` does.
 */
async function samplesOf(cell: vscode.NotebookCell, deps: RerunDeps): Promise<string | undefined> {
  const stored = result(cell);
  const csv = stored && resultTables(stored).get('samples');
  if (csv) return csv;
  if (!stored || omittedSampleCount(stored) === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This cell has no stored samples: run it first.'));
    return undefined;
  }
  const samples = await samplesByRunningAgain(cell, stored, cellLabel(cell), deps);
  return samples && resultTables({ samples }).get('samples');
}

export function registerOutputActions(deps: RerunDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('xenlat.openSamplesCsv', async (arg?: unknown) => {
      const cell = await targetCell(arg);
      const csv = cell && (await samplesOf(cell, deps));
      if (!csv) return;
      // VS Code has no built-in CSV language (an extension may add one): plain text otherwise.
      const language = (await vscode.languages.getLanguages()).includes('csv') ? 'csv' : 'plaintext';
      const doc = await vscode.workspace.openTextDocument({ content: csv, language });
      await vscode.window.showTextDocument(doc, { preview: false });
    }),
    vscode.commands.registerCommand('xenlat.saveSamplesCsv', async (arg?: unknown) => {
      const cell = await targetCell(arg);
      const csv = cell && (await samplesOf(cell, deps));
      if (cell && csv) await save(cell, `${cellName(cell)}-samples.csv`, csv);
    }),
    vscode.commands.registerCommand('xenlat.saveTableCsv', async (arg?: unknown) => {
      const cell = await targetCell(arg);
      if (!cell) return;
      const tables = [...tablesOf(cell)].filter(([name]) => name !== 'samples');
      if (tables.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This cell has no per-request table (slowest requests, stalls, sweep rows): run it first.'));
        return;
      }
      const picked = tables.length === 1 ? tables[0] : (await vscode.window.showQuickPick(tables.map((entry) => ({ label: entry[0], entry })), { title: vscode.l10n.t('Which table?') }))?.entry;
      if (picked) await save(cell, `${cellName(cell)}-${picked[0]}.csv`, picked[1]);
    }),
  ];
}
