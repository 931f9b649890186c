// The editor's exports other than HTML: each asks where, then writes what the plain-Node
// exporter (src/export/) returns. No vega in the editor's bundle: charts use their stored SVGs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plainToNotebook, type NotebookFile } from '../format';
import { cellsWithOmittedSamples, exportCsv } from '../export/csv-export';
import { exportIpynb } from '../export/ipynb';
import { exportMarkdown } from '../export/markdown';
import { exportTrace } from '../export/trace';
import { chartsToDraw, drawnSvgs, safeName, type SvgRenderer } from '../export/notebook-outputs';
import { SvgCache } from '../export/svg-cache';
import { renderSvgsInWorker } from '../runner/svg-worker';
import { fromNotebookDocument } from './serializer';
import { msg, tr } from '../l10n';
import { regeneratedForExport, type RerunDeps } from './samples-rerun';

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
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Xenlat: drawing {0} chart(s) for the export', specs.length) }, () =>
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
  /** The file's text, maybe in pieces (a trace with every request can be longer than one string). */
  write(nb: NotebookFile, renderSvg: SvgRenderer, doc: vscode.NotebookDocument): Promise<string | string[]>;
}

interface FolderExport {
  command: string;
  what: string;
  charts: boolean;
  write(nb: NotebookFile, renderSvg: SvgRenderer, doc: vscode.NotebookDocument): Promise<Map<string, string>>;
  /** What the reader should know about the export (given the files written), if anything. */
  note?(nb: NotebookFile, files: Map<string, string>): string | undefined;
}

const fileExports = (rerun: RerunDeps): FileExport[] => [
  {
    command: 'xenlat.exportTrace',
    what: 'Perfetto trace',
    ext: 'trace.json',
    filter: msg('Chrome/Perfetto trace'),
    charts: false,
    // Every request of a simulation, as `xenlat export --trace` gives: its cell runs again for them.
    write: async (nb, _renderSvg, doc) => exportTrace(nb, await regeneratedForExport(doc, rerun)).chunks,
  },
  { command: 'xenlat.exportIpynb', what: 'Jupyter notebook', ext: 'ipynb', filter: msg('Jupyter notebook'), charts: true, write: async (nb, renderSvg) => JSON.stringify(await exportIpynb(nb, { renderSvg }), null, 1) + '\n' },
];

const folderExports = (rerun: RerunDeps): FolderExport[] => [
  { command: 'xenlat.exportMarkdown', what: 'Markdown', charts: true, write: async (nb, renderSvg) => (await exportMarkdown(nb, { renderSvg })).files },
  {
    command: 'xenlat.exportCsv',
    what: 'CSV',
    charts: false,
    // Reproducible results are stored without their samples and requests: their cells run again
    // for them (one re-run per cell, as `xenlat export --csv`).
    write: async (nb, _renderSvg, doc) => exportCsv(nb, await regeneratedForExport(doc, rerun)),
    note: (nb, files) => {
      const missing = cellsWithOmittedSamples(nb).filter((c) => !files.has(`${safeName(c.id)}-samples.csv`)).map((c) => c.id);
      return missing.length ? vscode.l10n.t('Left out: the samples of {0} (not stored, and not made again).', missing.join(', ')) : undefined;
    },
  },
];

/**
 * UTF-8 of the text, written piece by piece into one buffer (the founding case's trace is ~700 MB:
 * more than one string can hold); each piece is let go once copied, so the text is not held twice.
 */
function encodePieces(text: string | string[]): Uint8Array {
  if (typeof text === 'string') return Buffer.from(text, 'utf8');
  let bytes = 0;
  for (const piece of text) bytes += Buffer.byteLength(piece, 'utf8');
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    at += out.write(text[i]!, at, 'utf8');
    text[i] = '';
  }
  return out;
}

/** The active Xenlat notebook with the name and folder its exports default to; says so when there is none. */
export function activeXenlat(): { doc: vscode.NotebookDocument; base: string; dir: vscode.Uri } | undefined {
  const doc = vscode.window.activeNotebookEditor?.notebook;
  if (!doc || doc.notebookType !== 'xenlat') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a Xenlat notebook to export it.'));
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

export function registerExportCommands(workerScript: string, rerun: RerunDeps): vscode.Disposable[] {
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    ...fileExports(rerun).map((e) =>
      vscode.commands.registerCommand(e.command, async () => {
        const active = activeXenlat();
        if (!active) return;
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(active.dir, `${active.base}.${e.ext}`), filters: { [tr(e.filter)]: [e.ext.split('.').pop()!] } });
        if (!target) return;
        const { notebook, renderSvg } = await input(active.doc, e.charts, workerScript);
        await vscode.workspace.fs.writeFile(target, encodePieces(await e.write(notebook, renderSvg, active.doc)));
        void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0}', path.basename(target.path)));
      }),
    ),
    ...folderExports(rerun).map((e) =>
      vscode.commands.registerCommand(e.command, async () => {
        const active = activeXenlat();
        if (!active) return;
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: active.dir, openLabel: vscode.l10n.t('Export {0} here', e.what) });
        if (!picked?.[0]) return;
        const folder = vscode.Uri.joinPath(picked[0], `${active.base}-${e.what.toLowerCase()}`);
        const { notebook, renderSvg } = await input(active.doc, e.charts, workerScript);
        const files = await e.write(notebook, renderSvg, active.doc);
        await vscode.workspace.fs.createDirectory(folder);
        for (const [name, text] of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), encode(text));
        // Two sentences, each whole: the note is its own message.
        const note = e.note?.(notebook, files);
        void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} file(s) to {1}.', files.size, path.basename(folder.path)) + (note ? ` ${note}` : ''));
      }),
    ),
  ];
}
