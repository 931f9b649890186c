export { CaptureAnalyzer, normalizeEndpoint, type AnalyzeOptions, type CaptureSummary, type SegmentInfo } from './analyze';
export { analyzeCaptureFile } from './read-file';
export type { ConnectionSummary, TcpEvent, CaptureProtocol, Dir } from './connection';
export type { RequestRow } from './pairing';
export { CaptureFormatError, type InterfaceDrops } from './packet';
export { stallContext, type StallContext, type CaptureSide } from './stall-context';
export { scrubSaslCredentials, SaslScrubber, ScrubError, type ScrubStats } from './scrub-sasl';
