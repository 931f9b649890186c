// Parameter sweeps of the Xen model over worker threads. See docs/sim-model.md.
export { runSweep, runConfigs, defaultWorkerScript, type SweepOptions } from './sweep';
export { runPoint, combinations, applyValues, type SweepAxis, type SweepPoint } from './sweep-point';
