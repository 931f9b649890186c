// Streams a capture file through the analyzer: memory stays at one read chunk plus the state
// of open connections, whatever the file size.
import { createReadStream } from 'node:fs';
import { CaptureAnalyzer, type AnalyzeOptions, type CaptureSummary } from './analyze';

/** `onRead(bytes)`: after each chunk, the bytes read so far (for progress). */
export async function analyzeCaptureFile(path: string, opts: AnalyzeOptions, signal?: AbortSignal, onRead?: (bytes: number) => void): Promise<CaptureSummary> {
  const a = new CaptureAnalyzer(opts);
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
  let read = 0;
  for await (const chunk of stream) {
    a.push(chunk as Buffer);
    read += (chunk as Buffer).length;
    onRead?.(read);
  }
  return a.finish();
}
