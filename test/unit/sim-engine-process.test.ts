import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStreams } from '../../src/sim/engine/index';
import { Environment, Interrupt, Resource, Store, type SimEvent } from '../support/process-engine/index';

type Gen<R = void> = Generator<SimEvent<any>, R, any>;

test('timeouts advance the clock and deliver their value; processes join with return values', () => {
  const env = new Environment();
  const log: string[] = [];
  function* child(): Gen<number> {
    const v: string = yield env.timeout(5, 'five');
    log.push(`${env.now}:${v}`);
    return 42;
  }
  function* parent(): Gen {
    const p = env.process(child());
    const r: number = yield p;
    log.push(`${env.now}:joined ${r}`);
    const again: number = yield p; // already processed: resumes at once with the same value
    log.push(`${env.now}:again ${again}`);
  }
  const p = env.process(parent());
  env.run();
  assert.deepEqual(log, ['5:five', '5:joined 42', '5:again 42']);
  assert.equal(p.processed, true);
  assert.equal(p.isAlive, false);
});

test('processes started at the same time interleave in FIFO order', () => {
  const env = new Environment();
  const log: string[] = [];
  function* worker(name: string, d: number): Gen {
    for (let i = 0; i < 3; i++) {
      yield env.timeout(d);
      log.push(`${env.now}${name}`);
    }
  }
  env.process(worker('a', 2));
  env.process(worker('b', 1));
  env.process(worker('c', 2));
  env.run();
  assert.deepEqual(log, ['1b', '2a', '2c', '2b', '3b', '4a', '4c', '6a', '6c']);
});

test('signals: a process waits for an event another one triggers', () => {
  const env = new Environment();
  const ready = env.event<string>();
  const log: string[] = [];
  env.process((function* (): Gen {
    log.push(`got ${yield ready} at ${env.now}`);
  })());
  env.process((function* (): Gen {
    yield env.timeout(7);
    ready.succeed('go');
  })());
  env.run();
  assert.deepEqual(log, ['got go at 7']);
  assert.throws(() => ready.succeed('twice'), /already been triggered/);
});

test('failures propagate into waiting processes, and out of run() when nobody waits', () => {
  const env = new Environment();
  let caught: unknown;
  function* failing(e: Environment): Gen {
    yield e.timeout(1);
    throw new Error('boom');
  }
  env.process((function* (): Gen {
    try {
      yield env.process(failing(env));
    } catch (e) {
      caught = e;
    }
  })());
  env.run();
  assert.equal((caught as Error).message, 'boom');

  const env2 = new Environment();
  env2.process(failing(env2));
  assert.throws(() => env2.run(), /boom/);

  const env3 = new Environment();
  let typeErr: unknown;
  env3.process((function* (): Gen {
    try {
      yield 5 as unknown as SimEvent;
    } catch (e) {
      typeErr = e;
    }
  })());
  env3.run();
  assert.ok(typeErr instanceof TypeError);
});

test('Resource grants units FIFO and queues the rest', () => {
  const env = new Environment();
  const res = new Resource(env, 2);
  const log: string[] = [];
  function* user(name: string, arrive: number, hold: number): Gen {
    yield env.timeout(arrive);
    const req = res.request();
    yield req;
    log.push(`${env.now} ${name} got`);
    yield env.timeout(hold);
    req.release();
  }
  env.process(user('a', 0, 10));
  env.process(user('b', 1, 10));
  env.process(user('c', 2, 1));
  env.process(user('d', 3, 1));
  env.run(2.5);
  assert.equal(res.count, 2);
  assert.equal(res.queueLength, 1);
  env.run();
  assert.deepEqual(log, ['0 a got', '1 b got', '10 c got', '11 d got']);
  assert.equal(res.count, 0);
});

test('a queued request can be withdrawn after a timeout (the client-pool queueTimeout pattern)', () => {
  const env = new Environment();
  const pool = new Resource(env, 1);
  const log: string[] = [];
  function* holder(): Gen {
    const req = pool.request();
    yield req;
    yield env.timeout(250);
    req.release();
  }
  function* impatient(name: string, timeout: number): Gen {
    const req = pool.request();
    const to = env.timeout(timeout);
    yield env.anyOf([req, to]);
    if (req.processed) {
      log.push(`${env.now} ${name} got`);
      req.release();
    } else {
      req.release(); // withdraw from the queue
      log.push(`${env.now} ${name} gave up`);
    }
  }
  env.process(holder());
  env.process(impatient('x', 100));
  env.process(impatient('y', 300));
  env.run();
  assert.deepEqual(log, ['100 x gave up', '250 y got']);
  assert.equal(pool.queueLength, 0);
  assert.equal(pool.count, 0);
});

