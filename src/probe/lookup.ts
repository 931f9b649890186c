import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ProbeFault } from './faults';
import { setDeadline } from './deadline';

/** Name to address; the system resolver unless a test injects a slow or failing one. */
export type LookupFn = (host: string) => Promise<string>;

export interface ResolveOptions {
  /** Stops waiting at once (the lookup itself cannot be recalled, its answer is ignored). */
  signal?: AbortSignal;
  /** A resolver that does not answer is a DNS fault, not a hang. */
  timeoutMs?: number;
  lookup?: LookupFn;
}

const systemLookup: LookupFn = async (host) => (await dnsLookup(host)).address;

/**
 * Resolves a target host to one address. Names under `.invalid` fail here without a query:
 * RFC 6761 reserves them to never resolve, and not asking keeps a probe of a typo'd or test
 * name from sending traffic to whatever resolver the machine has.
 */
export async function resolveHost(host: string, options: ResolveOptions = {}): Promise<string> {
  if (isIP(host)) return host;
  if (/(^|\.)invalid\.?$/i.test(host)) {
    throw new ProbeFault('dns', `getaddrinfo ENOTFOUND ${host} (.invalid names never resolve, RFC 6761)`);
  }
  const { signal, timeoutMs } = options;
  if (signal?.aborted) throw new ProbeFault('other', 'cancelled');
  let onAbort: (() => void) | undefined;
  let cancelTimer: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ProbeFault('other', 'cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      cancelTimer = setDeadline(() => reject(new ProbeFault('dns', `no answer resolving ${host} within ${timeoutMs} ms`)), timeoutMs);
    }
  });
  const answer = (options.lookup ?? systemLookup)(host).catch((e: NodeJS.ErrnoException) => {
    throw e instanceof ProbeFault ? e : new ProbeFault('dns', e.message || `cannot resolve ${host}`);
  });
  try {
    return await Promise.race([answer, stop]);
  } finally {
    cancelTimer?.();
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    answer.catch(() => {});
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
