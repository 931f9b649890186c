import type { Preflight } from '../cells/types';
import { msg, t, tr } from '../l10n';

// The words of the question asked before a notebook contacts a host beyond this machine. Plain
// data so that the wording (what is named, which answer is the default) is tested on Node.

// The English text of the answers (the prompt shows them in the current language).
export const ALLOW_CONNECTING = msg('Allow Connecting');
/** First, so that it is the focused default: Enter must not start sending to someone's machine. */
export const DO_NOT_CONNECT = msg('Do Not Connect');

export interface ConsentPrompt {
  message: string;
  detail: string;
  /** In the order shown (do not connect, allow connecting), translated; the first is the default. */
  choices: [string, string];
}

export function consentPrompt(host: string, traffic: Preflight['traffic']): ConsentPrompt {
  const where = traffic?.target ?? host;
  return {
    message: t('Send requests to {0} from this machine?', where),
    detail: [
      traffic ? t('This notebook will send {0} to {1}.', traffic.what, where) : t('This notebook will open connections to {0} and send requests at the rate its cell asks for.', host),
      t('If you allow it, Xenlat remembers {0} for this workspace and will not ask again.', host),
    ].join('\n\n'),
    choices: [tr(DO_NOT_CONNECT), tr(ALLOW_CONNECTING)],
  };
}

/** What a declined cell says instead of a result: it did not run, and why. */
export function declinedMessage(host: string): string {
  return t('Not run: you chose not to connect to {0}. Run the cell again to be asked again.', host);
}
