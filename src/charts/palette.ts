// One palette for every chart of every cell kind, so a stage keeps its colour wherever it is
// drawn (timeline, breakdown, editor, HTML report, SVG fallback), in light and dark themes.
//
// The colours are Paul Tol's "bright" and "vibrant" qualitative sets (https://personal.sron.nl/
// ~pault/), chosen for colour-blind readers and mid-lightness, so they stay visible on white and
// on a dark editor background. No palette keeps 9-11 categories apart for every colour-vision
// deficiency, so the assignment below puts strongly different colours on stages that sit next to
// each other on a request's path (what the timeline draws side by side); tooltips and legends
// name every stage as well. test/unit/charts-palette.test.ts checks both properties.

export const PALETTE = {
  grey: '#8C8C8C',
  purple: '#AA3377',
  blue: '#4477AA',
  darkBlue: '#0077BB',
  cyan: '#66CCEE',
  teal: '#009988',
  green: '#228833',
  yellow: '#CCBB44',
  orange: '#EE7733',
  red: '#EE6677',
  brick: '#CC3311',
  magenta: '#EE3377',
} as const;

/**
 * Stage name → colour. Names are unique across kinds where they mean the same thing; a waiting
 * stage (queue, pool-wait) is grey in every kind. A new kind adds its stages here.
 */
export const STAGE_COLOURS: Readonly<Record<string, string>> = {
  // xenlat-probe, in path order (src/probe/record.ts STAGES)
  queue: PALETTE.grey,
  dns: PALETTE.purple,
  connect: PALETTE.green,
  auth: PALETTE.yellow,
  write: PALETTE.blue,
  behind: PALETTE.cyan,
  firstByte: PALETTE.orange,
  transfer: PALETTE.teal,
  call: PALETTE.brick,
  // xenlat-sim, in path order (src/sim/xen/run-types.ts STAGES)
  'pool-wait': PALETTE.grey,
  'app-to-send': PALETTE.purple,
  'guest-tx': PALETTE.blue,
  'dom0-tx': PALETTE.orange,
  'wire-out': PALETTE.cyan,
  server: PALETTE.yellow,
  'wire-in': PALETTE.teal,
  'dom0-rx': PALETTE.brick,
  'netback-rx': PALETTE.darkBlue,
  'guest-capture': PALETTE.green,
  'capture-to-read': PALETTE.magenta,
};

/** A vCPU on a pCPU versus runnable but waiting: the same in the editor and the report. */
export const VCPU_STATE_COLOURS = { run: PALETTE.blue, wait: PALETTE.red } as const;

/** Failed requests (they have no latency: counted, never drawn on a latency axis). */
export const FAILURE_COLOUR = PALETTE.brick;

const FALLBACK = Object.values(PALETTE);

/**
 * A Vega-Lite colour scale for these stages: fixed domain (so a stage absent from one chart does
 * not shift the others' colours) and the palette's colour for each. Stages not in the table take
 * palette colours not used by the known ones in this domain, in order.
 */
export function stageColourScale(stages: readonly string[]): { domain: string[]; range: string[] } {
  const used = new Set(stages.map((s) => STAGE_COLOURS[s]).filter(Boolean));
  const spare = FALLBACK.filter((c) => !used.has(c));
  let next = 0;
  return { domain: [...stages], range: stages.map((s) => STAGE_COLOURS[s] ?? spare[next++ % Math.max(1, spare.length)] ?? PALETTE.grey) };
}
