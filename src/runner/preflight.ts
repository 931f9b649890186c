import YAML from 'yaml';
import { isIP } from 'node:net';
import { expandTarget } from '../probe/target-env';

// What a cell needs from the shell before it may run: which hosts it will contact and which stored
// secrets it names. Read loosely from the YAML (validation proper is the cell kind's job), so a
// half-written spec still gets asked about rather than slipping through.

export interface Preflight {
  /** Hosts (without port) the cell will open connections to. */
  hosts: string[];
  /** Names of secrets from the editor's secret storage (`auth.secret`). */
  secretNames: string[];
}

export function preflightOf(language: string, source: string): Preflight {
  if (language !== 'xenlat-probe') return { hosts: [], secretNames: [] };
  let spec: unknown;
  try {
    spec = YAML.parse(source);
  } catch {
    return { hosts: [], secretNames: [] };
  }
  if (!spec || typeof spec !== 'object') return { hosts: [], secretNames: [] };
  const s = spec as { target?: unknown; auth?: { secret?: unknown } };
  let hosts: string[] = [];
  if (typeof s.target === 'string') {
    try {
      hosts = [hostOf(expandTarget(s.target))];
    } catch {
      hosts = []; // unset variable: the cell fails validation and never connects
    }
  }
  const secret = s.auth && typeof s.auth === 'object' && typeof s.auth.secret === 'string' ? [s.auth.secret] : [];
  return { hosts: hosts.filter((h) => h !== ''), secretNames: secret };
}

/** `host:port`, `[v6]:port` or a bare host → the host. */
export function hostOf(target: string): string {
  const t = target.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return bracketed[1];
  if (isIP(t) === 6) return t;
  const i = t.lastIndexOf(':');
  return (i >= 0 ? t.slice(0, i) : t).toLowerCase();
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
