// Faults are data: every way a request can fail maps to one kind, recorded per request and
// counted in the summary, so a refused connection or a killed server never ends the run.

import { msg } from '../l10n';

export const FAULT_KINDS = [
  'dns',
  'refused',
  'connect-timeout',
  'reset',
  'closed',
  'timeout',
  'auth',
  'server-error',
  'protocol',
  'unreachable',
  'other',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

// Marked for translation; shown with tr() (src/cells/probe/analyze.ts).
export const FAULT_TEXT: Record<FaultKind, string> = {
  dns: msg('name did not resolve'),
  refused: msg('connection refused'),
  'connect-timeout': msg('connect timed out'),
  reset: msg('connection reset'),
  closed: msg('connection closed by the peer mid-request'),
  timeout: msg('no complete response within timeoutMs'),
  auth: msg('authentication failed'),
  'server-error': msg('server answered with an error status'),
  protocol: msg('unparseable response'),
  unreachable: msg('network or host unreachable'),
  other: msg('other error'),
};

export class ProbeFault extends Error {
  constructor(readonly kind: FaultKind, message: string) {
    super(message);
    this.name = 'ProbeFault';
  }
}

/** Node/libuv socket and DNS errors to a fault kind. */
export function faultFromError(err: unknown, during: 'connect' | 'request'): ProbeFault {
  if (err instanceof ProbeFault) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  const msg = typeof e?.message === 'string' && e.message ? e.message : String(err);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return new ProbeFault('dns', msg);
    case 'ECONNREFUSED':
      return new ProbeFault('refused', msg);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ProbeFault('reset', msg);
    case 'ETIMEDOUT':
      return new ProbeFault(during === 'connect' ? 'connect-timeout' : 'timeout', msg);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
      return new ProbeFault('unreachable', msg);
    default:
      return new ProbeFault('other', msg);
  }
}

/** Marks a request failed by `err` (the one place a record gets its fault), stamping its end if not yet set. */
export function recordFailure(
  rec: { tEnd?: number; ok?: boolean; fault?: string; message?: string; cancelled?: boolean },
  err: unknown,
  now: number,
  cancelled: boolean,
  during: 'connect' | 'request' = 'request',
): void {
  rec.tEnd ??= now;
  rec.ok = false;
  const f = faultFromError(err, during);
  rec.fault = f.kind;
  rec.message = f.message;
  if (cancelled) rec.cancelled = true;
}
