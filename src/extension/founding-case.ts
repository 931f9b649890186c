import * as os from 'node:os';
import * as vscode from 'vscode';

const FOLDER = 'xenlat-founding-case';

/**
 * Opens the founding case ("the black 0.1 second") from a copy: into the first workspace folder
 * (else a temporary folder), with the log it reads, so running and saving it never writes into
 * the extension. An existing copy is opened as it is, with the reader's own edits and results.
 */
export async function openFoundingCase(context: vscode.ExtensionContext): Promise<void> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.tmpdir());
  const dir = vscode.Uri.joinPath(base, FOLDER);
  // The case was first told in Chinese; a reader whose editor speaks Chinese gets it in Chinese.
  const name = foundingCaseFile(vscode.env.language);
  const notebook = vscode.Uri.joinPath(dir, name);
  if (!(await exists(notebook))) {
    const shipped = vscode.Uri.joinPath(context.extensionUri, 'examples');
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(shipped, 'data'), vscode.Uri.joinPath(dir, 'data'), { overwrite: false });
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(shipped, name), notebook, { overwrite: false });
  }
  await vscode.commands.executeCommand('vscode.openWith', notebook, 'xenlat');
}

/** The shipped founding-case notebook for a display language (VS Code's form: `zh-cn`, `en`). */
export function foundingCaseFile(language: string): string {
  return language.toLowerCase().startsWith('zh') ? 'black-0.1s.zh-cn.xenlat' : 'black-0.1s.xenlat';
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
