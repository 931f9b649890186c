import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue, Simulation } from '../../src/sim/engine/index';

// Reference: a plain array; the earliest time wins, ties go to the earliest insertion.
class RefQueue {
  items: { t: number; id: number }[] = [];
  push(t: number, id: number): void {
    this.items.push({ t, id });
  }
  pop(): { t: number; id: number } | undefined {
    if (this.items.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.items.length; i++) {
      const a = this.items[i];
      const b = this.items[best];
      if (a.t < b.t || (a.t === b.t && a.id < b.id)) best = i;
    }
    return this.items.splice(best, 1)[0];
  }
}

type Op = { kind: 'push'; t: number } | { kind: 'pop' } | { kind: 'popPush'; dt: number };

// Few distinct times so that ties (the FIFO rule) are exercised constantly.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), t: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('pop' as const) }),
  fc.record({ kind: fc.constant('popPush' as const), dt: fc.integer({ min: 0, max: 5 }) }),
);

test('heap pops in (time, insertion) order, including the deferred-top replace path', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 400 }), fc.integer({ min: 1, max: 8 }), (ops, cap) => {
      const q = new EventQueue(cap); // tiny capacity forces grow()
      const ref = new RefQueue();
      let nextId = 0;
      for (const op of ops) {
        if (op.kind === 'push') {
          q.push(op.t, 0, nextId);
          ref.push(op.t, nextId++);
        } else {
          const expected = ref.pop();
          const t = q.peekTime();
          if (expected === undefined) {
            assert.equal(t, Infinity);
            assert.equal(q.size, 0);
            continue;
          }
          assert.equal(t, expected.t);
          assert.equal(q.topPayload, expected.id);
          q.consumeTop();
          if (op.kind === 'popPush') {
            q.push(t + op.dt, 0, nextId);
            ref.push(t + op.dt, nextId++);
          } else {
            q.settle();
          }
        }
        assert.equal(q.size, ref.items.length);
      }
      // Drain: the rest must come out in reference order too.
      for (let e = ref.pop(); e !== undefined; e = ref.pop()) {
        assert.equal(q.peekTime(), e.t);
        assert.equal(q.topPayload, e.id);
        assert.ok(q.pop());
      }
      assert.equal(q.pop(), false);
    }),
    { numRuns: 300 },
  );
});

test('heap order holds for continuous random times at a larger size', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), (times) => {
      const q = new EventQueue(4);
      times.forEach((t, i) => q.push(t, 0, i));
      const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
      for (const e of expected) {
        assert.equal(q.peekTime(), e.t);
        assert.equal(q.topPayload, e.i);
        q.pop();
      }
    }),
    { numRuns: 50 },
  );
});

test('handlers receive their payload; equal times run FIFO; the clock never goes back', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), (spec) => {
      const sim = new Simulation({ initialCapacity: 2 });
      const seen: { t: number; id: number }[] = [];
      // Each event may schedule a child; children get ids after all the initial ones.
      let nextId = spec.length;
      const children = new Map<number, number>();
      const h = sim.register((id, s) => {
        seen.push({ t: s.now, id });
        const extra = children.get(id);
        if (extra !== undefined && extra > 0) {
          const cid = nextId++;
          children.set(cid, extra - 1);
          s.schedule(extra % 2, h, cid);
        }
      });
      spec.forEach(([t, extra], i) => {
        children.set(i, extra);
        sim.scheduleAt(t, h, i);
      });
      sim.run();
      assert.equal(seen.length, sim.eventCount);
      for (let i = 1; i < seen.length; i++) {
        assert.ok(seen[i].t >= seen[i - 1].t, 'clock is monotonic');
        // Ids are assigned in scheduling order, so at equal times they must increase.
        if (seen[i].t === seen[i - 1].t) assert.ok(seen[i].id > seen[i - 1].id, 'FIFO at equal times');
      }
    }),
    { numRuns: 200 },
  );
});

test('run(until) leaves events at or after `until` pending and sets the clock to until', () => {
  const sim = new Simulation();
  const log: number[] = [];
  const h = sim.register((p) => log.push(p));
  for (const t of [1, 2, 3, 3, 5]) sim.scheduleAt(t, h, t);
  sim.run(3);
  assert.deepEqual(log, [1, 2]);
  assert.equal(sim.now, 3);
  assert.equal(sim.pending, 3);
  assert.equal(sim.peek(), 3);
  sim.run(4);
  assert.deepEqual(log, [1, 2, 3, 3]);
  assert.equal(sim.now, 4);
  sim.run(100);
  assert.deepEqual(log, [1, 2, 3, 3, 5]);
  assert.equal(sim.now, 100, 'the clock advances to until even after the queue empties');
  sim.run();
  assert.equal(sim.now, 100, 'run() with nothing pending leaves the clock alone');
  assert.throws(() => sim.run(50), RangeError);
});

test('step() processes one event at a time; stop() ends run() early without advancing to until', () => {
  const sim = new Simulation();
  const log: number[] = [];
  const h = sim.register((p, s) => {
    log.push(p);
    if (p === 2) s.stop();
  });
  for (const t of [1, 2, 3]) sim.scheduleAt(t * 10, h, t);
  assert.equal(sim.step(), true);
  assert.equal(sim.now, 10);
  sim.run(1000);
  assert.deepEqual(log, [1, 2]);
  assert.equal(sim.now, 20);
  sim.run(1000);
  assert.deepEqual(log, [1, 2, 3]);
  assert.equal(sim.step(), false);
});

test('bad schedules and re-entrant run() are rejected', () => {
  const sim = new Simulation();
  const h = sim.register((_p, s) => s.run());
  assert.throws(() => sim.schedule(-1, h), RangeError);
  assert.throws(() => sim.schedule(NaN, h), RangeError);
  assert.throws(() => sim.schedule(Infinity, h), RangeError);
  assert.throws(() => sim.schedule(1, 7), RangeError);
  assert.throws(() => sim.schedule(1, -1), RangeError);
  sim.schedule(5, h);
  sim.run(1);
  assert.throws(() => sim.scheduleAt(0.5, h), RangeError);
  assert.throws(() => sim.run(), /inside an event handler/);
  // The failing event was consumed; the simulation is still usable.
  assert.equal(sim.pending, 0);
  const ok = sim.register(() => {});
  sim.schedule(1, ok);
  sim.run();
  assert.equal(sim.now, 6);
});
