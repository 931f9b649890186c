import { msg } from '../../l10n';
import type { SpecSchema } from '../spec/schema';
import { sampleSourceFields, type SampleSourceSpec } from '../samples/source';

export { UNIT_TO_MS } from '../samples/source';

export const DATA_LANGUAGE = 'xenlat-data';

export const dataSchema: SpecSchema = {
  language: DATA_LANGUAGE,
  fields: {
    title: { type: 'string', description: msg('Title shown on the charts and in reports.') },
    ...sampleSourceFields,
    stallThresholdMs: {
      type: 'number',
      exclusiveMin: 0,
      unit: 'ms',
      default: 100,
      description: msg('Samples strictly above this latency count as stalls (and the threshold is drawn on the charts).'),
    },
  },
};

/** The spec after validation, with defaults applied. */
export interface DataSpec extends SampleSourceSpec {
  title?: string;
  stallThresholdMs: number;
}
