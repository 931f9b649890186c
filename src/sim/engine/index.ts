// Public API of the discrete-event engine (knows nothing about Xen). See docs/sim-engine.md.
export { Simulation, type Handler } from './simulation.ts';
export { EventQueue } from './event-queue.ts';
export { Environment } from './environment.ts';
export { SimEvent, Condition, PENDING, TRIGGERED, PROCESSED, type Waiter } from './events.ts';
export { Process, Interrupt, type ProcessGenerator } from './process.ts';
export { Resource, Request } from './resource.ts';
export { Store } from './store.ts';
export { RandomStream } from './random.ts';
export { RandomStreams, deriveStreamState, fnv1a64, mix64, splitmix64 } from './streams.ts';
export { log as detLog, exp as detExp } from './fdlibm.ts';
export { TraceHash } from './trace-hash.ts';
