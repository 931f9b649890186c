// One colour per stage across every chart of every kind: distinct within a kind, the same
// wherever a stage is drawn, visible on light and dark backgrounds, and neighbouring stages on
// a request's path kept apart for readers with red-green colour-vision deficiencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALETTE, STAGE_COLOURS, VCPU_STATE_COLOURS, stageColourScale } from '../../src/charts/palette';
import { STAGES as PROBE_STAGES } from '../../src/probe/record';
import { STAGES as SIM_STAGES } from '../../src/sim/xen/run-types';
import { STAGE_COLOR } from '../../src/cells/sim/stage-colors';
import { stallTimelineSpec } from '../../src/cells/probe/charts';
import { simTimelineSpec } from '../../src/cells/sim/timeline-chart';

const SIM_IDS = SIM_STAGES.map((s) => s.id);
const KINDS: Record<string, readonly string[]> = { probe: PROBE_STAGES, sim: SIM_IDS };

// sRGB → linear → (optionally a Viénot 1999 dichromat simulation) → CIELAB.
const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
const luminance = (h: string) => { const [r, g, b] = rgb(h); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a: string, b: string) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const DICHROMAT = {
  deuteranopia: [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]],
  protanopia: [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]],
};
function lab(h: string, m?: number[][]): number[] {
  let c = rgb(h);
  if (m) c = m.map((row) => Math.min(1, Math.max(0, row[0] * c[0] + row[1] * c[1] + row[2] * c[2])));
  const [r, g, b] = c;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const X = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), Y = f(0.2126 * r + 0.7152 * g + 0.0722 * b), Z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
}
const deltaE = (a: string, b: string, m?: number[][]) => { const p = lab(a, m), q = lab(b, m); return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]); };

test('every stage of every kind has its own colour within its kind', () => {
  for (const [kind, stages] of Object.entries(KINDS)) {
    for (const s of stages) assert.ok(STAGE_COLOURS[s], `${kind} stage ${s} has a colour`);
    const colours = stages.map((s) => STAGE_COLOURS[s]);
    assert.equal(new Set(colours).size, colours.length, `${kind}: no two stages share a colour (${colours.join(', ')})`);
  }
});

test('the charts take stage colours from the palette, with a fixed domain', () => {
  assert.deepEqual(STAGE_COLOR.scale, { domain: SIM_IDS, range: SIM_IDS.map((s) => STAGE_COLOURS[s]) });
  const probe = stallTimelineSpec([], 't') as Record<string, any>;
  assert.deepEqual(probe.layer[0].encoding.color.scale, { domain: [...PROBE_STAGES], range: PROBE_STAGES.map((s) => STAGE_COLOURS[s]) });
  // The vCPU states are explicit too: the report (no theme) and the editor draw the same colours.
  const request = { index: 1, latencyMs: 5, arriveUs: 0, cause: 'none', instantsMs: { arrive: 0, appRead: 5 } } as never;
  const sim = simTimelineSpec([request], [{ vcpu: 'guest0', state: 'wait', pcpu: 0, start: 0, end: 3000 }, { vcpu: 'guest0', state: 'run', pcpu: 0, start: 3000, end: 5000 }] as never) as Record<string, any>;
  assert.deepEqual(sim.vconcat[1].layer[0].encoding.color.scale.range, [VCPU_STATE_COLOURS.run, VCPU_STATE_COLOURS.wait]);
  // A kind with stages of its own gets distinct colours without editing the palette.
  const other = stageColourScale(['queue', 'decode', 'render']);
  assert.equal(other.range[0], STAGE_COLOURS.queue);
  assert.equal(new Set(other.range).size, 3);
});

test('every colour is visible on a light and on a dark editor background', () => {
  for (const c of Object.values(PALETTE)) {
    assert.ok(contrast(c, '#ffffff') >= 1.8, `${c} on white: ${contrast(c, '#ffffff').toFixed(2)}`);
    assert.ok(contrast(c, '#1e1e1e') >= 2.5, `${c} on dark: ${contrast(c, '#1e1e1e').toFixed(2)}`);
  }
});

test('neighbouring stages on the path stay apart under deuteranopia and protanopia', () => {
  for (const [kind, stages] of Object.entries(KINDS)) {
    for (let i = 1; i < stages.length; i++) {
      const [a, b] = [STAGE_COLOURS[stages[i - 1]], STAGE_COLOURS[stages[i]]];
      assert.ok(deltaE(a, b) >= 20, `${kind} ${stages[i - 1]}/${stages[i]}`);
      for (const [name, m] of Object.entries(DICHROMAT)) {
        const d = deltaE(a, b, m);
        assert.ok(d >= 10, `${kind} ${stages[i - 1]}/${stages[i]} under ${name}: ΔE ${d.toFixed(1)}`);
      }
    }
  }
});
