// The editor's exports other than HTML: each asks where, then writes what the plain-Node
// exporter (src/export/) returns. No vega in the editor's bundle: charts use their stored SVGs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plainToNotebook, type NotebookFile } from '../format';
import { cellsWithOmittedSamples, exportCsv } from '../export/csv-export';
import { exportIpynb } from '../export/ipynb';
import { exportMarkdown } from '../export/markdown';
import { exportTrace } from '../export/trace';
import { chartsToDraw, drawnSvgs, type SvgRenderer } from '../export/notebook-outputs';
import { SvgCache } from '../export/svg-cache';
import { renderSvgsInWorker } from '../runner/svg-worker';
import { fromNotebookDocument } from './serializer';

/** Charts drawn for an export, kept for the next one (HTML, then Markdown, then Jupyter: drawn once). */
const drawnCharts = new SvgCache();

/**
 * The notebook as the exporters read it, and a renderer for its charts: the file stores Vega-Lite
 * specs only, so the SVGs not drawn for an earlier export are drawn first, all at once in a worker
 * (with progress shown).
 */
export async function exportInput(doc: vscode.NotebookDocument, workerScript: string): Promise<{ notebook: NotebookFile; renderSvg: SvgRenderer }> {
  const notebook = plainToNotebook(fromNotebookDocument(doc));
  const renderSvg = await drawnCharts.renderer(chartsToDraw(notebook), (specs) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Xenlat: drawing ${specs.length} chart(s) for the export` }, () =>
      renderSvgsInWorker(workerScript, specs),
    ),
  );
  return { notebook, renderSvg };
}

interface FileExport {
  command: string;
  what: string;
  ext: string;
  filter: string;
  /** Whether it shows charts (they are drawn first). */
  charts: boolean;
  write(nb: NotebookFile, renderSvg: SvgRenderer): Promise<string>;
}

interface FolderExport {
  command: string;
  what: string;
  charts: boolean;
  write(nb: NotebookFile, renderSvg: SvgRenderer): Promise<Map<string, string>>;
  /** What the reader should know about the export, if anything. */
  note?(nb: NotebookFile): string | undefined;
}

const FILE_EXPORTS: FileExport[] = [
  { command: 'xenlat.exportTrace', what: 'Perfetto trace', ext: 'trace.json', filter: 'Chrome/Perfetto trace', charts: false, write: async (nb) => exportTrace(nb).text },
  { command: 'xenlat.exportIpynb', what: 'Jupyter notebook', ext: 'ipynb', filter: 'Jupyter notebook', charts: true, write: async (nb, renderSvg) => JSON.stringify(await exportIpynb(nb, { renderSvg }), null, 1) + '\n' },
];

const FOLDER_EXPORTS: FolderExport[] = [
  { command: 'xenlat.exportMarkdown', what: 'Markdown', charts: true, write: async (nb, renderSvg) => (await exportMarkdown(nb, { renderSvg })).files },
  {
    command: 'xenlat.exportCsv',
    what: 'CSV',
    charts: false,
    write: async (nb) => exportCsv(nb),
    note: (nb) => {
      const omitted = cellsWithOmittedSamples(nb).map((c) => c.id);
      // Reproducible results are stored without their samples; the CLI runs those cells again for them.
      return omitted.length ? ` Not stored, so not exported: the samples of ${omitted.join(', ')} (\`xenlat export --csv\` runs those cells again to include them).` : undefined;
    },
  },
];

function activeXenlat(): { doc: vscode.NotebookDocument; base: string; dir: vscode.Uri } | undefined {
  const doc = vscode.window.activeNotebookEditor?.notebook;
  if (!doc || doc.notebookType !== 'xenlat') {
    void vscode.window.showErrorMessage('Open a Xenlat notebook to export it.');
    return undefined;
  }
  const base = doc.uri.scheme === 'untitled' ? 'investigation' : path.basename(doc.uri.path, '.xenlat');
  const dir = doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..') : vscode.Uri.file(process.cwd());
  return { doc, base, dir };
}

function input(doc: vscode.NotebookDocument, charts: boolean, workerScript: string): Promise<{ notebook: NotebookFile; renderSvg: SvgRenderer }> {
  if (charts) return exportInput(doc, workerScript);
  return Promise.resolve({ notebook: plainToNotebook(fromNotebookDocument(doc)), renderSvg: drawnSvgs([], []) });
}

export function registerExportCommands(workerScript: string): vscode.Disposable[] {
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    ...FILE_EXPORTS.map((e) =>
      vscode.commands.registerCommand(e.command, async () => {
        const active = activeXenlat();
        if (!active) return;
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(active.dir, `${active.base}.${e.ext}`), filters: { [e.filter]: [e.ext.split('.').pop()!] } });
        if (!target) return;
        const { notebook, renderSvg } = await input(active.doc, e.charts, workerScript);
        await vscode.workspace.fs.writeFile(target, encode(await e.write(notebook, renderSvg)));
        void vscode.window.showInformationMessage(`Exported ${path.basename(target.path)}`);
      }),
    ),
    ...FOLDER_EXPORTS.map((e) =>
      vscode.commands.registerCommand(e.command, async () => {
        const active = activeXenlat();
        if (!active) return;
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: active.dir, openLabel: `Export ${e.what} here` });
        if (!picked?.[0]) return;
        const folder = vscode.Uri.joinPath(picked[0], `${active.base}-${e.what.toLowerCase()}`);
        const { notebook, renderSvg } = await input(active.doc, e.charts, workerScript);
        const files = await e.write(notebook, renderSvg);
        await vscode.workspace.fs.createDirectory(folder);
        for (const [name, text] of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), encode(text));
        void vscode.window.showInformationMessage(`Exported ${files.size} file(s) to ${path.basename(folder.path)}.${e.note?.(notebook) ?? ''}`);
      }),
    ),
  ];
}
