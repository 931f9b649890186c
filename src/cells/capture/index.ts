export { captureCell } from './capture-cell';
export { checkCaptureSpec, type CaptureSpecCheck } from './check';
export { captureSchema, CAPTURE_LANGUAGE, type CaptureSpec } from './schema';
export type { CaptureResult, CaptureStall } from './result';
