/**
 * Timeouts that do not blame the other side for the probe's own pauses. Node runs due timers
 * before it reads sockets, so when the probe itself was paused past a deadline (a long GC, a
 * descheduled vCPU), a plain timer would fail a request whose answer is already waiting unread,
 * or one whose bytes only left when the pause ended: the client's own stall would be recorded as
 * the server's timeout.
 */

/** Runs `fn` after one round of I/O; returns the function that cancels it. */
export function afterIo(fn: () => void): () => void {
  const immediate = setImmediate(fn);
  return () => clearImmediate(immediate);
}

/** A timer this much late is a pause of the process, not timer jitter (timers oversleep by ~1 ms). */
const PAUSED_MS = 2;

/**
 * `setTimeout` that, when it fires late because the process was paused, first gives the other
 * side the time it lost (at most `ms` more in all), and then one round of I/O; returns the
 * function that cancels it.
 */
export function setDeadline(fn: () => void, ms: number): () => void {
  let cancelIo: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let extended = 0;
  const arm = (wait: number) => {
    const due = performance.now() + wait;
    timer = setTimeout(() => {
      const late = performance.now() - due;
      if (late > PAUSED_MS && extended < ms) {
        const more = Math.min(late, ms - extended);
        extended += more;
        arm(more);
      } else cancelIo = afterIo(fn);
    }, wait);
  };
  arm(ms);
  return () => {
    clearTimeout(timer);
    cancelIo?.();
  };
}
