// Pure: the HTML for a result's compact summary table. Every value that came from the output
// is escaped; missing or malformed fields (old or partial results) show as "—" instead of throwing.
import { t } from '../l10n';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const DASH = '—';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A latency in ms with ~3-4 significant digits, e.g. `0.0123 ms`, `4.57 ms`, `1,234.5 ms`. */
export function formatMs(v: unknown): string {
  const n = num(v);
  if (n === undefined) return DASH;
  const a = Math.abs(n);
  let s: string;
  if (a === 0) s = '0';
  else if (a >= 100) s = n.toLocaleString('en-US', { maximumFractionDigits: 1 });
  else if (a >= 1) s = n.toFixed(2);
  else s = n.toPrecision(3);
  return `${s} ms`;
}

export function formatCount(v: unknown): string {
  const n = num(v);
  return n === undefined ? DASH : n.toLocaleString('en-US');
}

/** A wall-clock duration: `340 ms`, `12.3 s`, `3 min 04 s`, `2 h 05 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`;
  const totalMin = Math.round(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

/** Local time `YYYY-MM-DD HH:MM:SS`; the raw text when it is not a date. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export const PERCENTILE_KEYS = ['50', '90', '99', '99.9', '99.99'] as const;

export interface SummaryHtmlOptions {
  /** Formats an ISO timestamp for the provenance line (default: local `YYYY-MM-DD HH:MM:SS`). */
  formatTime?: (iso: string) => string;
}

/** The provenance line (when it ran, how long, what), or '' when there is no provenance. */
export function provenanceText(provenance: unknown, opts: SummaryHtmlOptions = {}): string {
  const p = obj(provenance);
  if (!p) return '';
  const fmt = opts.formatTime ?? formatTimestamp;
  const parts: string[] = [];
  const start = typeof p.startTime === 'string' ? p.startTime : undefined;
  const end = typeof p.endTime === 'string' ? p.endTime : undefined;
  if (start) parts.push(t('ran {0}', fmt(start)));
  if (start && end) {
    const ms = Date.parse(end) - Date.parse(start);
    if (Number.isFinite(ms) && ms >= 0) parts.push(t('took {0}', formatDuration(ms)));
  }
  if (typeof p.language === 'string' && p.language) parts.push(p.language);
  if (typeof p.version === 'string' && p.version) parts.push(`xenlat ${p.version}`);
  if (num(p.seed) !== undefined) parts.push(t('seed {0}', String(p.seed)));
  return parts.join(' · ');
}

/**
 * `<div class="xenlat-summary">…</div>` for a result object. Never throws for any input.
 */
