import type { Preflight } from '../cells/types';

// The words of the question asked before a notebook contacts a host beyond this machine. Plain
// data so that the wording (what is named, which answer is the default) is tested on Node.

export const ALLOW_CONNECTING = 'Allow Connecting';
/** First, so that it is the focused default: Enter must not start sending to someone's machine. */
export const DO_NOT_CONNECT = 'Do Not Connect';

export interface ConsentPrompt {
  message: string;
  detail: string;
  /** In the order shown; the first is the default. */
  choices: [typeof DO_NOT_CONNECT, typeof ALLOW_CONNECTING];
}

export function consentPrompt(host: string, traffic: Preflight['traffic']): ConsentPrompt {
  const where = traffic?.target ?? host;
  return {
    message: `Send requests to ${where} from this machine?`,
    detail: [
      traffic ? `This notebook will send ${traffic.what} to ${where}.` : `This notebook will open connections to ${host} and send requests at the rate its cell asks for.`,
      `If you allow it, Xenlat remembers ${host} for this workspace and will not ask again.`,
    ].join('\n\n'),
    choices: [DO_NOT_CONNECT, ALLOW_CONNECTING],
  };
}

/** What a declined cell says instead of a result: it did not run, and why. */
export function declinedMessage(host: string): string {
  return `Not run: you chose not to connect to ${host}. Run the cell again to be asked again.`;
}
