// Waiting for tcpdump to catch up before stopping it. SIGINT ends tcpdump's loop without draining
// the kernel's ring: packets it has not read yet are lost. With -U (and immediate mode) every packet
// it reads is written at once, so a file that has stopped growing means it has read what there was.
// A fixed pause was enough on an idle machine and lost the last packets under load (26 of 30
// requests in a CI run with both cores busy).
import { statSync } from 'node:fs';

export interface SettleOptions {
  /** How long the size must stay the same. */
  quietMs?: number;
  /** Never wait longer than this (a capture that keeps growing: other traffic on the filter). */
  maxMs?: number;
  /** Poll interval. */
  everyMs?: number;
}

/** Resolves once `file` has kept its size for `quietMs` (or after `maxMs`); returns the ms waited. */
export async function waitForCaptureToSettle(file: string, o: SettleOptions = {}): Promise<number> {
  const quietMs = o.quietMs ?? 250;
  const maxMs = o.maxMs ?? 3000;
  const everyMs = o.everyMs ?? 25;
  const size = () => {
    try {
      return statSync(file).size;
    } catch {
      return -1;
    }
  };
  const start = Date.now();
  let last = size();
  let since = start;
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, everyMs));
    const now = size();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) break;
  }
  return Date.now() - start;
}
