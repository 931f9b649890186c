import * as vscode from 'vscode';
import { isLoopback } from '../runner/preflight';
import { consentPrompt, declinedMessage } from '../runner/consent';
import { referencedResults } from '../runner/cell-results';
import type { Preflight, PreflightAnswer } from '../runner/types';
import { storedResult } from './stored-results';

// The stored name predates this file's: kept, so hosts allowed before stay allowed.
const ALLOWED_HOSTS_KEY = 'xenlat.allowedProbeHosts';
export const SECRET_PREFIX = 'xenlat.secret.';

/** `declined`: the user said no, so the cell did not run (not a failure of the cell). */
export type GuardVerdict = Extract<PreflightAnswer, { ok: false }> | { ok: true; secrets: Record<string, string> };

/**
 * A notebook is a file someone may have sent you: before its cells open connections to a host
 * beyond this machine the user says yes (once per host and workspace), and secrets come from the
 * editor's secret storage at run time, never from the file.
 */
export class RunGuard {
  constructor(private readonly context: vscode.ExtensionContext) {}

  /** Asked with the preflight the cell's worker computed from its checked spec (RunHooks.preflight). */
  async check({ hosts, secretNames, traffic }: Preflight): Promise<GuardVerdict> {
    for (const host of hosts) {
      if (isLoopback(host) || this.allowedHosts().includes(host)) continue;
      const prompt = consentPrompt(host, traffic);
      // VS Code adds a Cancel button (declines, like Escape). Marking "Do Not Connect" as the close
      // affordance would drop it, but VS Code then focuses "Allow Connecting", the only other button,
      // so Enter would allow (checked in code-server 4.139 / VS Code 1.139): the extra button stays.
      const choice = await vscode.window.showWarningMessage(prompt.message, { modal: true, detail: prompt.detail }, ...prompt.choices);
      if (choice !== prompt.choices[1]) return { ok: false, declined: true, message: declinedMessage(host) };
      await this.context.workspaceState.update(ALLOWED_HOSTS_KEY, [...this.allowedHosts(), host]);
    }
    const secrets: Record<string, string> = {};
    for (const name of secretNames) {
      const value = await this.context.secrets.get(SECRET_PREFIX + name);
      if (value === undefined) {
        return { ok: false, message: vscode.l10n.t('The secret "{0}" is not stored in this editor. Run "Xenlat: Store Secret" and enter it under that name.', name) };
      }
      secrets[name] = value;
    }
    return { ok: true, secrets };
  }

  /**
   * The editor's whole answer to a cell's preflight (RunHooks.preflight): the checks above, then
   * the stored results of the cells it reads, from its notebook.
   */
  async answer(preflight: Preflight, notebook: vscode.NotebookDocument): Promise<PreflightAnswer> {
    const verdict = await this.check(preflight);
    if (!verdict.ok) return verdict;
    return { ok: true, secrets: verdict.secrets, cellResults: referencedResults(preflight.cells, (id) => storedResult(notebook, id)) };
  }

  private allowedHosts(): string[] {
    return this.context.workspaceState.get<string[]>(ALLOWED_HOSTS_KEY, []);
  }
}
