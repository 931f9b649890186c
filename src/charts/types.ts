// What a chart builder returns and a cell's outcome lists (the runner renders each to SVG too).

export interface ChartOutput {
  id: string;                // stable within the cell, e.g. 'cdf'
  title: string;
  /** Vega-Lite spec with inline data only (never data.url). */
  spec: Record<string, unknown>;
}
