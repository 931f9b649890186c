import { simDetailCharts } from './charts';
import { sweepChartSpec } from '../../charts/sweep-chart';
import type { SimConfig } from '../../sim/xen/config';
import type { StreamedRun } from '../../sim/xen/run-types';
import { formatCount, formatMs } from '../../stats/format-ms';
import { defineCellKind } from '../define-kind';
import { summaryTable } from '../markdown-table';
import { CellError, type CellContext, type CellOutcome, type CellResult, type ChartOutput, type ResultSummary, type SpecKeyDoc } from '../types';
import { runBulkCell } from './bulk-cell';
import { budgetIssues } from '../../sim/xen/run-budget';
import { EveryRequestKeeper, MAX_EVERY_REQUEST, type SlowRequest } from './requests';
import { TeeSink } from '../../sim/xen/request-slots';
import { NoCompletedRequestsError, RunAnalyzer, type RunAnalysis } from './analyze';
import { checkSimSpec, currentSimSchema, type SimSpecCheck } from './check';
import { presetSummary, runModel, runModelSweep, runModelWithProgress, sweepWorkers } from './model-api';
import type { RunSummary } from '../../sim/xen/summary';
import { SIM_LANGUAGE, simKeyDocs } from './schema';
import { valuesByKey, worstPoint, type SweepValue } from './sweep-spec';
import { applyValues, combinations } from '../../sim/sweep/sweep-point';
import { connectLine, symptomLine, type Symptoms } from './symptoms';
import { msg, t, tr } from '../../l10n';

export interface SimSweepEntry {
  /** The swept keys (as the spec names them) and their values for this combination. */
  values: Record<string, SweepValue>;
  summary: ResultSummary;
}

/** The analysis of the (detail) run, as RunAnalysis describes it, plus what the run was. */
export interface SimResult extends CellResult, Pick<RunAnalysis, 'writeSummary' | 'connectSummary' | 'loggedSummary' | 'stages' | 'slowest' | 'mechanisms' | 'failures'> {
  kind: 'xenlat-sim';
  preset?: string;
  seed: number;
  /** The resolved model configuration the (first) run used: preset + the spec's keys. */
  config: SimConfig;
  samples: Float64Array;
  counters?: Record<string, number>;
  /** The founding case's three symptoms in this run (src/cells/sim/symptoms.ts). */
  symptoms: Symptoms;
  /** Every request in request order, when the shell asked for them (CellContext.keepRequests). */
  everyRequest?: SlowRequest[];
  /** Sweeps only: one summary per combination, in run order. */
  sweep?: SimSweepEntry[];
  /** Sweeps only: the combination the summary, samples and detail above describe. */
  detail?: { values: Record<string, SweepValue>; why: string };
}

async function runSim(checked: SimSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();
  if (checked.spec.mode === 'bulk') return runBulkCell(checked);
  return checked.axes.length ? runSweepCell(checked, ctx) : runSingle(checked, ctx);
}

async function runSingle(checked: SimSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  const { spec, config } = checked;
  const what = spec.preset ? t('simulating {0} requests (preset {1})', formatCount(config.requests), spec.preset) : t('simulating {0} requests', formatCount(config.requests));
  ctx.progress({ message: what });
  const analyzer = new RunAnalyzer(config.requests, config.stallThresholdMs, spec.slowest);
  const every = everyRequestKeeper(config, ctx);
  const run = await runModelWithProgress(config, spec.seed, every ? new TeeSink(analyzer, every) : analyzer, ctx.signal, (p) =>
    ctx.progress({
      message: Number.isFinite(p.secondsLeft)
        ? t('{0}: {1} done, about {2} left', what, formatCount(p.requestsDone), secondsText(p.secondsLeft))
        : t('{0}: {1} done', what, formatCount(p.requestsDone)),
      fraction: p.fraction,
    }),
  );
  ctx.signal.throwIfAborted();
  const analysis = analyze(analyzer);
  ctx.progress({ message: t('p99.9 {0}, {1} stalls', formatMs(analysis.summary.percentilesMs['99.9']), formatCount(analysis.summary.stalls.count)), fraction: 1 });
  const result = buildResult(checked, run, analysis, every);
  const charts = simDetailCharts(cellLabel(spec), run, analysis);
  // Deterministic (same spec + seed, same result; a cancelled run throws above): the samples need not be stored.
  return { result, charts, markdown: heading(checked) + summaryTable(analysis.summary) + connectLine(analysis.connectSummary) + stageLine(analysis) + symptomLine(result.symptoms), regenerable: true };
}

