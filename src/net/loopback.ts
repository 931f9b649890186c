// Whether a host is this machine, by its name or address alone (no lookup): the shell asks no
// confirmation before probing it, and the probe's capture listens on `lo` for it.
import { isIP } from 'node:net';

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
