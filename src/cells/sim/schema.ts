// The xenlat-sim spec schema: a few cell-level keys plus every key of the Xen model, generated
// from the model's CONFIG_DOCS so that validation, hover, completion and docs/sim.md cannot
// drift from what the model accepts.
import { CONFIG_DOCS, DEFAULT_CONFIG, type ConfigKeyDoc } from '../../sim/xen/config';
import { REPORTED_PERCENTILES } from '../../stats/percentiles';
import { configFieldType } from '../spec/config-field';
import { keyDocs, type FieldMap, type FieldSpec, type SpecSchema } from '../spec/schema';
import type { SpecKeyDoc } from '../types';
import { msg, t, tr } from '../../l10n';

export const SIM_LANGUAGE = 'xenlat-sim';

export interface PresetInfo {
  name: string;
  description: string;
}

/** Keys of the cell itself (not of the model). The order is the order of completion. */
export function cellFields(presets: readonly PresetInfo[]): FieldMap {
  return {
    title: { type: 'string', description: msg('Title shown on the charts and in reports.') },
    preset: {
      type: 'enum',
      values: presets.map((p) => p.name),
      description:
        t('A named starting configuration; every other key written in the spec overrides it. Without a preset the model defaults apply.') +
        '\n' +
        presets.map((p) => `• ${p.name}: ${tr(p.description)}`).join('\n'),
    },
    mode: {
      type: 'enum',
      values: ['latency', 'bulk'],
      default: 'latency',
      description:
        msg('latency: simulate requests one by one through the Xen path (the default). bulk: CPU-saturated throughput of MTU packets by configuration (native, driver domain, guest; page flipping vs grant copy), against Menon et al. (VEE\'05, USENIX ATC\'06); uses the netback and dom0 keys, ignores the request keys.'),
    },
    seed: {
      type: 'integer',
      min: 0,
      max: 2 ** 32 - 1,
      default: 1,
      description: msg('Seed of the random streams: the same spec and seed give the same result, bit for bit.'),
    },
    rate: {
      type: 'rate',
      min: 0.001,
      description: msg('Poisson arrival rate of requests, e.g. `500/s` or `2/ms` (same as `ratePerSec`, written with a unit).'),
    },
    sweepPercentile: {
      type: 'enum',
      values: REPORTED_PERCENTILES,
      default: '99.9',
      description: msg('Percentile plotted against the swept values in the sweep chart.'),
    },
    slowest: {
      type: 'integer',
      min: 1,
      max: 100,
      default: 20,
      description:
        msg('How many of the slowest requests the result lists, with every stage timestamp. The timeline shows the first 20 of them; the model keeps vCPU intervals only around the `trace.slowest` slowest stalls.'),
    },
    sweep: {
      type: 'object',
      fields: {},
      description:
        msg('Run every combination of one or two model keys, e.g. `neighbours.cpuBound: [0, 1, 2, 3]`. Keys are dotted paths (or nested mappings); values are lists. Each combination is a separate run with the same seed.'),
    },
  };
}

/** Sweepable model keys and the paths only the cell adds (none of them: `rate` is an alias). */
export function modelFields(docs: readonly ConfigKeyDoc[] = CONFIG_DOCS): FieldMap {
  const root: FieldMap = {};
  for (const d of docs) {
    const parts = d.path.split('.');
    let map = root;
    for (const part of parts.slice(0, -1)) {
      const existing = map[part];
      if (!existing) {
        const created: FieldSpec = { type: 'object', fields: {}, description: `${describeGroup(part)}` };
        map[part] = created;
        map = (created as { fields: FieldMap }).fields;
      } else if (existing.type === 'object') {
        map = existing.fields;
      } else {
        throw new Error(`CONFIG_DOCS: ${d.path} nests under the leaf ${part}`);
      }
    }
    map[parts.at(-1)!] = configField(d);
  }
  return root;
}

/**
 * A model key as a spec field. No `default` is set on purpose: the walker would fill absent
 * keys with it and so override the preset; the model's default is shown in hover instead.
 */