async function runSweepCell(checked: SimSpecCheck, ctx: CellContext): Promise<CellOutcome> {
  const { spec, config, axes } = checked;
  // The model's combinations (by config path), in the order the sweep pool numbers them.
  const combos = combinations(axes);
  const entries: (SimSweepEntry & { index: number; p: number })[] = [];
  const pct = spec.sweepPercentile;
  await runModelSweep(config, axes, spec.seed, {
    workers: sweepWorkers(combos.length),
    signal: ctx.signal,
    onPoint: (i, summary) => {
      const values = valuesByKey(axes, combos[i]!);
      const p = summary.percentilesMs[pct];
      entries.push({ index: i, values, summary: commonSummary(summary), p });
      ctx.progress({
        message: t('{0} / {1} combinations; {2}: p{3} {4}', entries.length, combos.length, describeValues(values), pct, formatMs(p)),
        fraction: entries.length / combos.length,
      });
    },
  });
  // Keep the spec's order (the sweep may finish combinations out of order with several workers).
  entries.sort((a, b) => a.index - b.index);
  const worst = worstPoint(entries);
  if (!worst) {
    ctx.signal.throwIfAborted();
    throw new CellError(t('the sweep produced no result'));
  }
  // The workers return summaries only; the detail charts need the full run of one combination,
  // re-run here with the config the pool built for it (same function, same seed), so it is the
  // very run the worker summarised.
  const worstValues = valuesByKey(axes, combos[worst.index]!);
  const worstConfig = applyValues(config, combos[worst.index]!);
  const worstAnalyzer = new RunAnalyzer(worstConfig.requests, worstConfig.stallThresholdMs, spec.slowest);
  const every = everyRequestKeeper(worstConfig, ctx);
  const worstRun = runModel(worstConfig, spec.seed, every ? new TeeSink(worstAnalyzer, every) : worstAnalyzer);
  const worstAnalysis = analyze(worstAnalyzer);
  const analysis = worstAnalysis;
  const result = buildResult(checked, worstRun, analysis, every);
  result.config = worstConfig;
  const sweep = entries.map(({ values, summary }) => ({ values, summary }));
  result.sweep = sweep;
  result.detail = { values: worstValues, why: t('the combination with the highest p{0}', pct) };

  const keys = axes.map((a) => a.key);
  const label = cellLabel(spec);
  const prefix = label ? `${label}: ` : '';
  const sweepTitle = prefix + (keys.length > 1 ? t('p{0} latency vs {1} and {2}', pct, keys[0]!, keys[1]!) : t('p{0} latency vs {1}', pct, keys[0]!));
  const charts: ChartOutput[] = [
    { id: 'sweep', title: sweepTitle, spec: sweepChartSpec(sweep, { keys, percentile: pct, title: sweepTitle }) },
    ...simDetailCharts(prefix + t('worst: {0}', describeValues(worstValues)), worstRun, analysis),
  ];
  const cancelled = ctx.signal.aborted ? `\n_${t('Cancelled: {0} of {1} combinations ran.', entries.length, combos.length)}_\n` : '';
  // The header names the keys, so each row shows only its values.
  const rows = sweep.map((e) => ({ label: keys.map((k) => valueText(e.values[k])).join(', '), summary: e.summary }));
  const markdown =
    heading(checked) +
    summaryTable(rows, keys.join(', ')) +
    cancelled +
    `\n${t('Detail below: {0} (highest p{1}).', describeValues(worstValues), pct)}\n` +
    stageLine(analysis);
  // A cancelled sweep depends on when it was stopped: its samples are kept.
  return { result, charts, markdown, regenerable: !ctx.signal.aborted };
}

/** The common result summary out of the model's richer one (same latency definition). */
function commonSummary(s: RunSummary): ResultSummary {
  // Rounded to nanoseconds like the detail run's samples, so a sweep row and the detail agree.
  const ns = (ms: number) => Math.round(ms * 1e6) / 1e6;
  const p = s.percentilesMs;
  return {
    count: s.count,
    minMs: ns(s.minMs),
    meanMs: s.meanMs,
    maxMs: ns(s.maxMs),
    percentilesMs: { '50': ns(p['50']), '90': ns(p['90']), '99': ns(p['99']), '99.9': ns(p['99.9']), '99.99': ns(p['99.99']) },
    stalls: s.stalls,
  };
}

function analyze(analyzer: RunAnalyzer): RunAnalysis {
  try {
    return analyzer.analysis();
  } catch (e) {
    if (e instanceof NoCompletedRequestsError) throw new CellError(e.message);
    throw e;
  }
}

