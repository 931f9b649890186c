// The classic hold model (N pending events; pop the earliest, schedule one more at t + Exp(1)),
// run three ways:
//   engine  - Simulation.register/schedule/run, the engine's public callback API
//   bare    - a plain binary heap on a Float64Array written inline here: the "ceiling" for an
//             engine that must also carry handler ids, payloads and FIFO tie-breaking
//   process - Environment + generator processes (each process loops `yield env.timeout(Exp(1))`)
// All three draw Exp(1) from the same kind of engine RandomStream, so the ratio measures queue and
// dispatch cost, not the PRNG. Run: node --import tsx bench/hold-model.ts [eventsPerRun]
//
// Rates are events per wall-clock second. The machine is often shared, so the load average is
// printed, and "/cpu" columns give rates per second of this process's CPU time, which are less
// sensitive to other processes (neither the engine's callback path nor the bare heap allocates,
// so no GC threads inflate them). The engine/bare ratio uses the CPU-time rates.
import { loadavg } from 'node:os';
import { Simulation, RandomStreams } from '../src/sim/engine/index';
import { Environment } from '../test/support/process-engine/index';

type Rate = { wall: number; cpu: number };

function timed(run: () => number): Rate {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const events = run();
  const dt = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: events / dt, cpu: events / ((c.user + c.system) / 1e6) };
}

const EVENTS = Number(process.argv[2] ?? 5_000_000);
const SIZES = [64, 1024, 16384];
const REPEATS = 3;

function engineHold(n: number, events: number): Rate {
  const rng = new RandomStreams(1).stream('hold');
  const sim = new Simulation({ initialCapacity: n });
  const h = sim.register((_p, s) => s.schedule(rng.exponential(1), h));
  for (let i = 0; i < n; i++) sim.schedule(rng.exponential(1), h);
  // Warm-up is part of the run; the JIT settles within the first ~1e5 events.
  // Hold model: about n events per unit time, so this `until` gives ~`events` events.
  return timed(() => {
    sim.run(events / n);
    return sim.eventCount;
  });
}

function bareHold(n: number, events: number): Rate {
  const rng = new RandomStreams(1).stream('hold');
  const heap = new Float64Array(n + 1);
  let size = 0;
  const push = (t: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= t) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = t;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i < n; i++) push(rng.exponential(1));
  return timed(() => {
    let now = 0;
    for (let k = 0; k < events; k++) {
      now = pop();
      push(now + rng.exponential(1));
    }
    if (now < 0) console.log(now); // keep `now` observable
    return events;
  });
}

function processHold(n: number, events: number): Rate {
  const rng = new RandomStreams(1).stream('hold');
  const env = new Environment({ initialCapacity: 2 * n });
  function* holder(): Generator<ReturnType<Environment['timeout']>, void, unknown> {
    for (;;) yield env.timeout(rng.exponential(1));
  }
  for (let i = 0; i < n; i++) env.process(holder());
  return timed(() => {
    env.run(events / n);
    return env.eventCount;
  });
}

function best(f: () => Rate): Rate {
  let b: Rate = { wall: 0, cpu: 0 };
  for (let r = 0; r < REPEATS; r++) {
    const x = f();
    if (x.wall > b.wall) b = x;
  }
  return b;
}

const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`hold model, ~${(EVENTS / 1e6).toFixed(1)} M events per run, best of ${REPEATS}; node ${process.version}; load average ${load()}`);
console.log(
  ['N'.padStart(6), 'engine', 'engine/cpu', 'bare', 'bare/cpu'].map((h) => h.padStart(11)).join(' '),
  'ratio'.padStart(6),
  'process'.padStart(11),
);
for (const n of SIZES) {
  const e = best(() => engineHold(n, EVENTS));
  const b = best(() => bareHold(n, EVENTS));
  const p = best(() => processHold(n, Math.min(EVENTS, 2_000_000)));
  console.log(
    String(n).padStart(11),
    [e.wall, e.cpu, b.wall, b.cpu].map((x) => fmt(x).padStart(11)).join(' '),
    (e.cpu / b.cpu).toFixed(2).padStart(6),
    fmt(p.wall).padStart(11),
  );
}
console.log(`load average at the end ${load()}`);
