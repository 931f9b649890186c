import type { SpecSchema } from '../spec/schema';

export const DATA_LANGUAGE = 'xenlat-data';

export const dataSchema: SpecSchema = {
  language: DATA_LANGUAGE,
  fields: {
    title: { type: 'string', description: 'Title shown on the charts and in reports.' },
    samples: {
      type: 'numberList',
      min: 0,
      minItems: 1,
      unit: 'in `unit`',
      description: 'Latency samples written inline, e.g. `[1.2, 0.9, 35]`. Use either `samples` or `file`.',
    },
    file: {
      type: 'string',
      nonEmpty: true,
      description:
        'Path of a CSV or text file with the samples, relative to the notebook. Use either `samples` or `file`.',
    },
    format: {
      type: 'enum',
      values: ['csv', 'lines'],
      description:
        'How to read `file`: `csv` (one column holds the values) or `lines` (one value per line, or picked out by `pattern`). Default: `csv` for `.csv` files, else `lines`.',
    },
    column: {
      type: 'oneOf',
      options: [
        { type: 'integer', min: 0 },
        { type: 'string', nonEmpty: true },
      ],
      description: 'CSV column holding the values: a header name or a 0-based index. Default: the first column.',
    },
    pattern: {
      type: 'regex',
      groups: 1,
      description:
        'Regular expression applied to each line of a `lines` file; its first capture group is the value. Lines that do not match are skipped (and counted).',
    },
    unit: {
      type: 'enum',
      values: ['us', 'ms', 's'],
      default: 'ms',
      description: 'Unit of the values in `samples` or `file`; results are always in ms.',
    },
    stallThresholdMs: {
      type: 'number',
      exclusiveMin: 0,
      unit: 'ms',
      default: 100,
      description: 'Samples strictly above this latency count as stalls (and the threshold is drawn on the charts).',
    },
  },
};

/** The spec after validation, with defaults applied. */
export interface DataSpec {
  title?: string;
  samples?: number[];
  file?: string;
  format?: 'csv' | 'lines';
  column?: number | string;
  pattern?: string;
  unit: 'us' | 'ms' | 's';
  stallThresholdMs: number;
}

export const UNIT_TO_MS: Record<DataSpec['unit'], number> = { us: 1e-3, ms: 1, s: 1000 };
