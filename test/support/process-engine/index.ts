// A SimPy-style process layer (generator processes, events, resources, stores) on the engine's
// Simulation. The Xen model does not use it (it schedules plain handlers); it stays for the
// engine's own tests and the hold-model benchmark, out of the product. See docs/sim-engine.md.
export { Environment } from './environment';
export { SimEvent, Condition, PENDING, TRIGGERED, PROCESSED, type Waiter } from './events';
export { Process, Interrupt, type ProcessGenerator } from './process';
export { Resource, Request } from './resource';
export { Store } from './store';
