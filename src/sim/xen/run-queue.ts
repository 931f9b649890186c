// The one run-queue insertion both schedulers use: per-pCPU arrays of vCPU numbers kept sorted by
// a key, highest first, FIFO among equal keys (credit1: priority, Xen's __runq_insert; credit2:
// credit, runq_insert).

/** Inserts `v` into `q` after every entry whose key is ≥ key[v]. */
export function insertByKey(q: number[], v: number, key: ArrayLike<number>): void {
  const kv = key[v];
  let i = q.length;
  while (i > 0 && key[q[i - 1]] < kv) i--;
  if (i === q.length) q.push(v);
  else q.splice(i, 0, v);
}
