export { captureCell, runCapture, checkCaptureSpec } from './capture-cell';
export { captureSchema, CAPTURE_LANGUAGE, type CaptureSpec } from './schema';
export type { CaptureResult, CaptureStall } from './result';
