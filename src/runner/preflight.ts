import { isIP } from 'node:net';
import { getCellKind } from '../cells/registry';
import type { Preflight } from '../cells/types';

export type { Preflight } from '../cells/types';

/**
 * What a cell needs from the shell before it may run (hosts it will contact, stored secrets it
 * names), as its kind says. The shell asks on its own thread, before the cell goes to a worker.
 */
export function preflightOf(language: string, source: string): Preflight {
  const kind = getCellKind(language);
  if (!kind) return { hosts: [], secretNames: [] };
  return kind.preflight(kind.check(source));
}

/**
 * Loopback needs no confirmation: it cannot reach anything beyond this machine. Only the name
 * `localhost` itself counts: other `*.localhost` names go to the system resolver, which need not
 * keep them on this machine (RFC 6761 asks it to, glibc does not).
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}
