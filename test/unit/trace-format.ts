// The trace event format's rules that Xenlat's trace must keep, as a check shared by the trace tests.
import assert from 'node:assert/strict';

export interface Ev {
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  name: string;
  cat?: string;
  id?: string;
  s?: string;
  args?: Record<string, unknown>;
}

/**
 * The rules of the trace event format (Google's "Trace Event Format" document) that matter for
 * what Xenlat writes, checked on the parsed file: known phases; integer pid/tid; ts in µs, rebased
 * so each process starts at 0; nestable async b/e pairs per (cat, id) properly nested with
 * matching names and no time running backwards, children inside their parent; X events with a
 * duration, never overlapping on one thread; thread-scoped instants; numeric counter args; a
 * process_name for every process and a thread_name for every thread that has events.
 */
export function checkTrace(text: string): { events: Ev[]; slices: Map<string, { name: string; ts: number; end: number; children: { name: string; ts: number; end: number }[] }> } {
  const doc = JSON.parse(text) as { traceEvents: Ev[]; displayTimeUnit?: string };
  assert.ok(Array.isArray(doc.traceEvents));
  assert.ok(doc.displayTimeUnit === undefined || doc.displayTimeUnit === 'ms' || doc.displayTimeUnit === 'ns');
  const events = doc.traceEvents;
  const minTs = new Map<number, number>();
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const usedThreads = new Set<string>();
  const open = new Map<string, { name: string; ts: number }[]>();
  const slices = new Map<string, { name: string; ts: number; end: number; children: { name: string; ts: number; end: number }[] }>();
  const xByThread = new Map<string, [number, number][]>();
  for (const e of events) {
    assert.ok(['b', 'e', 'X', 'i', 'C', 'M'].includes(e.ph), `phase ${e.ph}`);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), 'integer pid/tid');
    assert.equal(typeof e.name, 'string');
    if (e.ph === 'M') {
      assert.equal(typeof e.args?.name === 'string' || typeof e.args?.sort_index === 'number', true);
      if (e.name === 'process_name') processNames.add(e.pid);
      if (e.name === 'thread_name') threadNames.add(`${e.pid}/${e.tid}`);
      continue;
    }
    assert.equal(typeof e.ts, 'number');
    assert.ok(Number.isFinite(e.ts) && e.ts! >= 0, `ts ${e.ts}`);
    // µs with at most ns resolution (3 decimals): no float noise that says otherwise.
    assert.match(String(e.ts), /^\d+(\.\d{1,3})?$/, `ts ${e.ts}`);
    minTs.set(e.pid, Math.min(minTs.get(e.pid) ?? Infinity, e.ts!));
    if (e.ph !== 'C') usedThreads.add(`${e.pid}/${e.tid}`);
    if (e.ph === 'b' || e.ph === 'e') {
      assert.equal(typeof e.cat, 'string');
      assert.match(e.id ?? '', /^0x[0-9a-f]+$/);
      const key = `${e.cat}/${e.id}`;
      const stack = open.get(key) ?? [];
      if (e.ph === 'b') {
        if (stack.length === 0) assert.ok(!slices.has(key), `id ${key} reused for a second top-level slice`);
        if (stack.length > 0) assert.ok(e.ts! >= stack[stack.length - 1]!.ts, 'child begins before its parent');
        stack.push({ name: e.name, ts: e.ts! });
        open.set(key, stack);
      } else {
        const top = stack.pop();
        assert.ok(top, `e without b for ${key}`);
        assert.equal(top.name, e.name, `e closes ${top.name} with ${e.name}`);
        assert.ok(e.ts! >= top.ts, 'e before its b');
        if (stack.length === 0) slices.set(key, { ...top, end: e.ts!, children: slices.get(key)?.children ?? [] });
        else {
          const parent = stack[stack.length - 1]!;
          const entry = slices.get(key) ?? { name: parent.name, ts: parent.ts, end: NaN, children: [] };
          entry.children.push({ name: top.name, ts: top.ts, end: e.ts! });
          slices.set(key, entry);
        }
      }
    }
    if (e.ph === 'X') {
      assert.ok(typeof e.dur === 'number' && e.dur >= 0, 'X has a duration');
      const list = xByThread.get(`${e.pid}/${e.tid}`) ?? [];
      list.push([e.ts!, e.ts! + e.dur]);
      xByThread.set(`${e.pid}/${e.tid}`, list);
    }
    if (e.ph === 'i') assert.ok(['t', 'p', 'g'].includes(e.s ?? 't'));
    if (e.ph === 'C') for (const v of Object.values(e.args ?? {})) assert.equal(typeof v, 'number');
  }
  for (const [key, stack] of open) assert.equal(stack.length, 0, `unclosed async slice ${key}`);
  for (const s of slices.values()) for (const c of s.children) assert.ok(c.ts >= s.ts && c.end <= s.end + 1e-9, `child ${c.name} outside ${s.name}`);
  for (const [thread, list] of xByThread) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) assert.ok(list[i]![0] >= list[i - 1]![1] - 1e-6, `overlapping X events on ${thread}`);
  }
  for (const [pid, ts] of minTs) {
    assert.equal(ts, 0, `process ${pid} is rebased to 0`);
    assert.ok(processNames.has(pid), `process ${pid} has a name`);
  }
  for (const t of usedThreads) assert.ok(threadNames.has(t), `thread ${t} has a name`);
  return { events, slices };
}