/**
 * A keeper of every request's record when the shell asks (an export) and the run can afford it
 * (the run budget with the table counted, and at most MAX_EVERY_REQUEST); otherwise the export
 * has the slowest requests only, and says so.
 */
function everyRequestKeeper(config: SimConfig, ctx: CellContext): EveryRequestKeeper | undefined {
  if (!ctx.keepRequests || config.requests > MAX_EVERY_REQUEST || budgetIssues(config, { keepRequests: true }).length) return undefined;
  return new EveryRequestKeeper();
}

function buildResult(checked: SimSpecCheck, run: StreamedRun, a: RunAnalysis, every?: EveryRequestKeeper): SimResult {
  const { spec, config } = checked;
  return {
    kind: SIM_LANGUAGE,
    ...(spec.preset ? { preset: spec.preset } : {}),
    seed: spec.seed,
    summary: a.summary,
    samples: a.samples,
    config,
    writeSummary: a.writeSummary,
    loggedSummary: a.loggedSummary,
    stages: a.stages,
    slowest: a.slowest,
    mechanisms: a.mechanisms,
    failures: a.failures,
    ...(run.counters ? { counters: run.counters } : {}),
    symptoms: a.symptoms,
    // Last, so a result without connects is what it was before.
    ...(a.connectSummary ? { connectSummary: a.connectSummary } : {}),
    // Only in a re-run for an export (never stored: the file keeps the slowest requests).
    ...(every ? { everyRequest: every.requests } : {}),
  };
}

function secondsText(s: number): string {
  return s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

function valueText(v: SweepValue | undefined): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** What heads this cell's charts: its title, else its preset (ten sim cells' charts must not all read "latency histogram"). */
function cellLabel(spec: { title?: string; preset?: string }): string | undefined {
  return spec.title ?? (spec.preset ? t('preset {0}', spec.preset) : undefined);
}

function describeValues(values: Record<string, SweepValue>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k} = ${valueText(v)}`)
    .join(', ');
}

function heading(checked: SimSpecCheck): string {
  const { spec, config } = checked;
  const title = spec.title ? `**${spec.title}**\n\n` : '';
  const what = spec.preset
    ? t('Preset `{0}`, {1} requests at {2}/s, seed {3}.', spec.preset, formatCount(config.requests), formatCount(config.ratePerSec), spec.seed)
    : t('{0} requests at {1}/s, seed {2}.', formatCount(config.requests), formatCount(config.ratePerSec), spec.seed);
  // The preset's description is marked where the presets are defined (src/sim/xen/presets.ts).
  // Two sentences joined as the reader's language joins them (a space in English, none in Chinese).
  const said = spec.preset ? t('{0} {1}', what, tr(presetSummary(spec.preset) ?? '')) : what;
  return `${title}${said}\n\n`;
}

/** One sentence naming the stages that took most of the slow requests' time, and the causes. */
function stageLine(a: RunAnalysis): string {
  const s = a.stages;
  if (s.requests === 0) return '';
  const top = [...s.stages].sort((x, y) => y.share - x.share).filter((x) => x.share >= 0.1).slice(0, 3);
  const causes = Object.entries(s.causes)
    .filter(([k]) => k !== 'none')
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([k, n]) => `${k} (${formatCount(n)})`);
  const who = s.basis === 'stalls' ? t('{0} slow requests (> {1})', formatCount(s.requests), formatMs(s.thresholdMs)) : t('the slowest {0} requests', formatCount(s.requests));
  const where = top.map((x) => `${x.stage} ${(100 * x.share).toFixed(0)}%`).join(', ') || t('spread over the stages');
  const line = causes.length ? t('Time of {0}: {1}; main causes: {2}.', who, where, causes.join(', ')) : t('Time of {0}: {1}.', who, where);
  return `\n${line}\n`;
}

let cachedDocs: SpecKeyDoc[] | undefined;

export const simCell = defineCellKind<SimSpecCheck>({
  language: SIM_LANGUAGE,
  check: checkSimSpec,
  // Called on every hover and completion; the docs only change with the code.
  keyDocs: () => (cachedDocs ??= simKeyDocs(currentSimSchema())).map((d) => ({ ...d })),
  runChecked: runSim,
  template: ['title: three CPU-bound neighbours (the black 0.1 second)', 'preset: black-0.1s', 'requests: 20000', 'stallThresholdMs: 50'].join('\n'),
  templateIntro: msg(
    '**Simulation**: one hypothesis about the Xen paravirtual I/O path as a deterministic model. `black-0.1s` is the founding case: three CPU-bound neighbours share the guest\'s pCPU, and the application\'s vCPU waits out their 30 ms timeslices.',
  ),
});
