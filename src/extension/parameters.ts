// The editor's side of notebook parameters: the values the user set for a notebook ("Xenlat: Set
// Parameters...", remembered per notebook in the workspace) over the defaults its metadata declares.
import * as vscode from 'vscode';
import { readParameters, resolveParameters, type ParameterValues } from '../format';

const KEY = 'xenlat.parameterValues';

export class ParameterValuesStore {
  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): Record<string, string> {
    return this.state.get<Record<string, Record<string, string>>>(KEY, {})[uri.toString()] ?? {};
  }

  async set(uri: vscode.Uri, values: Record<string, string>): Promise<void> {
    const all = { ...this.state.get<Record<string, Record<string, string>>>(KEY, {}), [uri.toString()]: values };
    await this.state.update(KEY, all);
  }

  /** This run's values; stored values of parameters the notebook no longer declares are dropped. Throws ParameterError. */
  valuesFor(notebook: vscode.NotebookDocument): ParameterValues {
    const declared = readParameters(notebook.metadata ?? {});
    const names = new Set(declared.map((p) => p.name));
    return resolveParameters(declared, Object.fromEntries(Object.entries(this.get(notebook.uri)).filter(([k]) => names.has(k))));
  }
}

export function registerParameterCommand(store: ParameterValuesStore): vscode.Disposable {
  return vscode.commands.registerCommand('xenlat.setParameters', async () => {
    const doc = vscode.window.activeNotebookEditor?.notebook;
    if (!doc || doc.notebookType !== 'xenlat') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a Xenlat notebook to set its parameters.'));
      return;
    }
    let declared;
    try {
      declared = readParameters(doc.metadata ?? {});
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Xenlat: {0}', (err as Error).message));
      return;
    }
    if (declared.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This notebook declares no parameters (metadata.parameters: name, default, description; cells use them as ${name}).'));
      return;
    }
    const current = store.get(doc.uri);
    const next: Record<string, string> = {};
    for (const [i, p] of declared.entries()) {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Xenlat parameter {0}/{1}: {2}', i + 1, declared.length, p.name),
        prompt: [p.description, p.default !== undefined ? vscode.l10n.t('default: {0} (leave empty for the default)', p.default) : vscode.l10n.t('no default: a value is needed')].filter(Boolean).join(' · '),
        value: current[p.name] ?? '',
        placeHolder: p.default,
        validateInput: (v) => (/[\r\n]/.test(v) ? vscode.l10n.t('One line') : undefined),
      });
      if (value === undefined) return; // Escape: nothing changes
      if (value !== '') next[p.name] = value;
    }
    await store.set(doc.uri, next);
    const shown = Object.entries(next).map(([k, v]) => `${k}=${v}`).join(', ');
    void vscode.window.showInformationMessage(shown ? vscode.l10n.t('Xenlat parameters for the next runs: {0}', shown) : vscode.l10n.t('Xenlat parameters: the defaults'));
  });
}
