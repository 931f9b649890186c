// netback's per-vif TX shaper (Linux xen-netback tx_credit_exceeded()/tx_add_credit()): a token
// bucket of credit_bytes refilled every credit_usec. The vif's other transmit traffic is a fluid
// that competes for the window's credit; the modelled requests that find the bucket empty wait
// in FIFO order for the next window.

import type { SimConfig } from './config';

const MTU = 1500;

export class TxShaper {
  private credit = 0;
  private bgBacklogBytes = 0;
  private readonly queue: number[] = [];
  readonly windowUs: number;

  constructor(private readonly c: SimConfig) {
    this.windowUs = c.netback.rateLimitWindowMs * 1000;
  }

  /** Whether request `r` of `bytes` may leave now (credit taken); otherwise it is queued. */
  admit(r: number, bytes: number): boolean {
    if (this.queue.length > 0 || this.credit < bytes) {
      this.queue.push(r);
      return false;
    }
    this.credit -= bytes;
    return true;
  }

  /** A new window's credit; returns the queued requests it releases, oldest first. */
  replenish(bytes: number): number[] {
    const c = this.c;
    this.credit = (c.netback.rateLimitBytesPerSec * this.windowUs) / 1e6;
    // Requests already waiting go first (netback serves its ring in order and they were posted
    // before most of the window's other traffic); the vif's other traffic takes what is left, and
    // TCP keeps that traffic from queueing more than the ring holds.
    let served = 0;
    while (served < this.queue.length && this.credit >= bytes) {
      this.credit -= bytes;
      served++;
    }
    const ready = this.queue.splice(0, served);
    const offered = this.bgBacklogBytes + (c.netback.guestTxBackgroundBytesPerSec * this.windowUs) / 1e6;
    const s = Math.min(this.credit, offered);
    this.credit -= s;
    this.bgBacklogBytes = Math.min(offered - s, c.rings.slots * MTU);
    return ready;
  }
}
