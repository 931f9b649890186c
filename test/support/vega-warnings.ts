// Draws a chart spec the way the editor's renderer and the SVG fallback do (vega-lite compile,
// then a headless vega View) and collects every warning and error either library logs, so a
// chart test can require a spec that draws cleanly ("Dropping fit-y", "Infinite extent" ...).
export async function vegaWarnings(spec: Record<string, unknown>, width = 640): Promise<string[]> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const seen: string[] = [];
  const logger = {
    level(l?: number) {
      return l === undefined ? vega.Warn : logger;
    },
    error: (...a: unknown[]) => (seen.push(`error: ${a.map(String).join(' ')}`), logger),
    warn: (...a: unknown[]) => (seen.push(`warn: ${a.map(String).join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  // Compiled as the editor compiles it (with "container" sizes, which is where a discrete axis
  // and a fitted size clash); drawn with concrete sizes, since Node has no container to measure.
  vegaLite.compile(spec as never, { logger: logger as never });
  const concrete = JSON.parse(JSON.stringify(spec).replace(/"width":"container"/g, `"width":${width}`).replace(/"height":"container"/g, `"height":${Math.round(width * 0.4)}`));
  const compiled = vegaLite.compile(concrete as never, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    await view.runAsync();
    await view.toSVG();
  } finally {
    view.finalize();
  }
  return seen;
}
