// Public API of the discrete-event engine (knows nothing about Xen). See docs/sim-engine.md.
// The SimPy-style process layer built on it (generators, resources, stores) is not used by the
// model; it lives in test/support/process-engine/ with its tests and the hold-model bench.
export { Simulation, type Handler } from './simulation.ts';
export { EventQueue } from './event-queue.ts';
export { RandomStream } from './random.ts';
export { RandomStreams, deriveStreamState, fnv1a64, mix64, splitmix64 } from './streams.ts';
export { log as detLog, exp as detExp } from './fdlibm.ts';
export { TraceHash } from './trace-hash.ts';
