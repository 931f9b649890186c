// `capture:` on a probe cell: tcpdump around the run, then every raw-client request joined
// with its packets (src/probe/capture-join.ts): where a stall's time went relative to the wire.
import { join, relative } from 'node:path';
import { startCapture, type CaptureSession } from '../../probe/capture-session';
import { joinCapture, type CaptureJoin } from '../../probe/capture-join';
import type { ProbeAnalysis } from './analyze';
import type { ProbeRunData } from '../../probe/run';
import type { Target } from '../../probe/lookup';
import type { ProbeSpec } from './schema';
import { t } from '../../l10n';

export interface ProbeCaptureResult {
  /** Why there is no capture (tcpdump missing, no permission), when there is none. */
  unavailable?: string;
  file?: string;
  interface?: string;
  snaplen?: number;
  filter?: string;
  packets?: number;
  droppedByKernel?: number;
  /** SASL requests whose credentials were zeroed in the file after the run. */
  credentialsZeroed?: number;
  joined?: number;
  alignment?: CaptureJoin['alignment'];
  stages?: CaptureJoin['stages'];
  tcp?: CaptureJoin['tcp'];
  warnings?: string[];
}

export async function beginCapture(spec: ProbeSpec, target: Target, notebookDir: string): Promise<CaptureSession | { unavailable: string } | undefined> {
  if (!spec.capture) return undefined;
  const o = typeof spec.capture === 'object' ? spec.capture : {};
  return startCapture({ dir: join(notebookDir, 'xenlat-captures'), target, iface: o.interface, snaplen: o.snaplen });
}

/**
 * Ends the capture and joins it: the result's `capture` section, and each stall shown gains
 * `wireWaitMs` and `captureToReadMs`; `summary.stalls.afterCapture` counts the stalls whose time
 * sits mostly after the response was captured (the guest had it; the application read it late),
 * `summary.stalls.onWire` those mostly between request and response on the wire.
 */
export async function finishCapture(session: CaptureSession | { unavailable: string }, data: ProbeRunData, a: ProbeAnalysis, target: Target, notebookDir: string): Promise<ProbeCaptureResult> {
  if ('unavailable' in session) return { unavailable: session.unavailable };
  const { droppedByKernel, scrub, removed } = await session.stop();
  if (removed) return { unavailable: removed };
  const j = await joinCapture(session.file, data.records, target.port);
  let afterCapture = 0;
  let onWire = 0;
  for (const s of a.stalls as (ProbeAnalysis['stalls'][number] & { wireWaitMs?: number; captureToReadMs?: number })[]) {
    const k = j.bySeq.get(s.seq);
    if (!k) continue;
    s.wireWaitMs = Math.round(k.wireWaitMs * 1e4) / 1e4;
    s.captureToReadMs = Math.round(k.captureToReadMs * 1e4) / 1e4;
    if (k.captureToReadMs > s.latencyMs / 2) afterCapture++;
    else if (k.wireWaitMs > s.latencyMs / 2) onWire++;
  }
  Object.assign(a.summary.stalls, { afterCapture, onWire });
  return {
    // Relative to the notebook, as a capture cell's `file:` takes it (and no local path in a shared result).
    file: relative(notebookDir, session.file),
    interface: session.iface,
    snaplen: session.snaplen,
    filter: session.filter,
    packets: j.packets,
    ...(droppedByKernel !== undefined ? { droppedByKernel } : {}),
    credentialsZeroed: scrub!.saslMessages,
    joined: j.joined,
    alignment: j.alignment,
    stages: j.stages,
    tcp: j.tcp,
    warnings: j.warnings,
  };
}

export function captureMarkdownLine(c: ProbeCaptureResult | undefined, a: ProbeAnalysis): string | undefined {
  if (!c) return undefined;
  if (c.unavailable) return `- ${t('**Capture**: {0}', c.unavailable)}`;
  const s = a.summary.stalls as { afterCapture?: number; onWire?: number };
  const st = c.stages ?? {};
  const al = c.alignment!;
  const line = t(
    '**Capture** ({0} packets, {1} requests joined, clocks aligned within ±{2} ms{3}): ' +
      'wire wait p50 {4} ms / p99 {5} ms; captured-to-read p50 {6} ms / p99 {7} ms; ' +
      'stalls mostly after the capture (the response had arrived; the read came late): {8}, mostly on the wire: {9}. File: {10}',
    String(c.packets),
    String(c.joined),
    al.errorMs.toFixed(3),
    al.consistent ? '' : t(', inconsistently'),
    st.wireWait?.p50Ms ?? '–',
    st.wireWait?.p99Ms ?? '–',
    st.captureToRead?.p50Ms ?? '–',
    st.captureToRead?.p99Ms ?? '–',
    s.afterCapture ?? 0,
    s.onWire ?? 0,
    String(c.file),
  );
  return `- ${line}`;
}
