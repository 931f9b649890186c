// The editor's exports other than HTML: each asks where, then writes what the plain-Node
// exporter (src/export/) returns. No vega in the editor's bundle: charts use their stored SVGs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plainToNotebook, type NotebookFile } from '../format';
import { exportCsv } from '../export/csv-export';
import { exportIpynb } from '../export/ipynb';
import { exportMarkdown } from '../export/markdown';
import { exportTrace } from '../export/trace';
import { fromNotebookDocument } from './serializer';

interface FileExport {
  command: string;
  what: string;
  ext: string;
  filter: string;
  write(nb: NotebookFile): Promise<string>;
}

interface FolderExport {
  command: string;
  what: string;
  write(nb: NotebookFile): Promise<Map<string, string>>;
}

const FILE_EXPORTS: FileExport[] = [
  { command: 'xenlat.exportTrace', what: 'Perfetto trace', ext: 'trace.json', filter: 'Chrome/Perfetto trace', write: async (nb) => exportTrace(nb).text },
  { command: 'xenlat.exportIpynb', what: 'Jupyter notebook', ext: 'ipynb', filter: 'Jupyter notebook', write: async (nb) => JSON.stringify(await exportIpynb(nb), null, 1) + '\n' },
];

const FOLDER_EXPORTS: FolderExport[] = [
  { command: 'xenlat.exportMarkdown', what: 'Markdown', write: async (nb) => (await exportMarkdown(nb)).files },
  { command: 'xenlat.exportCsv', what: 'CSV', write: async (nb) => exportCsv(nb) },
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

export function registerExportCommands(): vscode.Disposable[] {
  const encode = (s: string) => new TextEncoder().encode(s);
  return [
    ...FILE_EXPORTS.map((e) =>
      vscode.commands.registerCommand(e.command, async () => {
        const active = activeXenlat();
        if (!active) return;
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(active.dir, `${active.base}.${e.ext}`), filters: { [e.filter]: [e.ext.split('.').pop()!] } });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, encode(await e.write(plainToNotebook(fromNotebookDocument(active.doc)))));
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
        const files = await e.write(plainToNotebook(fromNotebookDocument(active.doc)));
        await vscode.workspace.fs.createDirectory(folder);
        for (const [name, text] of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), encode(text));
        void vscode.window.showInformationMessage(`Exported ${files.size} file(s) to ${path.basename(folder.path)}`);
      }),
    ),
  ];
}
