import { t } from '../l10n';
import { CellError, type CellKind, type CellKindDefinition, type CheckedSpec, type Preflight, type SpecDiagnostic } from './types';

/**
 * A cell kind from its definition, with what every kind shares written once: the validate that
 * never throws, the run that refuses an invalid spec, and the default provenance and preflight.
 */
export function defineCellKind<C extends CheckedSpec>(def: CellKindDefinition<C>): CellKind<C> {
  const kind: CellKind<C> = {
    ...def,
    provenance: def.provenance ?? defaultProvenance,
    preflight: def.preflight ?? ((): Preflight => ({ hosts: [], secretNames: [] })),
    validate: (source) => {
      try {
        return def.check(source).diagnostics;
      } catch (e) {
        // validate must never throw on user input; a bug here should still surface somewhere.
        return [{ severity: 'error', message: `internal error while checking the spec: ${(e as Error).message}`, path: '', range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 } }];
      }
    },
    run: async (source, ctx) => {
      ctx.signal.throwIfAborted();
      const checked = def.check(source);
      if (!checked.ok) throw specError(def.language, checked.diagnostics);
      return def.runChecked(checked, ctx);
    },
  };
  return kind;
}

function defaultProvenance(checked: CheckedSpec): { spec: unknown; seed?: number } {
  const spec = checked.raw ?? null;
  const seed = (spec as { seed?: unknown } | null)?.seed;
  return { spec, ...(typeof seed === 'number' ? { seed } : {}) };
}

/** A CellError whose message lists every error with its 1-based line, as people read files. */
export function specError(language: string, diagnostics: SpecDiagnostic[]): CellError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lines = errors.map((d) => `  ${t('line {0}: {1}', d.range.startLine + 1, d.message)}`);
  const head = errors.length === 1 ? t('The {0} spec has a problem:', language) : t('The {0} spec has {1} problems:', language, errors.length);
  return new CellError(`${head}\n${lines.join('\n')}`, diagnostics);
}
