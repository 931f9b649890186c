// A model key of the Xen simulator (src/sim/xen/config.ts) as a spec field type, shared by every
// kind whose spec names model keys (sim keys and sweeps, explain fit ranges).
import type { ConfigKeyDoc } from '../../sim/xen/config';
import type { FieldType } from './schema';

export function configFieldType(d: ConfigKeyDoc): FieldType {
  const unit = unitText(d.unit);
  switch (d.type) {
    case 'integer':
      return { type: 'integer', min: d.min, max: d.max, ...(unit ? { unit } : {}) };
    case 'number':
      return { type: 'number', min: d.min, max: d.max, ...(unit ? { unit } : {}) };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', values: d.allowed ?? [] };
    case 'number[]':
    case 'integer[]':
      return { type: 'numberList', min: d.min, max: d.max, ...(unit ? { unit } : {}) };
  }
}

function unitText(unit: string): string | undefined {
  if (!unit || unit === 'index') return undefined;
  return unit;
}
