import { randomInt } from 'node:crypto';
import { analyze, type ProbeAnalysis } from './analyze';
import { parseTarget } from '../../probe/lookup';
import { runProbe, type ProbeConfig, type ProbeHooks } from '../../probe/run';
import { defineCellKind, specError } from '../define-kind';
import { secretEnvName } from '../secret-env';
import { keyDocs } from '../spec/schema';
import { CellError, type CellContext, type CellOutcome, type CellResult } from '../types';
import { probeCharts } from './charts';
import { ProbeProgress } from './progress';
import { probePreflight } from './preflight';
import { PROBE_WORKER } from './worker';
import { checkProbeSpec, type ProbeSpecCheck } from './check';
import { noSuccessCause, probeMarkdown } from './markdown';
import { beginCapture, captureMarkdownLine, finishCapture, type ProbeCaptureResult } from './capture';
import { PROBE_LANGUAGE, probeSchema } from './schema';
import { msg, t } from '../../l10n';

export interface ProbeResult extends CellResult {
  kind: 'xenlat-probe';
  summary: ProbeAnalysis['summary'];
  samples: Float64Array;
  run: {
    target: string;
    protocol: string;
    op?: string;
    client?: string;
    mode: 'open' | 'closed';
    ratePerSec?: number;
    arrival?: string;
    connections: number;
    /** Requests outstanding per raw connection at most (open loop). */
    pipeline: number;
    seed: number;
    warmup: { requests: number } | { ms: number };
    /** Who authenticated and where the password came from; never the password. */
    auth?: { user: string; passwordFrom: string };
    startedAt: string;
    measuredMs: number;
    cancelled: boolean;
    noDelay: boolean;
    counts: ProbeAnalysis['counts'];
  };
  views: ProbeAnalysis['views'];
  errors: ProbeAnalysis['errors'];
  stages: ProbeAnalysis['stages'];
  sendLag: ProbeAnalysis['sendLag'];
  stalls: ProbeAnalysis['stalls'];
  stallsTruncated: boolean;
  clientPauses: ProbeAnalysis['clientPauses'];
  hostSignals: ProbeAnalysis['hostSignals'];
  overTime: ProbeAnalysis['overTime'];
  /** With `capture:`: the capture file, clock alignment, wire stages (or why there is no capture). */
  capture?: ProbeCaptureResult;
}

function resolveAuth(checked: ProbeSpecCheck, ctx: CellContext): { creds?: { user: string; password: string }; from?: string } {
  const auth = checked.spec.auth;
  if (!auth || checked.spec.protocol !== 'memcached') return {};
  const fail = (path: string, message: string) => {
    throw new CellError(message, [{ severity: 'error', message, path, range: checked.check.valueRange(path) }]);
  };
  let password: string | undefined;
  let from: string;
  if (auth.passwordEnv) {
    password = process.env[auth.passwordEnv];
    from = t('environment variable {0}', auth.passwordEnv);
    if (password === undefined) fail('auth.passwordEnv', t('auth.passwordEnv: the environment variable {0} is not set', auth.passwordEnv));
  } else {
    password = ctx.secrets?.[auth.secret!];
    from = t('secret {0}', auth.secret!);
    if (password === undefined) {
      fail('auth.secret', t('auth.secret: no secret named {0} is available (in VS Code: run "Xenlat: Store Secret..."; headless: set {1})', auth.secret!, secretEnvName(auth.secret!)));
    }
  }
  return { creds: { user: auth.user!, password: password! }, from };
}

/** The cell's run, with test hooks (a client-side pause at a known request, a fake /proc). */
export async function runProbeCell(source: string, ctx: CellContext, hooks: ProbeHooks = {}): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();
  const checked = checkProbeSpec(source);
  if (!checked.ok) throw specError(PROBE_LANGUAGE, checked.diagnostics);
  return runChecked(checked, ctx, hooks);
}

