// Streams a capture file through the analyzer: memory stays at one read chunk plus the state
// of open connections, whatever the file size.
import { createReadStream } from 'node:fs';
import { CaptureAnalyzer, type AnalyzeOptions, type CaptureSummary } from './analyze';

export async function analyzeCaptureFile(path: string, opts: AnalyzeOptions, signal?: AbortSignal): Promise<CaptureSummary> {
  const a = new CaptureAnalyzer(opts);
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) a.push(chunk as Buffer);
  return a.finish();
}
