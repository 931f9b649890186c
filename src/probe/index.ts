// The probe engine: vscode-free, used by the xenlat-probe cell, the tests and the bench.
export { runProbe, type ProbeConfig, type ProbeHooks, type ProbeRunData, type RunOptions, type ClientView } from './run';
export { RunClock } from './clock';
export * from './codec';
export { FAULT_KINDS, FAULT_TEXT, ProbeFault, faultFromError, type FaultKind } from './faults';
export { resolveHost, parseTarget, type Target } from './lookup';
export { HostSampler, signalsDuring, type SignalSeries, type SignalMove } from './host-signals';
export { PauseDetector, PauseIndex, type ClientPause } from './pauses';
export { RawMemcachedConnection, type ProbeConnection, type Credentials } from './raw-client';
export { MemjsConnection, memjsFault } from './memjs-client';
export { TcpConnectProbe } from './tcp-connect';
export { RecordStore } from './record-store';
export { STAGES, STAGE_TEXT, stageDurations, dominantStage, latencyOf, type RequestRecord, type Stage, type ProbePath } from './record';
