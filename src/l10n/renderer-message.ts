// How the notebook renderer (a browser bundle in a webview, with no file access and no
// vscode.l10n) gets the editor's bundle: at activation it asks the extension, which answers with
// the bundle in use. Plain module, shared by both sides and tested on Node. A renderer that gets
// no answer (an exported page, a viewer without the extension) stays English.
import type { Bundle } from './index';

export interface L10nRequest {
  type: 'xenlat-l10n-request';
}

export interface L10nReply {
  type: 'xenlat-l10n';
  /** Absent for English. */
  bundle?: Bundle;
}

export const L10N_REQUEST: L10nRequest = { type: 'xenlat-l10n-request' };

export function isL10nRequest(message: unknown): boolean {
  return !!message && typeof message === 'object' && (message as { type?: unknown }).type === L10N_REQUEST.type;
}

export function l10nReply(bundle: Bundle | undefined): L10nReply {
  return bundle && Object.keys(bundle).length > 0 ? { type: 'xenlat-l10n', bundle } : { type: 'xenlat-l10n' };
}

/**
 * The bundle of a reply (undefined for English), or null when `message` is not a reply. Only
 * string-to-string entries are kept: the renderer puts these texts into its pages.
 */
export function bundleOfReply(message: unknown): Bundle | undefined | null {
  if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== 'xenlat-l10n') return null;
  const raw = (message as { bundle?: unknown }).bundle;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Bundle = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}
