// The xenlat-explain cell kind: reads the observation (another cell's stored result, or samples
// as a data cell reads them), ranks the hypotheses (explain.ts) and presents the answer.
import { t } from '../../l10n';
import { explainCdfSpec, rankingSpec, stallHistogramSpec } from './charts';
import { summarize } from '../../stats/summarize';
import { defineCellKind } from '../define-kind';
import { readSamples, type SampleSourceSpec } from '../samples/source';
import { keyDocs } from '../spec/schema';
import { CellError, type CellContext, type CellOutcome, type ChartOutput } from '../types';
import { checkExplainSpec, type ExplainCheck } from './check';
import { defaultThreshold, explain } from './explain';
import { explainMarkdown, rankingJson, type ExplainResult } from './result';
import { DEFAULT_REQUESTS, EXPLAIN_LANGUAGE, explainSchema } from './schema';
import type { Observation, StallContext } from './signatures';

async function observation(c: ExplainCheck, ctx: CellContext): Promise<Observation> {
  const id = c.spec.observed;
  if (id !== undefined) {
    const fail = (message: string): never => {
      throw new CellError(message, [{ severity: 'error', message, path: 'observed', range: c.check.valueRange('observed') }]);
    };
    if (!ctx.cellResult) return fail(t('observed: "{0}" names a cell of a notebook, but this run has none (xenlat exec runs one spec alone): give the samples with "samples:" or "file:" instead', id));
    const r = ctx.cellResult(id);
    if (!r) return fail(t('observed: cell "{0}" has no stored result: run that cell first (or check the id: it is in the cell\'s metadata, "Xenlat: Copy Cell Id")', id));
    if (!(r.samples instanceof Float64Array) || r.samples.length === 0) return fail(t('observed: the result of cell "{0}" ({1}) holds no latency samples to explain', id, r.kind));
    const stalls = Array.isArray(r.stalls) ? (r.stalls as unknown[]).filter(isStallContext) : [];
    return { samplesMs: r.samples, source: `cell ${id} (${r.kind})`, ...(stalls.length ? { stallContext: stalls } : {}) };
  }
  // The sample keys, read as a data cell reads them (src/cells/samples/source.ts).
  const spec = c.spec as unknown as SampleSourceSpec;
  const extracted = await readSamples(spec, c.check, ctx);
  return { samplesMs: extracted.values, source: spec.file !== undefined ? `file ${spec.file}` : 'inline samples' };
}

function isStallContext(x: unknown): x is StallContext {
  return typeof x === 'object' && x !== null && typeof (x as StallContext).latencyMs === 'number';
}

export async function runExplain(c: ExplainCheck, ctx: CellContext): Promise<CellOutcome> {
  ctx.signal.throwIfAborted();
  const obs = await observation(c, ctx);
  const thr = c.spec.stallThresholdMs ?? defaultThreshold(obs.samplesMs);
  const seed = c.spec.seed;
  const requests = c.spec.requests ?? DEFAULT_REQUESTS;
  const a = await explain(obs, {
    hypotheses: c.hypotheses,
    stallThresholdMs: thr,
    seed,
    requests,
    signal: ctx.signal,
    onProgress: (message, fraction) => ctx.progress({ message, fraction }),
  });
  ctx.stopped?.();
  const { count: _count, ...signatures } = a.signatures;
  const ranking = rankingJson(a);
  const first = ranking.filter((r) => r.rank === 1).map((r) => r.hypothesis);
  const result: ExplainResult = {
    kind: EXPLAIN_LANGUAGE,
    summary: summarize(obs.samplesMs, thr),
    observed: { source: obs.source, count: obs.samplesMs.length },
    signatures,
    ranking,
    indistinguishable: a.indistinguishable,
    ...(c.spec.expect ? { expect: { hypothesis: c.spec.expect, met: first.includes(c.spec.expect) } } : {}),
    run: { seed, requestsPerCandidate: requests, candidates: a.candidatesRun, candidatesPlanned: a.candidatesPlanned, cancelled: a.cancelled },
  };
  const title = c.spec.title;
  const top = a.ranking.slice(0, 3);
  const charts: ChartOutput[] = [
    {
      id: 'cdf',
      title: t('Observed vs the best hypotheses (tail CDF)'),
      spec: explainCdfSpec([{ name: t('observed'), points: a.observedCdf }, ...top.map((r) => ({ name: r.hypothesis, points: r.cdf }))], { title: title ? t('{0}: observed vs hypotheses', title) : t('observed vs hypotheses'), stallThresholdMs: thr }),
    },
  ];
  if (a.ranking[0] && (a.observedTail.length || a.ranking[0].tail.length)) {
    charts.push({ id: 'stall-sizes', title: t('Stall latencies: observed vs the best fit'), spec: stallHistogramSpec(a.observedTail, a.ranking[0].tail, a.ranking[0].hypothesis, { title: t('stalled requests: observed vs best fit') }) });
  }
  charts.push({ id: 'ranking', title: t('Ranking'), spec: rankingSpec(ranking.map((r) => ({ hypothesis: r.hypothesis, rank: r.rank, score: r.score, verdict: r.verdict })), { title: t('hypotheses by score') }) });
  const markdown = explainMarkdown(result, title);
  if (result.expect && !result.expect.met && !a.cancelled) {
    const message = `${t('expect: "{0}" is no longer first: the ranking puts {1} first.', result.expect.hypothesis, first.join(' = '))}\n${markdown}`;
    throw new CellError(message, [{ severity: 'error', message: t('expect: "{0}" is not ranked first', result.expect.hypothesis), path: 'expect', range: c.check.valueRange('expect') }]);
  }
  return { result, charts, markdown };
}

export const explainCell = defineCellKind<ExplainCheck>({
  language: EXPLAIN_LANGUAGE,
  check: checkExplainSpec,
  keyDocs: () => keyDocs(explainSchema()).map((d) => ({ ...d, docs: 'docs/explain.md#spec-keys' })),
  runChecked: runExplain,
  // The observed cell's stored result is the one thing it needs from the notebook.
  preflight: (c) => ({ hosts: [], secretNames: [], cells: c.spec.observed !== undefined ? [c.spec.observed] : [] }),
});