export function buildSummaryHtml(result: unknown, opts: SummaryHtmlOptions = {}): string {
  const r = obj(result) ?? {};
  const summary = obj(r.summary) ?? {};
  const pct = obj(summary.percentilesMs) ?? {};
  const stalls = obj(summary.stalls);
  const provenance = obj(r.provenance);
  const cancelled = provenance?.cancelled === true;

  const errors = obj(r.errors);
  const errorTotal = num(errors?.total) ?? 0;
  // No successful sample: the zeros a summary would show are not latencies, so say what happened.
  if (num(summary.count) === 0) {
    const kind0 = headText(r);
    const byKind = obj(errors?.byKind) ?? {};
    const detail = Object.entries(byKind).map(([k, v]) => `${k}: ${formatCount(v)}`).join(', ');
    const prov0 = provenanceText(provenance, opts);
    return [
      `<div class="xenlat-summary${cancelled ? ' cancelled' : ''}">`,
      `<div class="xenlat-summary-head">${kind0}`,
      cancelled ? `<span class="xenlat-badge xenlat-cancelled">${escapeHtml(t('cancelled — partial result'))}</span>` : '',
      '</div>',
      `<div class="xenlat-empty">${escapeHtml(emptyText(errorTotal, detail))}</div>`,
      prov0 ? `<div class="xenlat-provenance">${escapeHtml(prov0)}</div>` : '',
      '</div>',
    ].join('');
  }

  const rows: Array<[string, string]> = [
    [t('count'), formatCount(summary.count)],
    [t('min'), formatMs(summary.minMs)],
    [t('mean'), formatMs(summary.meanMs)],
    ...PERCENTILE_KEYS.map((k): [string, string] => [`p${k}`, formatMs(pct[k])]),
    [t('max'), formatMs(summary.maxMs)],
  ];
  if (stalls) {
    const threshold = num(stalls.thresholdMs);
    const count = num(stalls.count);
    const total = num(summary.count);
    let text = formatCount(stalls.count);
    if (count !== undefined && total !== undefined && total > 0) {
      const share = (100 * count) / total;
      text += ` (${share >= 0.01 || share === 0 ? share.toFixed(2) : share.toPrecision(2)}%)`;
    }
    rows.push([threshold === undefined ? t('stalls') : t('stalls > {0}', formatMs(threshold)), text]);
  }
  if (errorTotal > 0) rows.push([t('errors'), formatCount(errorTotal)]);

  const kind = headText(r);
  const out: string[] = [];
  out.push(`<div class="xenlat-summary${cancelled ? ' cancelled' : ''}">`);
  out.push(`<div class="xenlat-summary-head">${kind}`);
  if (cancelled) out.push(`<span class="xenlat-badge xenlat-cancelled">${escapeHtml(t('cancelled — partial result'))}</span>`);
  out.push('</div>');
  out.push('<table><tbody>');
  for (const [label, value] of rows) {
    out.push(`<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push(captureStagesHtml(r));
  out.push(rankingHtml(r));
  const prov = provenanceText(provenance, opts);
  if (prov) out.push(`<div class="xenlat-provenance">${escapeHtml(prov)}</div>`);
  out.push('</div>');
  return out.join('');
}

/** Why a result with no successful sample has no latencies. */
function emptyText(errorTotal: number, detail: string): string {
  if (!errorTotal) return t('No successful request.');
  if (!detail) return t('No successful request: {0} failed.', formatCount(errorTotal));
  return t('No successful request: {0} failed ({1}).', formatCount(errorTotal), detail);
}

/**
 * The summary's heading, as HTML: the cell's title (or its preset, or the probed target), so a
 * reader mid-scroll knows which hypothesis this is; the kind follows in small print.
 */
function headText(r: Record<string, unknown>): string {
  const kind = typeof r.kind === 'string' && r.kind ? r.kind : 'result';
  const spec = obj(obj(r.provenance)?.spec);
  const preset = typeof spec?.preset === 'string' && spec.preset ? `preset ${spec.preset}` : undefined;
  // Else what it ran on: a probe's target, a data cell's file (read generically: any kind's).
  const target = typeof spec?.target === 'string' ? spec.target : typeof spec?.file === 'string' ? spec.file : undefined;
  const title = typeof spec?.title === 'string' && spec.title.trim() ? spec.title.trim() : (preset ?? target);
  if (!title) return `<span class="xenlat-kind">${escapeHtml(kind)}</span>`;
  return `<span class="xenlat-title">${escapeHtml(title)}</span> <span class="xenlat-kind-note">${escapeHtml(kind)}</span>`;
}

/**
 * A result whose requests were joined with a packet capture (`capture: {joined, stages: {wireWait,
 * captureToRead}, alignment, packets, file}`, `summary.stalls.afterCapture/onWire`) shows the two
 * capture stages under the summary: the founding case's question (had the response arrived when
 * the read came?) answered in the editor. A capture that could not be taken says why.
 */
export function captureStagesHtml(r: Record<string, unknown>): string {
  const c = obj(r.capture);
  if (!c) return '';
  if (typeof c.unavailable === 'string') return `<div class="xenlat-capture-stages">${escapeHtml(c.unavailable)}</div>`;
  const stages = obj(c.stages);
  if (num(c.joined) === undefined || !stages) return '';
  const stalls = obj(obj(r.summary)?.stalls) ?? {};
  const row = (label: string, st: Record<string, unknown> | undefined) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(formatMs(st?.p50Ms))}</td><td>${escapeHtml(formatMs(st?.p99Ms))}</td><td>${escapeHtml(formatMs(st?.maxMs))}</td></tr>`;
  const al = obj(c.alignment);
  const err = num(al?.errorMs);
  const facts = [
    t('{0} requests joined with {1} captured packets', formatCount(c.joined), formatCount(c.packets)),
    err === undefined ? '' : al?.consistent === false ? t('clocks aligned within ±{0} ms (inconsistently)', err.toFixed(3)) : t('clocks aligned within ±{0} ms', err.toFixed(3)),
    typeof c.file === 'string' ? t('file {0}', c.file) : '',
  ].filter(Boolean);
  return [
    `<table class="xenlat-capture-stages"><thead><tr><th>${escapeHtml(t('capture stage'))}</th><th>p50</th><th>p99</th><th>${escapeHtml(t('max'))}</th></tr></thead><tbody>`,
    row(t('wireWait: request left → response arrived'), obj(stages.wireWait)),
    row(t('captureToRead: response captured → read'), obj(stages.captureToRead)),
    '</tbody></table>',
    `<div class="xenlat-capture-note">${escapeHtml(t('Stalls mostly after the capture (the response had arrived; the read came late): {0}; mostly on the wire: {1}. {2}.', formatCount(stalls.afterCapture ?? 0), formatCount(stalls.onWire ?? 0), facts.join(t(', '))))}</div>`,
  ].join('');
}

/**
 * A result that ranks hypotheses (`ranking: [{rank, hypothesis, params, score, verdict, reasons}]`,
 * `indistinguishable: [{hypotheses, separatedBy}]`) gets its ranking table under the summary, so
 * the answer is visible in the editor, not only in the markdown item.
 */
export function rankingHtml(r: Record<string, unknown>): string {
  if (!Array.isArray(r.ranking) || r.ranking.length === 0) return '';
  const heads = [t('rank'), t('hypothesis'), t('fitted'), t('score'), t('verdict'), t('why')];
  const out: string[] = [`<table class="xenlat-ranking"><thead><tr>${heads.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`];
  for (const raw of r.ranking) {
    const e = obj(raw);
    if (!e) continue;
    const params = obj(e.params) ?? {};
    const fitted = Object.entries(params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ') || DASH;
    const score = num(e.score);
    const reasons = Array.isArray(e.reasons) ? e.reasons.filter((x) => typeof x === 'string') : [];
    const verdict = typeof e.verdict === 'string' ? e.verdict : DASH;
    out.push(
      `<tr class="xenlat-verdict-${escapeHtml(verdict)}"><td>${escapeHtml(num(e.rank) ?? DASH)}</td><td>${escapeHtml(e.hypothesis ?? DASH)}</td><td>${escapeHtml(fitted)}</td><td>${score === undefined ? DASH : escapeHtml(score.toFixed(3))}</td><td>${escapeHtml(verdict)}</td><td>${reasons.map((x) => escapeHtml(x)).join('<br>')}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  const groups = Array.isArray(r.indistinguishable) ? r.indistinguishable.map(obj).filter((g): g is Record<string, unknown> => !!g) : [];
  if (groups.length) {
    out.push(`<div class="xenlat-ties">${escapeHtml(t('Indistinguishable here (tied, not ranked on noise):'))}<ul>`);
    for (const g of groups) {
      const names = Array.isArray(g.hypotheses) ? g.hypotheses.map(String).join(' = ') : DASH;
      out.push(`<li>${escapeHtml(names)}: ${escapeHtml(g.separatedBy ?? '')}</li>`);
    }
    out.push('</ul></div>');
  }
  return out.join('');
}
