import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ProbeFault } from './faults';

/**
 * Resolves a target host to one address. Names under `.invalid` fail here without a query:
 * RFC 6761 reserves them to never resolve, and not asking keeps a probe of a typo'd or test
 * name from sending traffic to whatever resolver the machine has.
 */
export async function resolveHost(host: string): Promise<string> {
  if (isIP(host)) return host;
  if (/(^|\.)invalid\.?$/i.test(host)) {
    throw new ProbeFault('dns', `getaddrinfo ENOTFOUND ${host} (.invalid names never resolve, RFC 6761)`);
  }
  try {
    const r = await dnsLookup(host);
    return r.address;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ProbeFault('dns', err.message || `cannot resolve ${host}`);
  }
}

export interface Target {
  host: string;
  port: number;
}

/** `host:port`, `[v6]:port`; undefined when malformed. */
export function parseTarget(text: string): Target | undefined {
  const m = /^\s*(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})\s*$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] ?? m[2], port };
}
