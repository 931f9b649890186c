// The shape of the Xen model's configuration (see config.ts for defaults, docs and validation).
// Apart from config.ts so that the modules config.ts uses (the run budget, the release
// semantics) can name the type without importing config.ts back.

/** Xen releases whose scheduler semantics the model knows (xen-version.ts). */
export const XEN_VERSIONS = [
  '3.4', '4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10',
  '4.11', '4.12', '4.13', '4.14', '4.15', '4.16', '4.17', '4.18', '4.19',
] as const;
export type XenVersion = (typeof XEN_VERSIONS)[number];

export interface SimConfig {
  requests: number;
  ratePerSec: number;
  warmupMs: number;
  stallThresholdMs: number;
  trace: { slowest: number; windowMs: number };
  pcpus: number;
  xen: { version: XenVersion };
  /** Keys typed `… | null`: null = the value of the release (`xen.version`) or OS profile. */
  scheduler: {
    kind: 'credit' | 'credit2' | null;
    tsliceMs: number;
    tickMs: number | null;
    acctMs: number | null;
    ratelimitUs: number | null;
    boost: boolean;
    debit: 'tick' | 'exact' | null;
    guestWeight: number;
    guestCapPercent: number;
    contextSwitchUs: number;
    idleWakeUs: number;
    credit2MinTimerUs: number;
    credit2MaxTimerUs: number;
    credit2CreditInitMs: number;
  };
  guest: {
    os: OsProfile;
    vcpus: number;
    firstPcpu: number;
    evtchnVcpu: number;
    appVcpu: number;
    cpuLoad: number[];
    burstMs: number;
    sendUs: number;
    sendSigma: number;
    isrUs: number;
    readUs: number;
    ipiUs: number;
  };
  dom0: {
    dedicated: boolean;
    vcpus: number;
    pcpu: number;
    weight: number;
    cpuLoad: number;
    burstMs: number;
    netbackTxUs: number;
    rxDriverUs: number;
    evtchnUs: number;
  };
  neighbours: {
    cpuBound: number;
    bursty: number;
    burstyLoad: number;
    burstMs: number;
    weight: number;
    capPercent: number;
    pcpus: number[];
  };
  netback: {
    rxCopyUs: number;
    pageFlip: boolean;
    flipDom0Us: number;
    flipGuestUs: number;
    rateLimitBytesPerSec: number;
    rateLimitWindowMs: number;
    guestTxBackgroundBytesPerSec: number;
    guestRxBackgroundPktsPerSec: number;
    rxQueuePackets: number;
  };
  rings: { slots: number };
  nic: { itrUs: number; txUs: number };
  wire: { oneWayUs: number; sigma: number; gbps: number };
  server: { os: OsProfile; serviceUs: number; sigma: number; slowProb: number; slowMs: number; pauseEveryMs: number; pauseMs: number; pauseSigma: number; connectUs: number };
  request: { bytes: number };
  response: { bytes: number };
  tcp: {
    mss: number;
    nagle: boolean;
    splitWriteFraction: number;
    delayedAckMs: number | null;
    lossRate: number;
    rtoMinMs: number | null;
    tlp: { guest: boolean | null; server: boolean | null };
    newConnectionFraction: number;
  };
  pool: { size: number; queueTimeoutMs: number };
  guestPause: { meanIntervalMs: number; pauseMs: number; sigma: number };
  clock: { resolutionMs: number };
}

export type OsProfile = 'linux' | 'windows';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

