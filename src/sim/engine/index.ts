// Public API of the discrete-event engine (knows nothing about Xen). See docs/sim-engine.md.
// The SimPy-style process layer built on it (generators, resources, stores) is not used by the
// model; it lives in test/support/process-engine/ with its tests and the hold-model bench.
export { Simulation, type Handler } from './simulation';
export { EventQueue } from './event-queue';
export { RandomStream } from './random';
export { RandomStreams, deriveStreamState, fnv1a64, mix64, splitmix64 } from './streams';
export { log as detLog, exp as detExp } from './fdlibm';
export { TraceHash } from './trace-hash';
