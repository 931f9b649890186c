import { isIP } from 'node:net';
import { expandTarget } from '../../probe/target-env';
import type { Preflight } from '../types';
import type { ProbeSpecCheck } from './check';
import { describeProbeTraffic } from './traffic';

/**
 * Which host a probe contacts and which stored secret it reads, for the shell to ask about and
 * grant before the run. Read loosely from the document as written (validation proper is the
 * check's job), so a half-written spec still gets asked about rather than slipping through.
 */
export function probePreflight(checked: ProbeSpecCheck): Preflight {
  // A document that does not parse names nothing (the run fails before connecting).
  if (checked.check.parsed.doc.errors.length > 0) return { hosts: [], secretNames: [] };
  const spec = checked.raw;
  if (!spec || typeof spec !== 'object') return { hosts: [], secretNames: [] };
  const s = spec as { target?: unknown; auth?: { secret?: unknown } };
  let hosts: string[] = [];
  let traffic: Preflight['traffic'];
  if (typeof s.target === 'string') {
    try {
      const target = expandTarget(s.target);
      hosts = [hostOf(target)];
      traffic = { target, what: describeProbeTraffic(checked).traffic };
    } catch {
      hosts = []; // unset variable: the cell fails validation and never connects
    }
  }
  const secret = s.auth && typeof s.auth === 'object' && typeof s.auth.secret === 'string' ? [s.auth.secret] : [];
  const found = hosts.filter((h) => h !== '');
  return { hosts: found, secretNames: secret, ...(found.length && traffic ? { traffic } : {}) };
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