async function runChecked(checked: ProbeSpecCheck, ctx: CellContext, hooks: ProbeHooks = {}): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();
  const { spec } = checked;
  const { creds, from } = resolveAuth(checked, ctx);
  const seed = spec.seed ?? randomInt(0, 2 ** 31);
  const config: ProbeConfig = {
    target: parseTarget(spec.target)!,
    protocol: spec.protocol,
    op: spec.op,
    key: spec.key,
    valueSize: spec.valueSize,
    requests: spec.requests ?? 0,
    durationMs: spec.duration,
    rate: spec.rate,
    arrival: spec.arrival,
    mode: checked.mode,
    connections: spec.connections,
    pipeline: spec.pipeline,
    warmup: checked.warmup,
    timeoutMs: spec.timeoutMs,
    stallThresholdMs: spec.stallThresholdMs,
    pauseThresholdMs: spec.pauseThresholdMs,
    client: spec.client,
    auth: creds,
    hostSignals: spec.hostSignals,
    sampleIntervalMs: spec.sampleIntervalMs,
    seed,
  };
  const total = spec.duration === undefined ? config.requests : undefined;
  const progress = new ProbeProgress(spec.stallThresholdMs);
  ctx.progress({ message: t('probing {0}…', spec.target), fraction: 0 });
  const session = await beginCapture(spec, config.target, ctx.notebookDir);
  let data: Awaited<ReturnType<typeof runProbe>>;
  try {
    data = await runProbe(config, {
      signal: ctx.signal,
      hooks,
      onProgress: (records, elapsed) => {
        progress.update(records);
        const fraction = total !== undefined ? progress.measured / total : spec.duration ? Math.min(1, elapsed / spec.duration) : undefined;
        ctx.progress({ message: progress.line(total, { elapsedMs: elapsed, durationMs: spec.duration }), fraction });
      },
    });
  } catch (e) {
    // tcpdump must not outlive a failed run.
    if (session && !('unavailable' in session)) await session.stop();
    throw e;
  }
  // Every socket is closed; what is left is the (maybe partial) result, which a cancel cannot cut short.
  ctx.stopped?.();
  const a = analyze(data);
  const capture = session ? await finishCapture(session, data, a, config.target, ctx.notebookDir) : undefined;
  const result: ProbeResult = {
    kind: PROBE_LANGUAGE,
    summary: a.summary,
    samples: a.samples,
    run: {
      target: spec.target,
      protocol: spec.protocol,
      ...(spec.protocol === 'memcached' ? { op: spec.op, client: spec.client } : {}),
      mode: checked.mode,
      ...(checked.mode === 'open' ? { ratePerSec: spec.rate, arrival: spec.arrival } : {}),
      connections: spec.connections,
      // What the raw path used: memjs and tcp-connect always send one request at a time.
      pipeline: checked.mode === 'open' && spec.protocol === 'memcached' && spec.client !== 'memjs' ? spec.pipeline : 1,
      seed,
      warmup: checked.warmup,
      ...(creds ? { auth: { user: creds.user, passwordFrom: from! } } : {}),
      startedAt: new Date(data.wallAtEpoch + data.t0).toISOString(),
      measuredMs: Math.round(data.tEnd - data.t0),
      cancelled: data.cancelled,
      noDelay: true,
      counts: a.counts,
    },
    views: a.views,
    errors: a.errors,
    stages: a.stages,
    sendLag: a.sendLag,
    stalls: a.stalls,
    stallsTruncated: a.stallsTruncated,
    clientPauses: a.clientPauses,
    hostSignals: a.hostSignals,
    overTime: a.overTime,
    ...(capture ? { capture } : {}),
  };
  const captureLine = captureMarkdownLine(capture, a);
  return {
    result,
    // Headed by the title, else the target, so two probes' charts are told apart mid-scroll.
    charts: probeCharts(a, spec.title ?? spec.target),
    markdown: probeMarkdown(a, { title: spec.title, cancelled: data.cancelled, target: spec.target }) + (captureLine ? `
${captureLine}` : ''),
    // Not one answer is not a measurement: the cell fails (a cancelled run stays cancelled).
    ...(a.summary.count === 0 && !data.cancelled ? { failure: { name: 'NoSuccessfulRequest', message: noSuccessCause(a, spec.target) } } : {}),
  };
}

export const probeCell = defineCellKind<ProbeSpecCheck>({
  language: PROBE_LANGUAGE,
  check: checkProbeSpec,
  keyDocs: () => keyDocs(probeSchema).map((d) => ({ ...d, docs: 'docs/probe.md#spec-keys' })),
  runChecked: (checked, ctx) => runChecked(checked, ctx),
  preflight: probePreflight,
  worker: PROBE_WORKER,
  // `target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}` (src/probe/target-env.ts)
  environmentKeys: ['target'],
  template: ['title: memcached GET on this machine', 'target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}', 'op: get', 'rate: 1000/s', 'requests: 2000', 'stallThresholdMs: 20'].join('\n'),
  templateIntro: msg(
    '**Probe**: measures a real service from this machine, every request with its timeline. This one asks memcached on this machine (loopback, so no confirmation): start one with `memcached -p 11211`, or point `XENLAT_MEMCACHED` at yours. With no server it fails and says so.',
  ),
});
