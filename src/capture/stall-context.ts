// Why a slow request was slow, in the TCP's own words: the events of its connection between
// its first request byte and its last response byte, as short sentences ("response
// retransmitted after 204 ms"), most telling first.
import { t } from '../l10n';
import type { ConnectionSummary, TcpEvent } from './connection';
import type { RequestRow } from './pairing';

export type CaptureSide = 'client' | 'server';

export interface StallContext {
  /** The TCP events inside the request's window, as sentences (empty when TCP saw nothing odd). */
  sentences: string[];
  /** What the time went to when TCP has no event to show: `far-side` (after the request left, before the answer came), or the request/response `spread` in time. */
  where: 'tcp' | 'far-side' | 'request-spread' | 'response-spread';
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function sentence(e: TcpEvent): string {
  const req = e.dir === 'to-server';
  // One whole sentence per direction, so that a translation can word each as it needs.
  switch (e.kind) {
    case 'retransmission':
      return req ? t('request retransmitted after {0} ms', ms(e.ms ?? 0)) : t('response retransmitted after {0} ms', ms(e.ms ?? 0));
    case 'fast-retransmission':
      return req ? t('request segment lost and fast-retransmitted after duplicate ACKs') : t('response segment lost and fast-retransmitted after duplicate ACKs');
    case 'spurious-retransmission':
      return req ? t('request sent again although already acknowledged (spurious retransmission)') : t('response sent again although already acknowledged (spurious retransmission)');
    case 'nagle':
      return req ? t("request tail held {0} ms for the peer's ACK (Nagle)", ms(e.ms ?? 0)) : t("response tail held {0} ms for the peer's ACK (Nagle)", ms(e.ms ?? 0));
    case 'delayed-ack':
      return req ? t("the client's ACK was delayed {0} ms (delayed ACK)", ms(e.ms ?? 0)) : t("the server's ACK was delayed {0} ms (delayed ACK)", ms(e.ms ?? 0));
    case 'zero-window':
      return req ? t("the client's receive window was zero (it was not reading)") : t("the server's receive window was zero (it was not reading)");
  }
}

const ORDER: TcpEvent['kind'][] = ['retransmission', 'fast-retransmission', 'nagle', 'zero-window', 'delayed-ack', 'spurious-retransmission'];

/** Events that explain a wait by themselves; a delayed ACK or a spurious resend only accompany one. */
const EXPLAINS = new Set<TcpEvent['kind']>(['retransmission', 'fast-retransmission', 'nagle', 'zero-window']);

export function stallContext(row: RequestRow, conn: ConnectionSummary | undefined, side: CaptureSide): StallContext {
  const from = row.reqFirstMs;
  const to = row.resLastMs ?? row.reqLastMs;
  const events = (conn?.events ?? []).filter((e) => e.t >= from && e.t <= to);
  events.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (b.ms ?? 0) - (a.ms ?? 0));
  const sentences = [...new Set(events.map(sentence))];
  if (events.some((e) => EXPLAINS.has(e.kind))) return { sentences, where: 'tcp' };
  // No TCP event explains it: say where the time sat, then what TCP saw besides.
  const reqSpread = row.reqLastMs - row.reqFirstMs;
  const resSpread = row.resFirstMs !== undefined && row.resLastMs !== undefined ? row.resLastMs - row.resFirstMs : 0;
  const far = row.serverMs ?? 0;
  if (far >= reqSpread && far >= resSpread) {
    const text =
      side === 'client'
        ? t("{0} ms passed between the request's last byte and the response's first byte: time spent by the network and the server, beyond this capture", ms(far))
        : t("{0} ms passed between the request's last byte and the response's first byte: time spent by the server, beyond this capture", ms(far));
    return { sentences: [text, ...sentences], where: 'far-side' };
  }
  if (reqSpread >= resSpread) return { sentences: [t('the request took {0} ms to pass the capture point completely', ms(reqSpread)), ...sentences], where: 'request-spread' };
  return { sentences: [t('the response took {0} ms to pass the capture point completely', ms(resSpread)), ...sentences], where: 'response-spread' };
}
