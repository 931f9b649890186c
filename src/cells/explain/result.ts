// The explain cell's result object (plain JSON beside the common `summary`) and its markdown
// table for readers without the renderer (GitHub, the HTML report).
import { escapeCell } from '../markdown-table';
import { t } from '../../l10n';
import type { CellResult } from '../types';
import { verdictLabel } from './charts';
import type { ExplainAnswer } from './explain';
import type { Verdict } from './ranking';
import type { Signatures } from './signatures';

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);
const r6 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

export interface RankingEntryJson {
  rank: number;
  hypothesis: string;
  params: Record<string, unknown>;
  score: number;
  statistics: {
    rateGapDecades: number;
    wassersteinLog10?: number;
    andersonDarling?: { t: number; p: number; observedEpisodes: number; simulatedEpisodes: number };
    locationGap?: number;
    /** With a capture: the predicted share of stalled time after the guest's capture, and its gap to the observed interval. */
    afterCapture?: { observedShare: number; predictedShare: number; gap: number };
    bodyGapDecades?: number;
    noise?: { wassersteinLog10: number; andersonDarlingT: number };
  };
  stallRate: {
    observed: { stalls: number; of: number; rate: number; lo: number; hi: number };
    simulated: { stalls: number; of: number; rate: number; lo: number; hi: number };
  };
  verdict: Verdict;
  reasons: string[];
  calibration: { wireOneWayUs: number; serverServiceUs: number; residualShiftMs: number };
}

export interface ExplainResult extends CellResult {
  kind: 'xenlat-explain';
  observed: { source: string; count: number };
  signatures: Omit<Signatures, 'count'>;
  ranking: RankingEntryJson[];
  indistinguishable: { hypotheses: string[]; separatedBy: string }[];
  expect?: { hypothesis: string; met: boolean };
  run: { seed: number; requestsPerCandidate: number; candidates: number; candidatesPlanned: number; cancelled: boolean };
}

export function rankingJson(a: ExplainAnswer): RankingEntryJson[] {
  return a.ranking.map((r) => {
    const cmp = r.comparison;
    const rate = (x: typeof cmp.rate.observed) => ({ stalls: x.count, of: x.of, rate: r6(x.rate), lo: r6(x.interval.lo), hi: r6(x.interval.hi) });
    return {
      rank: r.rank,
      hypothesis: r.hypothesis,
      params: r.params,
      score: r4(r.score),
      statistics: {
        rateGapDecades: r4(r.parts.rate),
        ...(cmp.shape
          ? {
              wassersteinLog10: r4(cmp.shape.wassersteinLog10),
              andersonDarling: { t: r4(cmp.shape.andersonDarling.t), p: r4(cmp.shape.andersonDarling.p), observedEpisodes: cmp.shape.observedEpisodes, simulatedEpisodes: cmp.shape.simulatedEpisodes },
            }
          : {}),
        ...(cmp.location ? { locationGap: r4(r.parts.location) } : {}),
        ...(cmp.capture ? { afterCapture: { observedShare: r4(cmp.capture.observedShare), predictedShare: r4(cmp.capture.predictedShare), gap: r4(r.parts.capture) } } : {}),
        ...(r.parts.body ? { bodyGapDecades: r4(r.parts.body) } : {}),
        ...(r.noise ? { noise: { wassersteinLog10: r4(r.noise.wassersteinLog10), andersonDarlingT: r4(r.noise.andersonDarlingT) } } : {}),
      },
      stallRate: { observed: rate(cmp.rate.observed), simulated: rate(cmp.rate.simulated) },
      verdict: r.verdict,
      reasons: r.reasons,
      calibration: { wireOneWayUs: r.calibration.wireOneWayUs, serverServiceUs: r.calibration.serverServiceUs, residualShiftMs: r4(r.calibration.residualShiftMs) },
    };
  });
}


function paramText(p: Record<string, unknown>): string {
  const e = Object.entries(p);
  return e.length ? e.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ') : t('(preset values)');
}

export function explainMarkdown(result: ExplainResult, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(`**${escapeCell(title)}**`, '');
  if (result.run.cancelled) lines.push(t('Cancelled: {0} of {1} candidate runs finished; the ranking covers those only.', result.run.candidates, result.run.candidatesPlanned), '');
  const headers = [t('rank'), t('hypothesis'), t('fitted'), t('score'), t('stall rate (sim vs obs)'), t('verdict'), t('first reason')];
  lines.push(`| ${headers.join(' | ')} |`, '|--:|:--|:--|--:|:--|:--|:--|');
  for (const r of result.ranking) {
    const s = r.stallRate;
    const rate = t('{0}% vs {1}%', (s.simulated.rate * 100).toPrecision(2), (s.observed.rate * 100).toPrecision(2));
    lines.push(`| ${r.rank} | ${escapeCell(r.hypothesis)} | ${escapeCell(paramText(r.params))} | ${r.score.toFixed(3)} | ${rate} | ${verdictLabel(r.verdict)} | ${escapeCell(r.reasons[0] ?? '')} |`);
  }
  if (result.indistinguishable.length) {
    lines.push('', t('**Indistinguishable here** (tied, not ranked on noise):'));
    for (const g of result.indistinguishable) lines.push(`- ${g.hypotheses.join(' = ')}: ${escapeCell(g.separatedBy)}`);
  }
  lines.push('', t('**Observed signatures**:'));
  for (const s of result.signatures.sentences) lines.push(`- ${escapeCell(s)}`);
  if (result.expect) lines.push('', result.expect.met ? t('Expected first: {0}: yes.', result.expect.hypothesis) : t('Expected first: {0}: **no**.', result.expect.hypothesis));
  return lines.join('\n') + '\n';
}