export function configField(d: ConfigKeyDoc): FieldSpec {
  return { ...configFieldType(d), description: d.description };
}

const GROUPS: Record<string, string> = {
  trace: msg('Which requests keep their vCPU intervals (for the timeline).'),
  scheduler: msg('The Xen scheduler of the cpupool shared by the guest and its neighbours.'),
  guest: msg('The guest VM running the application (the memcached client).'),
  dom0: msg('dom0: the driver domain running netback and the physical NIC driver.'),
  neighbours: msg('Other VMs sharing the guest’s pCPUs ("noisy neighbours").'),
  netback: msg('The netback backend in dom0 (RX copy or flip, TX shaper, queues).'),
  rings: msg('The shared TX/RX rings between netfront and netback.'),
  nic: msg('The physical NIC.'),
  wire: msg('Network between the host and the server.'),
  server: msg('The memcached server (or proxy).'),
  tcp: msg('TCP behaviour of the client connection.'),
  pool: msg('The client library’s connection pool.'),
  guestPause: msg('Pauses inside the guest (GC), independent of Xen.'),
  clock: msg('The clock the application logs latencies with.'),
};

function describeGroup(name: string): string {
  return GROUPS[name] ?? t('{0} settings.', name);
}

export function simSchema(presets: readonly PresetInfo[], docs: readonly ConfigKeyDoc[] = CONFIG_DOCS): SpecSchema {
  const cell = cellFields(presets);
  const model = modelFields(docs);
  for (const k of Object.keys(cell)) if (k in model) throw new Error(`xenlat-sim schema: cell key ${k} clashes with a model key`);
  return { language: SIM_LANGUAGE, fields: { ...cell, ...model } };
}

/** Text of a model default for hover and docs: `30`, `true`, `credit`, `[0]`. */
export function defaultText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Key docs for hover and completion: the schema's docs, with the model's defaults filled in
 * (see `configField` for why the schema has none), the unit spelled out, and `sweep.<key>`
 * entries so keys and enumerated values complete inside `sweep:` too.
 */
export function simKeyDocs(schema: SpecSchema, docs: readonly ConfigKeyDoc[] = CONFIG_DOCS): SpecKeyDoc[] {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const out = keyDocs(schema).map((doc) => {
    const d = byPath.get(doc.key);
    if (!d) return doc;
    return { ...doc, default: d.default === null && d.derivedFrom ? t('from {0}', tr(d.derivedFrom)) : defaultText(d.default) };
  });
  const rate = out.find((d) => d.key === 'rate');
  if (rate) rate.default = `${defaultText(DEFAULT_CONFIG.ratePerSec)}/s`;
  const sweepDocs: SpecKeyDoc[] = [];
  for (const doc of out) {
    if (doc.key === 'sweep' || doc.key.startsWith('sweep.') || !isSweepable(doc.key, byPath)) continue;
    const d = byPath.get(doc.key);
    sweepDocs.push({
      key: `sweep.${doc.key}`,
      type: d ? t('list of {0}', `(${doc.type})`) : doc.type,
      description: d ? t('Values of {0} to sweep: {1}', doc.key, doc.description) : doc.description,
      ...(doc.values ? { values: doc.values } : {}),
    });
  }
  // Each key links to where docs/sim.md documents it (the hover's "docs" link).
  const section = (key: string) =>
    key === 'sweep' || key.startsWith('sweep.') ? 'sweeps' : key === 'preset' ? 'presets' : key !== 'rate' && isSweepable(key, byPath) ? 'model-keys' : 'cell-keys';
  return [...out, ...sweepDocs].map((d) => ({ ...d, docs: `docs/sim.md#${section(d.key)}` }));
}

/** Model leaves (and their group objects, for nested completion) plus `rate`. */
function isSweepable(key: string, byPath: Map<string, ConfigKeyDoc>): boolean {
  if (key === 'rate') return true;
  if (byPath.has(key)) return true;
  for (const p of byPath.keys()) if (p.startsWith(`${key}.`)) return true;
  return false;
}
