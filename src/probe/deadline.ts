/**
 * A timeout that lets one round of I/O run before it fires. Node runs due timers before it reads
 * sockets, so when the probe itself was paused past a deadline (a long GC, a descheduled vCPU),
 * a plain timer would fail a request whose answer is already waiting unread: the client's own
 * stall would be recorded as the server's timeout.
 */
export function afterIo(fn: () => void): () => void {
  const immediate = setImmediate(fn);
  return () => clearImmediate(immediate);
}

/** `setTimeout`, then one round of I/O (see `afterIo`); returns the function that cancels it. */
export function setDeadline(fn: () => void, ms: number): () => void {
  let cancelIo: (() => void) | undefined;
  const timer = setTimeout(() => (cancelIo = afterIo(fn)), ms);
  return () => {
    clearTimeout(timer);
    cancelIo?.();
  };
}
