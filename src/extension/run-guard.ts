import * as vscode from 'vscode';
import { isLoopback, preflightOf } from '../runner/preflight';

// The stored name predates this file's: kept, so hosts allowed before stay allowed.
const ALLOWED_HOSTS_KEY = 'xenlat.allowedProbeHosts';
export const SECRET_PREFIX = 'xenlat.secret.';

export type GuardVerdict = { ok: true; secrets: Record<string, string> } | { ok: false; message: string };

/**
 * A notebook is a file someone may have sent you: before its cells open connections to a host
 * beyond this machine the user says yes (once per host and workspace), and secrets come from the
 * editor's secret storage at run time, never from the file.
 */
export class RunGuard {
  constructor(private readonly context: vscode.ExtensionContext) {}

  async check(language: string, source: string): Promise<GuardVerdict> {
    const { hosts, secretNames } = preflightOf(language, source);
    for (const host of hosts) {
      if (isLoopback(host) || this.allowedHosts().includes(host)) continue;
      const allow = 'Allow';
      const choice = await vscode.window.showWarningMessage(
        `This notebook wants to contact ${host}. Xenlat will open connections to it and send requests at the rate the cell asks for. Allow contacting ${host} from this workspace?`,
        { modal: true },
        allow,
      );
      if (choice !== allow) return { ok: false, message: `Not run: contacting ${host} was not allowed.` };
      await this.context.workspaceState.update(ALLOWED_HOSTS_KEY, [...this.allowedHosts(), host]);
    }
    const secrets: Record<string, string> = {};
    for (const name of secretNames) {
      const value = await this.context.secrets.get(SECRET_PREFIX + name);
      if (value === undefined) {
        return { ok: false, message: `The secret "${name}" is not stored in this editor. Run "Xenlat: Store Secret" and enter it under that name.` };
      }
      secrets[name] = value;
    }
    return { ok: true, secrets };
  }

  private allowedHosts(): string[] {
    return this.context.workspaceState.get<string[]>(ALLOWED_HOSTS_KEY, []);
  }
}
