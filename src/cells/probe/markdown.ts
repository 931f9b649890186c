import { formatCount, formatMs } from '../../stats/format-ms';
import type { ProbeAnalysis } from './analyze';
import { STAGES } from '../../probe/record';
import { escapeCell, summaryTable } from '../markdown-table';
import { t } from '../../l10n';

// Faults that mean no connection was ever made (as opposed to a server that answered badly).
const UNREACHABLE = new Set(['refused', 'dns', 'connect-timeout']);


/**
 * Why a probe measured nothing, in plain words: the cell's failure message and the summary's
 * first line (`strong` marks its lead in markdown).
 */
export function noSuccessCause(a: ProbeAnalysis, target: string, strong = ''): string {
  const kinds = Object.entries(a.errors.byKind).map(([k, n]) => `${k} ${formatCount(n!)}`).join(', ');
  const unreachable = a.errors.total > 0 && Object.keys(a.errors.byKind).every((k) => UNREACHABLE.has(k));
  if (unreachable) {
    return t(
      '{0}No server reachable at {1}{0}: all {2} requests failed before a connection was made ({3}). Is the server running, and is `target` right?',
      strong,
      target,
      formatCount(a.summary.requests),
      kinds,
    );
  }
  if (a.summary.requests === 0) return t('{0}Nothing was measured{0}: no request to {1} was sent.', strong, target);
  return t('{0}No request to {1} succeeded{0}: all {2} failed ({3}).', strong, target, formatCount(a.summary.requests), kinds || t('no answer'));
}

export function probeMarkdown(a: ProbeAnalysis, opts: { title?: string; cancelled: boolean; target: string }): string {
  const out: string[] = [];
  if (opts.title) out.push(`**${opts.title}**`, '');
  if (opts.cancelled) out.push(`_${t('Cancelled: partial result of {0} measured requests.', formatCount(a.summary.requests))}_`, '');
  const views = Object.entries(a.views);
  if (a.summary.count > 0) {
    // A partial failure is still data, but its figures cover only the requests that succeeded.
    if (a.errors.total > 0) {
      const line = t('Partial failure: {0} of {1} requests failed; the latency figures cover the {2} that succeeded.', formatCount(a.errors.total), formatCount(a.summary.requests), formatCount(a.summary.count));
      out.push(`_${line}_`, '');
    }
    out.push(views.length > 1 ? summaryTable([{ label: t('all'), summary: a.summary }, ...views.map(([k, v]) => ({ label: k, summary: v }))], t('view')) : summaryTable(a.summary));
  } else {
    out.push(noSuccessCause(a, opts.target, '**'), '');
  }
  const s = a.summary.stalls;
  out.push(
    '- ' +
      t(
        "**Stalls** > {0}: {1} — client's own (probe paused): {2}, queued behind earlier ones: {3}, network or server: {4}",
        formatMs(s.thresholdMs),
        formatCount(s.count),
        formatCount(s.client),
        formatCount(s.queued),
        formatCount(s.networkOrServer),
      ),
  );
  const e = a.errors;
  if (e.total) {
    const kinds = Object.entries(e.byKind).map(([k, n]) => `${k} ${formatCount(n!)} (${e.descriptions[k as keyof typeof e.descriptions]})`);
    out.push(`- ${t('**Errors**: {0} — {1}', formatCount(e.total), kinds.join(', '))}`);
  } else out.push(`- ${t('**Errors**: none')}`);
  out.push(`- ${t('**Send lateness**: p99 {0}, max {1}; {2} sends late by > 1 ms', formatMs(a.sendLag.p99Ms), formatMs(a.sendLag.maxMs), formatCount(a.sendLag.lateOver1ms))}`);
  const p = a.clientPauses;
  const pauses = t(
    '**Client pauses** (heartbeat late by > {0}): {1}, longest {2}; GC ≥ 1 ms: {3}, longest {4}',
    formatMs(p.thresholdMs),
    formatCount(p.count),
    formatMs(p.maxMs),
    formatCount(p.gc.count),
    formatMs(p.gc.maxMs),
  );
  out.push(`- ${pauses}`);
  if (a.hostSignals.enabled) {
    const parts = a.hostSignals.series.map((x) =>
      x.present ? `${x.name} ${formatCount(x.points.reduce((acc, [, d]) => acc + d, 0))} ${x.unit}` : t('{0} absent ({1})', x.name, String(x.reason)),
    );
    out.push(`- ${t('**Host signals** over the run: {0}', parts.join('; '))}`);
  }
  out.push('');
  const stageRows = STAGES.filter((st) => a.stages.all.stages[st] || a.stages.slow.stages[st]);
  if (stageRows.length) {
    out.push(t('| stage | p50 (all) | p99 (all) | mean ({0}) |', escapeCell(a.stages.slowDefinition)), '| :-- | --: | --: | --: |');
    for (const st of stageRows) {
      const all = a.stages.all.stages[st];
      const slow = a.stages.slow.stages[st];
      out.push(`| ${st} | ${all ? formatMs(all.p50) : '—'} | ${all ? formatMs(all.p99) : '—'} | ${slow ? formatMs(slow.mean) : '—'} |`);
    }
    out.push('');
  }
  if (a.stalls.length) {
    const worst = [...a.stalls].sort((x, y) => y.latencyMs - x.latencyMs).slice(0, 10);
    out.push(t('| request | at | latency | slowest stage | cause | client pause | host signals |'), '| --: | --: | --: | :-- | :-- | --: | :-- |');
    for (const st of worst) {
      const moved = st.signals.map((g) => `${g.name} +${g.delta}`).join(', ') || '—';
      const sig = st.pointsAt.length ? `${moved} → ${st.pointsAt.join('; ')}` : moved;
      out.push(`| ${t('#{0} (conn {1}, {2})', st.seq, st.conn, st.path)} | ${formatMs(st.tMs)} | ${formatMs(st.latencyMs)} | ${st.stage} ${formatMs(st.stagesMs[st.stage] ?? 0)} | ${st.cause}${st.signature ? `: ${escapeCell(st.signature)}` : ''} | ${formatMs(st.clientPauseMs)} | ${escapeCell(sig)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