test('allOf waits for every event; anyOf with no events succeeds at once', () => {
  const env = new Environment();
  let at = -1;
  let values: unknown[] = [];
  env.process((function* (): Gen {
    const evs: SimEvent<any>[] = yield env.allOf([env.timeout(3, 'a'), env.timeout(1, 'b')]);
    at = env.now;
    values = evs.map((e) => e.value);
    yield env.anyOf([]);
  })());
  env.run();
  assert.equal(at, 3);
  assert.deepEqual(values, ['b', 'a']);
});

test('Store hands items over FIFO and blocks putters when full', () => {
  const env = new Environment();
  const ring = new Store<number>(env, 2);
  const log: string[] = [];
  env.process((function* (): Gen {
    for (let i = 0; i < 4; i++) {
      yield ring.put(i);
      log.push(`${env.now} put ${i}`);
    }
  })());
  env.process((function* (): Gen {
    yield env.timeout(5);
    for (let i = 0; i < 4; i++) {
      const v: number = yield ring.get();
      log.push(`${env.now} get ${v}`);
      yield env.timeout(1);
    }
  })());
  env.run();
  assert.deepEqual(log, ['0 put 0', '0 put 1', '5 get 0', '5 put 2', '6 get 1', '6 put 3', '7 get 2', '8 get 3']);
  assert.equal(ring.size, 0);
});

test('interrupt throws into the process at its yield and detaches it from what it waited for', () => {
  const env = new Environment();
  const log: string[] = [];
  const sleeper = env.process((function* (): Gen {
    try {
      yield env.timeout(100);
      log.push('woke normally');
    } catch (e) {
      assert.ok(e instanceof Interrupt);
      log.push(`interrupted at ${env.now} by ${String(e.cause)}`);
    }
    yield env.timeout(1);
    log.push(`done at ${env.now}`);
  })());
  env.process((function* (): Gen {
    yield env.timeout(30);
    sleeper.interrupt('preempt');
  })());
  env.run();
  assert.deepEqual(log, ['interrupted at 30 by preempt', 'done at 31']);
  assert.throws(() => sleeper.interrupt(), /finished/);
});

// M/M/1: arrivals Poisson(λ = 0.5 per µs), service Exp(mean 1 µs), so ρ = 0.5 and the mean wait
// in queue is Wq = ρ / (μ - λ) = 1 µs (mean time in system 2 µs). Waiting times of successive
// customers are strongly correlated, so the tolerance comes from batch means (50 batches of 4,000
// customers), not from the naive sd/√n: we require |mean - Wq| < 4 batch-mean standard errors,
// and check that this standard error is itself small (< 3 % of Wq) so the test has teeth.
test('M/M/1 mean waiting time matches ρ/(μ-λ) within 4 batch-means standard errors', () => {
  const env = new Environment();
  const streams = new RandomStreams(12345);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  const server = new Resource(env, 1);
  const waits: number[] = [];
  const systemTimes: number[] = [];
  const N = 200_000;
  const WARMUP = 1_000;
  function* customer(): Gen {
    const t0 = env.now;
    const req = server.request();
    yield req;
    waits.push(env.now - t0);
    yield env.timeout(service.exponential(1));
    req.release();
    systemTimes.push(env.now - t0);
  }
  env.process((function* (): Gen {
    for (let i = 0; i < N + WARMUP; i++) {
      env.process(customer());
      yield env.timeout(arrivals.exponential(2));
    }
  })());
  env.run();
  const w = waits.slice(WARMUP, WARMUP + N);
  const batches = 50;
  const size = N / batches;
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += w[i];
    means.push(s / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const varB = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  const se = Math.sqrt(varB / batches);
  assert.ok(se < 0.03, `batch-means standard error ${se} too large for a meaningful check`);
  assert.ok(Math.abs(mean - 1) < 4 * se, `mean wait ${mean}, expected 1 ± ${4 * se}`);
  const meanSystem = systemTimes.slice(WARMUP, WARMUP + N).reduce((a, b) => a + b, 0) / N;
  assert.ok(Math.abs(meanSystem - 2) < 0.1, `mean time in system ${meanSystem}, expected 2`);
});
