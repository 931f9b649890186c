// A stored result's samples, as the file holds them: decoded or still encoded (`samples`), or left
// out because running the cell again gives them back (`samplesOmitted: {count, why}`, docs/format.md).
// Read here once for the runner's re-runs and the exports alike.
import { decodeSamples, isEncodedSamples } from './samples-codec';

/** The result's samples as numbers, whether the notebook was parsed with decoding or not. */
export function resultSamples(result: Record<string, unknown>): Float64Array | undefined {
  const s = result.samples;
  if (s instanceof Float64Array) return s;
  if (isEncodedSamples(s)) return decodeSamples(s);
  return undefined;
}

/** How many samples the stored result left out, or undefined when it keeps them (or never had any). */
export function omittedSampleCount(stored: Record<string, unknown>): number | undefined {
  const omitted = stored.samplesOmitted as { count?: unknown } | undefined;
  return omitted && typeof omitted.count === 'number' ? omitted.count : undefined;
}
