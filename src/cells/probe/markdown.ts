import { formatCount, formatMs } from '../../stats/format-ms';
import type { ProbeAnalysis } from './analyze';
import { STAGES } from '../../probe/record';
import { summaryTable } from '../markdown-table';

// Faults that mean no connection was ever made (as opposed to a server that answered badly).
const UNREACHABLE = new Set(['refused', 'dns', 'connect-timeout']);

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * Why a probe measured nothing, in plain words: the cell's failure message and the summary's
 * first line (`strong` marks its lead in markdown).
 */
export function noSuccessCause(a: ProbeAnalysis, target: string, strong = ''): string {
  const kinds = Object.entries(a.errors.byKind).map(([k, n]) => `${k} ${formatCount(n!)}`).join(', ');
  const unreachable = a.errors.total > 0 && Object.keys(a.errors.byKind).every((k) => UNREACHABLE.has(k));
  if (unreachable) {
    return `${strong}No server reachable at ${target}${strong}: all ${formatCount(a.summary.requests)} requests failed before a connection was made (${kinds}). Is the server running, and is \`target\` right?`;
  }
  if (a.summary.requests === 0) return `${strong}Nothing was measured${strong}: no request to ${target} was sent.`;
  return `${strong}No request to ${target} succeeded${strong}: all ${formatCount(a.summary.requests)} failed (${kinds || 'no answer'}).`;
}

export function probeMarkdown(a: ProbeAnalysis, opts: { title?: string; cancelled: boolean; target: string }): string {
  const out: string[] = [];
  if (opts.title) out.push(`**${opts.title}**`, '');
  if (opts.cancelled) out.push(`_Cancelled: partial result of ${formatCount(a.summary.requests)} measured requests._`, '');
  const views = Object.entries(a.views);
  if (a.summary.count > 0) {
    // A partial failure is still data, but its figures cover only the requests that succeeded.
    if (a.errors.total > 0) out.push(`_Partial failure: ${formatCount(a.errors.total)} of ${formatCount(a.summary.requests)} requests failed; the latency figures cover the ${formatCount(a.summary.count)} that succeeded._`, '');
    out.push(views.length > 1 ? summaryTable([{ label: 'all', summary: a.summary }, ...views.map(([k, v]) => ({ label: k, summary: v }))], 'view') : summaryTable(a.summary));
  } else {
    out.push(noSuccessCause(a, opts.target, '**'), '');
  }
  const s = a.summary.stalls;
  out.push(
    `- **Stalls** > ${formatMs(s.thresholdMs)}: ${formatCount(s.count)} — client's own (probe paused): ${formatCount(s.client)}, queued behind earlier ones: ${formatCount(s.queued)}, network or server: ${formatCount(s.networkOrServer)}`,
  );
  const e = a.errors;
  if (e.total) {
    const kinds = Object.entries(e.byKind).map(([k, n]) => `${k} ${formatCount(n!)} (${e.descriptions[k as keyof typeof e.descriptions]})`);
    out.push(`- **Errors**: ${formatCount(e.total)} — ${kinds.join(', ')}`);
  } else out.push('- **Errors**: none');
  out.push(`- **Send lateness**: p99 ${formatMs(a.sendLag.p99Ms)}, max ${formatMs(a.sendLag.maxMs)}; ${formatCount(a.sendLag.lateOver1ms)} sends late by > 1 ms`);
  const p = a.clientPauses;
  out.push(`- **Client pauses** (heartbeat late by > ${formatMs(p.thresholdMs)}): ${formatCount(p.count)}, longest ${formatMs(p.maxMs)}; GC ≥ 1 ms: ${formatCount(p.gc.count)}, longest ${formatMs(p.gc.maxMs)}`);
  if (a.hostSignals.enabled) {
    const parts = a.hostSignals.series.map((x) =>
      x.present ? `${x.name} ${formatCount(x.points.reduce((acc, [, d]) => acc + d, 0))} ${x.unit}` : `${x.name} absent (${x.reason})`,
    );
    out.push(`- **Host signals** over the run: ${parts.join('; ')}`);
  }
  out.push('');
  const stageRows = STAGES.filter((st) => a.stages.all.stages[st] || a.stages.slow.stages[st]);
  if (stageRows.length) {
    out.push(`| stage | p50 (all) | p99 (all) | mean (${esc(a.stages.slowDefinition)}) |`, '| :-- | --: | --: | --: |');
    for (const st of stageRows) {
      const all = a.stages.all.stages[st];
      const slow = a.stages.slow.stages[st];
      out.push(`| ${st} | ${all ? formatMs(all.p50) : '—'} | ${all ? formatMs(all.p99) : '—'} | ${slow ? formatMs(slow.mean) : '—'} |`);
    }
    out.push('');
  }
  if (a.stalls.length) {
    const worst = [...a.stalls].sort((x, y) => y.latencyMs - x.latencyMs).slice(0, 10);
    out.push('| request | at | latency | slowest stage | cause | client pause | host signals |', '| --: | --: | --: | :-- | :-- | --: | :-- |');
    for (const st of worst) {
      const moved = st.signals.map((g) => `${g.name} +${g.delta}`).join(', ') || '—';
      const sig = st.pointsAt.length ? `${moved} → ${st.pointsAt.join('; ')}` : moved;
      out.push(`| #${st.seq} (conn ${st.conn}, ${st.path}) | ${formatMs(st.tMs)} | ${formatMs(st.latencyMs)} | ${st.stage} ${formatMs(st.stagesMs[st.stage] ?? 0)} | ${st.cause}${st.signature ? `: ${esc(st.signature)}` : ''} | ${formatMs(st.clientPauseMs)} | ${esc(sig)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
