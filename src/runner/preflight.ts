import { isIP } from 'node:net';

// What a cell needs from the shell before it may run (hosts it will contact, stored secrets it
// names, other cells' results) is its kind's `preflight`, computed in the worker from the one
// checked spec and sent to the shell (RunHooks.preflight); nothing on the shell's thread checks a spec.

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
