// The guest's posted RX buffers (netfront fills the RX ring only while its event-channel vCPU
// runs). When that vCPU is runnable but descheduled, the vif's other received traffic uses the
// posted buffers up (a fluid at guestRxBackgroundPktsPerSec); a response then waits in netback
// until the guest runs and posts more, or, beyond netback's queue, is dropped.

import type { SimConfig } from './config';
import { RUNNABLE, type Cpus } from './cpu';

export const RX_OK = 0;
export const RX_WAIT = 1;
export const RX_DROP = 2;

export class RxBuffers {
  /** Responses waiting for the guest to post buffers. */
  readonly waiting: number[] = [];
  private refillQueued = false;
  waits = 0;
  drops = 0;

  constructor(
    private readonly c: SimConfig,
    private readonly cpus: Cpus,
    private readonly evtchnV: number,
    private readonly cbRefill: number,
  ) {}

  /** Whether response `r` finds a buffer now (RX_OK), must wait for the guest (RX_WAIT), or is dropped. */
  admit(r: number, now: number): number {
    const c = this.c;
    const v = this.evtchnV;
    const bgRate = c.netback.guestRxBackgroundPktsPerSec;
    if (bgRate === 0 || this.cpus.state[v] !== RUNNABLE) return RX_OK;
    const used = ((now - this.cpus.lastRunning[v]) * bgRate) / 1e6 + this.waiting.length;
    if (used > c.rings.slots + c.netback.rxQueuePackets) {
      this.drops++;
      return RX_DROP;
    }
    if (used <= c.rings.slots) return RX_OK;
    this.waits++;
    this.waiting.push(r);
    if (!this.refillQueued) {
      this.refillQueued = true;
      this.cpus.submit(v, 1, this.cbRefill, -1);
    }
    return RX_WAIT;
  }

  /** The guest ran and posted buffers: every waiting response may go on; returns them. */
  refilled(): number[] {
    this.refillQueued = false;
    return this.waiting.splice(0, this.waiting.length);
  }
}
